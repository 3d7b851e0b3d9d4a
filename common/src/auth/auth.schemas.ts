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
    /** A second step is owed before this session may do anything else (docs/security.md item 4): `verify` (a code
     * from the authenticator app or a recovery code) or `enrol` (set the app up first); null when none is owed. */
    mfa: z.enum(['verify', 'enrol']).nullable(),
  }),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX),
  newPassword: passwordSchema,
});

/** A one-time code from the authenticator app (6 digits) or a recovery code (`XXXXX-XXXXX`). */
export const mfaVerifySchema = z.strictObject({
  code: z.string().trim().min(6).max(24),
  /** Skip the second step on this device for the configured number of days. */
  remember: z.boolean().default(false),
});

export const mfaConfirmSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

/** What setting up the authenticator app needs: the secret as text, the otpauth:// address and its QR code (SVG). */
export const mfaEnrolmentSchema = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });
export type MfaEnrolment = z.infer<typeof mfaEnrolmentSchema>;

/** The caller after confirming the app, with the recovery codes shown this once. */
export const mfaConfirmedSchema = meSchema.extend({ recoveryCodes: z.array(z.string()) });
export type MfaConfirmed = z.infer<typeof mfaConfirmedSchema>;
