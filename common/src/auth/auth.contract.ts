import { defineContract, route } from '../contract.ts';
import { authSessionAddresses } from './auth.addresses.ts';
import {
  changePasswordSchema,
  loginSchema,
  meSchema,
  mfaConfirmSchema,
  mfaConfirmedSchema,
  mfaEnrolmentSchema,
  mfaVerifySchema,
} from './auth.schemas.ts';

/** Sign-in, sign-out, the caller, and the caller's own password. */
export const authContract = defineContract('auth', {
  login: route({
    ...authSessionAddresses.login,
    access: 'public',
    body: loginSchema,
    response: meSchema,
  }),
  logout: route({ ...authSessionAddresses.logout, access: 'authenticated' }),
  me: route({ ...authSessionAddresses.me, access: 'authenticated', response: meSchema }),
  changePassword: route({
    method: 'POST',
    path: '/api/me/password',
    access: 'authenticated',
    body: changePasswordSchema,
  }),
  /** The second step of a sign-in that owes one: a code or a recovery code. */
  mfaVerify: route({
    ...authSessionAddresses.mfaVerify,
    access: 'authenticated',
    body: mfaVerifySchema,
    response: meSchema,
  }),
  /** A new secret for the authenticator app (only while none is confirmed). */
  mfaEnrol: route({
    method: 'POST',
    path: '/api/auth/mfa/enrol',
    access: 'authenticated',
    response: mfaEnrolmentSchema,
  }),
  /** The first code from the app confirms it; answers the recovery codes, once. */
  mfaConfirm: route({
    method: 'POST',
    path: '/api/auth/mfa/confirm',
    access: 'authenticated',
    body: mfaConfirmSchema,
    response: mfaConfirmedSchema,
  }),
  /** Every device remembered for the caller's second step is forgotten. */
  mfaForgetDevices: route({ method: 'POST', path: '/api/me/mfa/forget-devices', access: 'authenticated' }),
});

/** The only routes a session whose password must be changed may call (besides public ones); others → 403
 * `password_expired`. */
export const PASSWORD_CHANGE_ROUTES = [
  authContract.routes.me,
  authContract.routes.changePassword,
  authContract.routes.logout,
];

/** The only routes a session that owes its second step may call; others → 403 `mfa_required`. */
export const MFA_PENDING_ROUTES = [
  authContract.routes.me,
  authContract.routes.logout,
  authContract.routes.mfaVerify,
  authContract.routes.mfaEnrol,
  authContract.routes.mfaConfirm,
];
