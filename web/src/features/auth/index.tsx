import { defineFeature, page } from '../../app/feature';
import { en, zh } from './i18n';
import { LoginPage } from './pages/LoginPage';

/**
 * Sign-in (loaded with the app: it is the first page, hand-made without antd, so its strings come with it too) and
 * the forced password change and setting up the authenticator app (both loaded with their routes).
 */
export const authFeature = defineFeature({
  name: 'auth',
  strings: { zh, en },
  publicRoutes: [
    { path: '/login', Component: LoginPage, handle: { bare: true } },
    {
      path: '/change-password',
      lazy: async () => ({ Component: (await import('../../app/guards')).RequireAuth }),
      children: [{ index: true, ...page(() => import('./pages/ChangePasswordPage')) }],
    },
    {
      // Setting up the authenticator app (docs/security.md item 4): loaded only when a session needs it.
      path: '/mfa/enrol',
      lazy: async () => ({ Component: (await import('../../app/guards')).RequireAuth }),
      children: [{ index: true, ...page(() => import('./pages/MfaEnrolPage')) }],
    },
  ],
});
