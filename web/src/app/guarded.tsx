import type { RouteObject } from 'react-router';
import type { Permission } from '@fivestar/common';

/** A section of pages under `path` that only roles holding `permission` may open (the guard loads with them). */
export function guarded(path: string, permission: Permission, children: RouteObject[]): RouteObject {
  return {
    path,
    lazy: async () => {
      const { RequirePermission } = await import('./guards');
      return { element: <RequirePermission permission={permission} /> };
    },
    children,
  };
}
