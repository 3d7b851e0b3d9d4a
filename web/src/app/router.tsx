import { createBrowserRouter, type RouteObject } from 'react-router';
import { LoginPage } from '../features/auth/pages/LoginPage';
import { HomePage } from '../features/home/pages/HomePage';
import { AppShell } from './AppShell';
import { RequireAuth, RequirePermission } from './guards';
import { FullPageSpin, NotFound, RouteError } from './results';

/** Feature pages are loaded on first visit so the sign-in page stays small. */
const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      { path: '/login', Component: LoginPage },
      {
        path: '/change-password',
        element: <RequireAuth />,
        children: [{ index: true, ...page(() => import('../features/auth/pages/ChangePasswordPage')) }],
      },
      { path: '/notice', ...page(() => import('../features/ratings/pages/PublicNoticePage')) },
      { path: '/notice/:id', ...page(() => import('../features/ratings/pages/PublicNoticePage')) },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        ),
        children: [
          {
            errorElement: <RouteError />,
            children: [
              { index: true, Component: HomePage },
              {
                path: 'ratings',
                element: <RequirePermission permission="rating:read" />,
                children: [
                  { index: true, ...page(() => import('../features/ratings/pages/DashboardPage')) },
                  {
                    path: 'applications',
                    ...page(() => import('../features/ratings/pages/ApplicationsPage')),
                  },
                  {
                    path: 'applications/:id',
                    ...page(() => import('../features/ratings/pages/ApplicationPage')),
                  },
                  { path: 'notices', ...page(() => import('../features/ratings/pages/NoticesPage')) },
                  { path: 'standards', ...page(() => import('../features/ratings/pages/StandardsPage')) },
                  { path: 'targets', ...page(() => import('../features/ratings/pages/TargetsPage')) },
                ],
              },
              {
                path: 'org',
                element: <RequirePermission permission="org:read" />,
                children: [
                  { index: true, ...page(() => import('../features/org/pages/OrgPage')) },
                  { path: 'branches/:id', ...page(() => import('../features/org/pages/BranchDetailPage')) },
                ],
              },
              {
                path: 'grid',
                element: <RequirePermission permission="grid:read" />,
                children: [{ index: true, ...page(() => import('../features/grid/pages/GridPage')) }],
              },
              {
                path: 'events',
                element: <RequirePermission permission="grid:read" />,
                children: [{ path: '*', ...page(() => import('../features/events/pages/EventsModule')) }],
              },
              {
                path: 'persons',
                element: <RequirePermission permission="person:read" />,
                children: [{ index: true, ...page(() => import('../features/persons/pages/PersonsPage')) }],
              },
              {
                path: 'users',
                element: <RequirePermission permission="user:read" />,
                children: [{ index: true, ...page(() => import('../features/users/pages/UsersPage')) }],
              },
              {
                path: 'audit',
                element: <RequirePermission permission="audit:read" />,
                children: [{ index: true, ...page(() => import('../features/audit/pages/AuditPage')) }],
              },
              { path: '*', Component: NotFound },
            ],
          },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
