import { z } from 'zod';
import { PASSWORD_MAX } from './password-policy.ts';
import { orgLevelSchema } from '../org/org.schemas.ts';
import { passwordSchema } from '../users/users.schemas.ts';

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
