import { defineFeature, page } from '../../app/feature';
import { RequireAuth } from '../../app/guards';
import { en, zh } from './i18n';
import { LoginPage } from './pages/LoginPage';

/** Sign-in (loaded with the app: it is the first page) and the forced password change. */
export const authFeature = defineFeature({
  name: 'auth',
  strings: { zh, en },
  publicRoutes: [
    { path: '/login', Component: LoginPage },
    {
      path: '/change-password',
      element: <RequireAuth />,
      children: [{ index: true, ...page(() => import('./pages/ChangePasswordPage')) }],
    },
  ],
});
