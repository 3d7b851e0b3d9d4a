import { RATINGS_ROUTE_ACCESS } from '../ratings/ratings.access.ts';
import { GRID_ROUTE_ACCESS } from '../grid/grid.access.ts';
import { JOBS_ROUTE_ACCESS } from '../jobs/jobs.access.ts';
import type { Permission } from './roles.ts';

/**
 * The declared permission table: every HTTP route of the API and who may call it.
 * - 'public': anyone, signed in or not
 * - 'authenticated': any signed-in user
 * - a Permission: a signed-in user whose role holds it (else 403)
 * The server refuses to start with a route that is not declared here, and the access tests walk this table for
 * every role. Data scope (which records) is applied separately, in one place on the server.
 */
export type Access = 'public' | 'authenticated' | Permission;

/** The foundation's routes. Each domain module declares its own table beside its schemas and is merged below. */
export const CORE_ROUTE_ACCESS = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'authenticated',
  'GET /api/me': 'authenticated',
  'POST /api/me/password': 'authenticated',
  'GET /api/roles': 'user:read',
  'GET /api/org/units': 'org:read',
  'GET /api/org/units/:id': 'org:read',
  'GET /api/org/units/:id/children': 'org:read',
  'PATCH /api/org/units/:id': 'org:write',
  'GET /api/org/branches': 'org:read',
  'GET /api/org/branches/:id': 'org:read',
  'GET /api/grid/stations': 'grid:read',
  'GET /api/grid/workers': 'grid:read',
  'GET /api/persons': 'person:read',
  'GET /api/persons/:id': 'person:read',
  'POST /api/persons': 'person:write',
  'POST /api/persons/:id/reveal': 'pii:view',
  'GET /api/users': 'user:read',
  'GET /api/users/:id': 'user:read',
  'POST /api/users': 'user:admin',
  'PATCH /api/users/:id': 'user:admin',
  'POST /api/users/:id/reset-password': 'user:admin',
  'GET /api/audit': 'audit:read',
} as const satisfies Record<string, Access>;

export const ROUTE_ACCESS = {
  ...CORE_ROUTE_ACCESS,
  // Domain modules add their tables here, one line each, e.g. ...RATINGS_ROUTE_ACCESS.
  ...RATINGS_ROUTE_ACCESS,
  ...GRID_ROUTE_ACCESS,
  ...JOBS_ROUTE_ACCESS,
} as const satisfies Record<string, Access>;

/** The only routes a session whose password must be changed may call (besides public ones); others → 403
 * `password_expired`. */
export const PASSWORD_CHANGE_ROUTES: readonly string[] = [
  'GET /api/me',
  'POST /api/me/password',
  'POST /api/auth/logout',
];

export type RouteKey = keyof typeof ROUTE_ACCESS;

export function routeAccess(key: string): Access | undefined {
  return (ROUTE_ACCESS as Record<string, Access>)[key];
}
