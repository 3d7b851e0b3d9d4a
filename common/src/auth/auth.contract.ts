import { defineContract, route } from '../contract.ts';
import { changePasswordSchema, loginSchema, meSchema } from './auth.schemas.ts';

/** Sign-in, sign-out, the caller, and the caller's own password. */
export const authContract = defineContract('auth', {
  login: route({
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    body: loginSchema,
    response: meSchema,
  }),
  logout: route({ method: 'POST', path: '/api/auth/logout', access: 'authenticated' }),
  me: route({ method: 'GET', path: '/api/me', access: 'authenticated', response: meSchema }),
  changePassword: route({
    method: 'POST',
    path: '/api/me/password',
    access: 'authenticated',
    body: changePasswordSchema,
  }),
});

/** The only routes a session whose password must be changed may call (besides public ones); others → 403
 * `password_expired`. */
export const PASSWORD_CHANGE_ROUTES = [
  authContract.routes.me,
  authContract.routes.changePassword,
  authContract.routes.logout,
];
