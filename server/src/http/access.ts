import { PASSWORD_CHANGE_ROUTES, routeAccess, type Access, type Permission } from '@fivestar/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import type { SessionStore } from '../modules/auth/sessions.ts';
import { sessionCookieName } from '../modules/auth/sessions.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes seen at start-up, for the access tests: every /api route must be declared in ROUTE_ACCESS. */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
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
 * - each /api route's access comes from the declared table (common/src/auth/route-access.ts); an undeclared
 *   route stops start-up;
 * - the session cookie is resolved into `request.user` (idle and absolute timeouts applied);
 * - a session whose password must be changed (expired, or reset by an administrator) reaches only
 *   PASSWORD_CHANGE_ROUTES; anything else is 403 `password_expired`;
 * - a write needs the session's CSRF token in `x-csrf-token` and, when an Origin is sent, our own origin.
 */
export function registerAccessControl(
  app: FastifyInstance,
  sessions: SessionStore,
  routes: RegisteredRoute[],
  secureCookie = false,
) {
  const cookieName = sessionCookieName(secureCookie);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionIdHash', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionExpired', false);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      const access = routeAccess(`${method} ${route.url}`);
      if (!access) throw new Error(`Route ${method} ${route.url} is not declared in ROUTE_ACCESS`);
      route.config = { ...(route.config ?? {}), access };
      routes.push({ method, url: route.url, access });
    }
  });

  app.addHook('onRequest', async (request) => {
    const cookie = request.cookies[cookieName];
    if (cookie) {
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
    if (
      request.user.mustChangePassword &&
      !PASSWORD_CHANGE_ROUTES.includes(`${request.method} ${request.routeOptions.url}`)
    ) {
      throw new AppError('password_expired');
    }
    if (access !== 'authenticated' && !request.user.permissions.includes(access as Permission)) {
      throw new AppError('forbidden');
    }
  });
}
