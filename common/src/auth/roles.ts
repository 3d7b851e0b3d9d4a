/**
 * Permissions and the built-in roles of domain.md §6.8. Roles are data: they are seeded into the `roles` table from
 * this list and read from the table at run time, so a deployment can add roles without code.
 */
export const PERMISSIONS = [
  'org:read',
  'org:write',
  'person:read',
  'person:write',
  'pii:view',
  'grid:read',
  'grid:report',
  'grid:handle',
  'grid:dispatch',
  'grid:admin',
  'user:read',
  'user:admin',
  'audit:read',
  'rating:read',
  'rating:assess',
  'rating:review',
  'rating:manage',
  'rating:rate',
  'standard:edit',
  'calendar:edit',
  'supervision:read',
  'supervision:work',
  'supervision:check',
  'supervision:inspect',
  'supervision:manage',
  'star:revoke',
  'links:read',
  'links:write',
  'links:visit',
  'notify:admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_CODES = [
  'county_admin',
  'township_admin',
  'grid_centre',
  'district_leader',
  'star_team',
  'village_secretary',
  'grid_worker',
  'judge',
  'auditor',
] as const;
export type RoleCode = (typeof ROLE_CODES)[number];

export interface RoleDefinition {
  code: RoleCode;
  nameZh: string;
  nameEn: string;
  permissions: Permission[];
}

export const BUILTIN_ROLES: RoleDefinition[] = [
  {
    code: 'county_admin',
    nameZh: '县委组织部',
    nameEn: 'County organisation department',
    permissions: [
      'supervision:read',
      'supervision:manage',
      'supervision:check',
      'star:revoke',
      'links:read',
      'notify:admin',
      'rating:read',
      'rating:rate',
      'standard:edit',
      'org:read',
      'org:write',
      'person:read',
      'grid:read',
      'user:read',
      'user:admin',
      'audit:read',
    ],
  },
  {
    code: 'township_admin',
    nameZh: '乡镇党委/组织办',
    nameEn: 'Township party office',
    // rating:assess too: the township office may enter a village's self-assessment on its behalf (audited), and
    // an admin can only grant roles whose permissions it holds (it creates village secretaries).
    permissions: [
      'supervision:read',
      'supervision:work',
      'supervision:manage',
      'supervision:check',
      'supervision:inspect',
      'links:read',
      'links:write',
      'links:visit',
      'notify:admin',
      'rating:read',
      'rating:assess',
      'rating:review',
      'rating:manage',
      'org:read',
      'org:write',
      'person:read',
      'person:write',
      'grid:read',
      'grid:report',
      'grid:handle',
      'grid:admin',
      'calendar:edit',
      'user:read',
      'user:admin',
      'audit:read',
    ],
  },
  {
    code: 'grid_centre',
    nameZh: '网格化管理中心',
    nameEn: 'Grid & mediation centre',
    permissions: [
      'supervision:read',
      'rating:read',
      'org:read',
      'person:read',
      'person:write',
      'pii:view',
      'grid:read',
      'grid:report',
      'grid:handle',
      'grid:dispatch',
      'grid:admin',
      'calendar:edit',
    ],
  },
  {
    code: 'district_leader',
    nameZh: '管区负责人',
    nameEn: 'Management-district leader',
    permissions: [
      'supervision:read',
      'supervision:check',
      'supervision:inspect',
      'links:read',
      'links:visit',
      'rating:read',
      'org:read',
      'person:read',
      'grid:read',
    ],
  },
  {
    code: 'star_team',
    nameZh: '创星专班成员',
    nameEn: 'Township star-team member',
    permissions: [
      'supervision:read',
      'supervision:check',
      'supervision:inspect',
      'links:read',
      'links:visit',
      'rating:read',
      'rating:review',
      'org:read',
      'person:read',
      'grid:read',
    ],
  },
  {
    code: 'village_secretary',
    nameZh: '村党支部书记',
    nameEn: 'Village branch secretary',
    // user:read: the secretary sees the accounts of their own village (its grid workers), read-only.
    permissions: [
      'supervision:read',
      'supervision:work',
      'links:read',
      'links:write',
      'links:visit',
      'rating:read',
      'rating:assess',
      'org:read',
      'person:read',
      'person:write',
      'grid:read',
      'grid:report',
      'grid:handle',
      'user:read',
    ],
  },
  {
    code: 'grid_worker',
    nameZh: '网格员',
    nameEn: 'Grid worker',
    permissions: [
      'links:read',
      'links:visit',
      'org:read',
      'person:read',
      'person:write',
      'grid:read',
      'grid:report',
      'grid:handle',
    ],
  },
  { code: 'judge', nameZh: '观摩评委', nameEn: 'Inspection judge', permissions: ['org:read'] },
  {
    code: 'auditor',
    nameZh: '审计员',
    nameEn: 'Auditor',
    permissions: ['supervision:read', 'links:read', 'rating:read', 'org:read', 'user:read', 'audit:read'],
  },
];

export function hasPermission(permissions: readonly string[], needed: Permission): boolean {
  return permissions.includes(needed);
}
