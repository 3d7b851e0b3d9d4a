import type { RouteObject } from 'react-router';
import type { Permission } from '@fivestar/common';
import { RequirePermission } from './guards';

/** A section of pages under `path` that only roles holding `permission` may open. */
export function guarded(path: string, permission: Permission, children: RouteObject[]): RouteObject {
  return { path, element: <RequirePermission permission={permission} />, children };
}
