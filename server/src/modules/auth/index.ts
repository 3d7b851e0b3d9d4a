import { defineModule } from '../../kernel/module.ts';
import { createRateLimiter } from '../../http/rate-limit.ts';
import { AUTH_MESSAGES } from './auth.messages.ts';
import { authRoutes } from './auth.routes.ts';
import { createAuthService } from './auth.service.ts';
import { authMfa } from './migrations/auth-0001-mfa.ts';
import { createMfaService } from './mfa.service.ts';
import { createSessionStore, sessionCookieName } from './sessions.ts';
import './auth.tables.ts';

export { sessionCookieName, loadCurrentUser, type SessionStore } from './sessions.ts';
export type { MfaService } from './mfa.service.ts';
export { assertPasswordPolicy } from './auth.service.ts';

/**
 * Sign-in (password, then a one-time code for the roles the settings list), sessions (in the database: idle 30 min, absolute 12 h), lockout, the caller's own password. Hands its
 * session store to the access control, which resolves every request's cookie through it.
 */
export const authModule = defineModule({
  name: 'auth',
  migrations: [authMfa],
  messages: AUTH_MESSAGES,
  register: ({ app, db, clock, audit, hashCost, settings, access, keys }) => {
    const sessions = createSessionStore({
      db,
      clock,
      passwordMaxAgeMs: settings.passwordMaxAgeDays * 86_400_000,
    });
    access.useSessions({
      cookieName: sessionCookieName(settings.secureCookie),
      resolve: (cookie) => sessions.resolve(cookie),
    });
    const mfa = createMfaService({
      db,
      clock,
      audit,
      keys,
      sessions,
      roles: settings.totpRoles,
      rememberDays: settings.totpRememberDays,
    });
    const auth = createAuthService({ db, clock, audit, sessions, hashCost, mfa });
    const loginLimiter = createRateLimiter({ clock, limit: settings.loginRateLimit, windowMs: 60_000 });
    authRoutes(app, { auth, mfa, loginLimiter, secureCookie: settings.secureCookie });
    return { auth, sessions, mfa };
  },
});
