import { z } from 'zod';
import { PASSWORD_MAX } from '../auth/password-policy.ts';
import { PERMISSIONS, ROLE_CODES } from '../auth/roles.ts';
import { orgLevelSchema } from '../org/org.schemas.ts';

export const USER_STATUSES = ['active', 'disabled'] as const;

export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/, { message: 'err.username.format' });

export const passwordSchema = z.string().max(PASSWORD_MAX);

export const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  roleName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  unitLevel: orgLevelSchema,
  status: z.enum(USER_STATUSES),
  locked: z.boolean(),
  lastLoginAt: z.number().nullable(),
  createdAt: z.number(),
});
export type User = z.infer<typeof userSchema>;

export const userCreateSchema = z.strictObject({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(40),
  role: z.enum(ROLE_CODES),
  unitId: z.number().int().positive(),
  password: passwordSchema,
});
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userPatchSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(40).optional(),
  role: z.enum(ROLE_CODES).optional(),
  unitId: z.number().int().positive().optional(),
  status: z.enum(USER_STATUSES).optional(),
});
export type UserPatch = z.infer<typeof userPatchSchema>;

export const resetPasswordSchema = z.strictObject({ password: passwordSchema });

export const userListQuerySchema = z.object({
  q: z.string().trim().max(40).optional(),
  role: z.enum(ROLE_CODES).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  status: z.enum(USER_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const roleSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type Role = z.infer<typeof roleSchema>;

export const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(PASSWORD_MAX),
});

export const meSchema = z.object({
  user: z.object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    role: z.string(),
    roleName: z.string(),
    roleNameEn: z.string(),
    permissions: z.array(z.string()),
    unit: z.object({ id: z.number(), name: z.string(), level: orgLevelSchema, path: z.string() }),
    /** The password is older than the maximum age or was reset by an administrator: until it is changed, the
     * session may only read /api/me, change the password and sign out (403 `password_expired` elsewhere). */
    mustChangePassword: z.boolean(),
  }),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX),
  newPassword: passwordSchema,
});

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  oldValue: z.unknown().nullable(),
  newValue: z.unknown().nullable(),
  ip: z.string().nullable(),
  result: z.string(),
});
export const auditListQuerySchema = z.object({
  action: z.string().trim().max(60).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
