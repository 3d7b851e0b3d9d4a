import { defineFeature, page } from '../../app/feature';
import { en, zh } from './i18n';
import { LoginPage } from './pages/LoginPage';

/**
 * Sign-in (loaded with the app: it is the first page, hand-made without antd, so its strings come with it too) and
 * the forced password change.
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
  ],
});
