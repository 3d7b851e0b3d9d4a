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
  /**
   * The feature's dictionaries. Preferably a loader (`() => import('./i18n')`): the strings then travel with the
   * feature's pages (the signed-in shell loads every feature's before it renders the menu; a public page loads its
   * own feature's first), not in the entry every visitor downloads. An object is loaded with the app.
   */
  strings: FeatureStringsSource<S>;
  /** Menu entries, in order. */
  nav?: readonly NavEntry[];
  /** Pages inside the signed-in shell (paths relative to `/`). */
  routes?: readonly RouteObject[];
  /**
   * Pages outside the shell: sign-in, the public notice, the grid worker's phone report form (signed in, but it
   * checks the session itself). They render inside antd's theme provider, loaded with them; a route with
   * `handle: { bare: true }` renders without it (the sign-in page, the public notices and the report form,
   * hand-made so the first visit stays small). `handle: { strings: ['<feature>'] }` loads another feature's
   * dictionaries with the page (a public page that shows that feature's component).
   */
  publicRoutes?: readonly RouteObject[];
}

export type FeatureStringsSource<S extends object = object> =
  { zh: S; en: unknown } | (() => Promise<{ zh: S; en: unknown }>);

export const defineFeature = <const N extends string, S extends object>(feature: Feature<N, S>) => feature;

/** A page loaded on first visit, so the sign-in page and the phone pages stay small. */
export const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});
