import { changePasswordSchema, loginSchema, meSchema, type Me } from '@fivestar/common';
import type { FastifyReply } from 'fastify';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError } from '../../http/errors.ts';
import { actor, type ZApp } from '../../http/route.ts';
import type { createRateLimiter } from '../../http/rate-limit.ts';
import type { AuthService } from './auth.service.ts';
import { sessionCookieName } from './sessions.ts';

function meBody(user: CurrentUser, csrfToken: string): Me {
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      roleName: user.roleName,
      roleNameEn: user.roleNameEn,
      permissions: user.permissions,
      unit: { id: user.unitId, name: user.unitName, level: user.unitLevel, path: user.unitPath },
      mustChangePassword: user.mustChangePassword,
    },
    csrfToken,
  };
}

export function authRoutes(
  app: ZApp,
  deps: { auth: AuthService; loginLimiter: ReturnType<typeof createRateLimiter>; secureCookie: boolean },
) {
  const cookieName = sessionCookieName(deps.secureCookie);
  const setCookie = (reply: FastifyReply, value: string, maxAge?: number) =>
    reply.setCookie(cookieName, value, {
      path: '/', // and no Domain: both required by the __Host- prefix
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookie,
      ...(maxAge !== undefined ? { maxAge } : {}),
    });

  app.post(
    '/api/auth/login',
    { schema: { tags: ['auth'], body: loginSchema, response: { 200: meSchema } } },
    async (request, reply) => {
      if (!deps.loginLimiter.hit(request.ip)) throw new AppError('rate_limited');
      const { session, user } = await deps.auth.login(
        request.body.username,
        request.body.password,
        request.ip,
      );
      // A new random session id at every sign-in; a session the browser still carried is ended (no fixation).
      if (request.sessionIdHash) await deps.auth.endSession(request.sessionIdHash);
      setCookie(reply, session.id);
      return meBody(user, session.csrfToken);
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    const user = actor(request);
    await deps.auth.logout(user.id, user.username, request.sessionIdHash!, request.ip);
    setCookie(reply, '', 0);
    return reply.status(204).send();
  });

  app.get('/api/me', { schema: { tags: ['auth'], response: { 200: meSchema } } }, async (request) =>
    meBody(actor(request), request.csrfToken!),
  );

  app.post(
    '/api/me/password',
    { schema: { tags: ['auth'], body: changePasswordSchema } },
    async (request, reply) => {
      const user = actor(request);
      await deps.auth.changePassword(
        user,
        request.body.currentPassword,
        request.body.newPassword,
        request.sessionIdHash!,
        request.ip,
      );
      return reply.status(204).send();
    },
  );
}
