import type { Access, OrgLevel, Permission } from '@fivestar/common';

/** The signed-in caller, as every service sees it. `unitPath` is the root of everything they may see. */
export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  role: string;
  roleName: string;
  roleNameEn: string;
  permissions: Permission[];
  unitId: number;
  unitName: string;
  unitLevel: OrgLevel;
  unitPath: string;
  /** The password is expired or was reset by an administrator: only PASSWORD_CHANGE_ROUTES answer. */
  mustChangePassword: boolean;
  /** The session owes its second step (docs/security.md item 4): only MFA_PENDING_ROUTES answer. */
  mfaPending?: 'verify' | 'enrol' | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
    sessionIdHash: string | null;
    csrfToken: string | null;
    sessionExpired: boolean;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}
