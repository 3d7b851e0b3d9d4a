import { createBrowserRouter, type RouteObject } from 'react-router';
import { FEATURES } from '../features';
import { AppShell } from './AppShell';
import { RequireAuth } from './guards';
import { FullPageSpin, NotFound, RouteError } from './results';

/** Every feature's pages: the public ones on their own, the rest inside the signed-in shell. */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      ...FEATURES.flatMap((f) => f.publicRoutes ?? []),
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
            children: [...FEATURES.flatMap((f) => f.routes ?? []), { path: '*', Component: NotFound }],
          },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
