import { routeKey, type Access, type Permission, type RouteSpec } from '@fivestar/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CurrentUser } from './current-user.ts';
import { AppError } from './errors.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes seen at start-up, for the access tests: every /api route must be declared in a contract. */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
}

/** What a session cookie resolves to (the auth module's session store provides it). */
export type ResolvedSession =
  | { kind: 'ok'; user: CurrentUser; idHash: string; csrfToken: string }
  | { kind: 'expired' }
  | { kind: 'none' };

export interface SessionResolver {
  cookieName: string;
  resolve(cookie: string): Promise<ResolvedSession>;
}

export interface AccessControl {
  /** Every /api route mounted so far, with its declared access. */
  routes: RegisteredRoute[];
  /** The auth module hands over its session store when it registers. */
  useSessions(resolver: SessionResolver): void;
}

function originAllowed(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * Authentication, permission and CSRF checks, in one place for every route:
 * - each /api route carries the access its contract declares (http/serve.ts puts it in `config.access`); a route
 *   without one stops start-up;
 * - the session cookie is resolved into `request.user` (idle and absolute timeouts applied);
 * - a session whose password must be changed (expired, or reset by an administrator) reaches only the routes given
 *   as `passwordChangeRoutes`; anything else is 403 `password_expired`;
 * - a session that owes its second sign-in step reaches only `mfaPendingRoutes` (403 `mfa_required`);
 * - a write needs the session's CSRF token in `x-csrf-token` and, when an Origin is sent, our own origin.
 */
export function registerAccessControl(
  app: FastifyInstance,
  options: {
    passwordChangeRoutes: readonly Pick<RouteSpec, 'method' | 'path'>[];
    mfaPendingRoutes?: readonly Pick<RouteSpec, 'method' | 'path'>[];
  },
): AccessControl {
  const routes: RegisteredRoute[] = [];
  const passwordChange = new Set(options.passwordChangeRoutes.map(routeKey));
  const mfaPending = new Set((options.mfaPendingRoutes ?? []).map(routeKey));
  let sessions: SessionResolver | null = null;

  app.decorateRequest('user', null);
  app.decorateRequest('sessionIdHash', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionExpired', false);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      // Only serve() mounts /api routes, with the access its contract declares.
      const access = route.config?.access;
      if (!access) throw new Error(`Route ${method} ${route.url} is not declared in a route contract`);
      routes.push({ method, url: route.url, access });
    }
  });

  app.addHook('onReady', async () => {
    if (!sessions) throw new Error('no session store: the auth module must be registered');
  });

  app.addHook('onRequest', async (request) => {
    const cookie = sessions ? request.cookies[sessions.cookieName] : undefined;
    if (cookie && sessions) {
      const resolved = await sessions.resolve(cookie);
      if (resolved.kind === 'ok') {
        request.user = resolved.user;
        request.sessionIdHash = resolved.idHash;
        request.csrfToken = resolved.csrfToken;
      } else if (resolved.kind === 'expired') {
        request.sessionExpired = true;
      }
    }

    const access = request.routeOptions.config.access;
    if (!access) return; // static files and the SPA
    if (UNSAFE.has(request.method) && !originAllowed(request)) throw new AppError('csrf_failed');
    if (access === 'public') return;
    if (!request.user) {
      throw new AppError('unauthenticated', request.sessionExpired ? 'session_expired' : 'unauthenticated');
    }
    if (UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== request.csrfToken) {
      throw new AppError('csrf_failed');
    }
    const key = `${request.method} ${request.routeOptions.url}`;
    if (request.user.mfaPending && !mfaPending.has(key)) throw new AppError('mfa_required');
    if (request.user.mustChangePassword && !passwordChange.has(key)) {
      throw new AppError('password_expired');
    }
    if (access !== 'authenticated' && !request.user.permissions.includes(access as Permission)) {
      throw new AppError('forbidden');
    }
  });

  return {
    routes,
    useSessions(resolver) {
      sessions = resolver;
    },
  };
}
