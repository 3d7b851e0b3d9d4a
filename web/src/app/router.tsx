import { createBrowserRouter, type RouteObject } from 'react-router';
import { FEATURES } from '../features';
import { loadAllFeatureStrings, loadFeatureStrings } from '../i18n';
import { BareRouteError, BareSpin } from './bare';
import type { Feature } from './feature';

const isBare = (route: RouteObject) => (route.handle as { bare?: boolean } | undefined)?.bare === true;

/**
 * The route with its feature's dictionaries loaded alongside every lazy page below it, and those of the features its
 * `handle.strings` names (a public page that shows another module's component).
 */
function withStrings(route: RouteObject, feature: Feature): RouteObject {
  const { lazy, children } = route;
  const wrapped = { ...route } as RouteObject;
  const also = (route.handle as { strings?: string[] } | undefined)?.strings ?? [];
  const features = [feature, ...FEATURES.filter((f) => also.includes(f.name))];
  if (typeof lazy === 'function') {
    wrapped.lazy = async () =>
      (await Promise.all([lazy(), ...features.map((f) => loadFeatureStrings(f))]))[0];
  }
  if (children) wrapped.children = children.map((c) => withStrings(c, feature));
  return wrapped;
}

const publicRoutes = (bare: boolean) =>
  FEATURES.flatMap((f: Feature) =>
    (f.publicRoutes ?? []).filter((r) => isBare(r) === bare).map((r) => withStrings(r, f)),
  );

/**
 * Every feature's pages. The entry holds only this table, the sign-in page and the shell's strings; everything
 * else loads with the route that needs it: antd's theme (Frame) with the first page that draws antd, the
 * signed-in shell with every feature's dictionaries (the menu names every module), each page with its chunk.
 */
export const routes: RouteObject[] = [
  {
    errorElement: <BareRouteError />,
    hydrateFallbackElement: <BareSpin />,
    children: [
      ...publicRoutes(true),
      {
        lazy: async () => ({ Component: (await import('./Frame')).Frame }),
        children: [
          ...publicRoutes(false),
          {
            path: '/',
            lazy: async () => {
              const [shell] = await Promise.all([import('./SignedIn'), loadAllFeatureStrings()]);
              return { Component: shell.SignedIn };
            },
            children: [
              {
                lazy: async () => ({ ErrorBoundary: (await import('./results')).RouteError }),
                children: [
                  ...FEATURES.flatMap((f) => f.routes ?? []),
                  { path: '*', lazy: async () => ({ Component: (await import('./results')).NotFound }) },
                ],
              },
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
