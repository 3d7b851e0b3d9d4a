import { authContract, type Me } from '@fivestar/common';
import type { FastifyReply } from 'fastify';
import type { CurrentUser } from '../../http/current-user.ts';
import type { RateLimiter } from '../../http/rate-limit.ts';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import type { AuthService } from './auth.service.ts';
import type { MfaService } from './mfa.service.ts';
import { deviceCookieName, sessionCookieName } from './sessions.ts';

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
      mfa: user.mfaPending ?? null,
    },
    csrfToken,
  };
}

export function authRoutes(
  app: ZApp,
  deps: { auth: AuthService; mfa: MfaService; loginLimiter: RateLimiter; secureCookie: boolean },
) {
  const cookieName = sessionCookieName(deps.secureCookie);
  const deviceCookie = deviceCookieName(deps.secureCookie);
  const setCookie = (reply: FastifyReply, value: string, maxAge?: number, name = cookieName) =>
    reply.setCookie(name, value, {
      path: '/', // and no Domain: both required by the __Host- prefix
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookie,
      ...(maxAge !== undefined ? { maxAge } : {}),
    });

  serve(app, authContract, {
    login: async ({ body, ip, request, reply }) => {
      deps.loginLimiter.take(ip);
      const { session, user } = await deps.auth.login(
        body.username,
        body.password,
        ip,
        request.cookies[deviceCookie],
      );
      // A new random session id at every sign-in; a session the browser still carried is ended (no fixation).
      if (request.sessionIdHash) await deps.auth.endSession(request.sessionIdHash);
      setCookie(reply, session.id);
      return meBody(user, session.csrfToken);
    },
    logout: async ({ user, ip, request, reply }) => {
      await deps.auth.logout(user.id, user.username, request.sessionIdHash!, ip);
      setCookie(reply, '', 0);
    },
    me: ({ user, request }) => meBody(user, request.csrfToken!),
    changePassword: ({ user, body, ip, request }) =>
      deps.auth.changePassword(user, body.currentPassword, body.newPassword, request.sessionIdHash!, ip),
    mfaVerify: async ({ user, body, ip, request, reply }) => {
      const done = await deps.mfa.verify(user, request.sessionIdHash!, body.code, body.remember, ip);
      setCookie(reply, done.session.id);
      if (done.device) setCookie(reply, done.device, Math.floor(deps.mfa.rememberMs / 1000), deviceCookie);
      return meBody(done.user, done.session.csrfToken);
    },
    mfaEnrol: ({ user, ip }) => deps.mfa.enrol(user, ip),
    mfaConfirm: async ({ user, body, ip, request, reply }) => {
      const done = await deps.mfa.confirm(user, request.sessionIdHash!, body.code, ip);
      if (done.session) setCookie(reply, done.session.id);
      return {
        ...meBody(done.user, done.session?.csrfToken ?? request.csrfToken!),
        recoveryCodes: done.recoveryCodes,
      };
    },
    mfaForgetDevices: async ({ user, ip, reply }) => {
      await deps.mfa.forgetDevices(user, ip);
      setCookie(reply, '', 0, deviceCookie);
    },
  });
}
