import { z } from 'zod';
import { pageQuery } from '../http/paging.ts';
import { PASSWORD_MAX } from '../auth/password-policy.ts';
import { PERMISSIONS, ROLE_CODES } from '../auth/roles.ts';
import { orgLevelSchema } from '../org/org.schemas.ts';

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

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
  /** The account has set up an authenticator app (its second factor can be reset). */
  hasAuthenticator: z.boolean(),
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
  ...pageQuery(),
});

export const roleSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type Role = z.infer<typeof roleSchema>;
