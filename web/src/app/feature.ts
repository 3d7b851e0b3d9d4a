import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Permission } from '@fivestar/common';

/** One entry of the main menu (and a tile on the home page). */
export interface NavEntry {
  /** Stable id: the menu item's and the home tile's test id (`menu-<key>`, `quick-<key>`). */
  key: string;
  path: string;
  icon: ReactNode;
  /** Shown only to roles holding this permission; undefined = every signed-in user. */
  permission?: Permission;
  /** i18n keys of the label and of the home tile's one-line description. */
  label: string;
  desc?: string;
}

/**
 * A web feature: one folder under `web/src/features/<name>/` whose `index.tsx` exports this manifest. The list in
 * `features/index.ts` builds the router, the menu, the home tiles and the dictionaries; a feature's strings live
 * under its own name (`t('<name>.…')`).
 */
export interface Feature<N extends string = string, S extends object = object> {
  name: N;
  strings: { zh: S; en: unknown };
  /** Menu entries, in order. */
  nav?: readonly NavEntry[];
  /** Pages inside the signed-in shell (paths relative to `/`). */
  routes?: readonly RouteObject[];
  /** Pages outside the shell: sign-in, the public notice. */
  publicRoutes?: readonly RouteObject[];
}

export const defineFeature = <const N extends string, S extends object>(feature: Feature<N, S>) => feature;

/** A page loaded on first visit, so the sign-in page and the phone pages stay small. */
export const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});
