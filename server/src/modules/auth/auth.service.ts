import { passwordProblem } from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { hashPassword, verifyPassword, type HashCost } from '../../security/crypto.ts';
import type { AuditService } from '../audit/index.ts';
import type { MfaService } from './mfa.service.ts';
import { loadCurrentUser, type SessionStore } from './sessions.ts';
import { countFailure, LOCK_MS, MAX_FAILED_LOGINS } from './lockout.ts';

/** Throws the policy error (400, field `path`) when a new password breaks the policy. */
export function assertPasswordPolicy(password: string, path = 'password', username?: string) {
  const problem = passwordProblem(password, username ? { username } : {});
  if (problem)
    throw new AppError('password_policy', `password.${problem}`, [{ path, message: `password.${problem}` }]);
}

export function createAuthService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  sessions: SessionStore;
  hashCost: HashCost;
  mfa: MfaService;
}) {
  const { db, clock, audit, sessions } = deps;
  // Verifying against this keeps an unknown username as slow as a wrong password.
  const dummyHash = hashPassword('not-a-real-password-0', deps.hashCost);
  /**
   * Failures per unknown username, counted like a real account's: after MAX_FAILED_LOGINS the name answers 423 for
   * LOCK_MS, exactly as a locked account does, so the answers do not tell which usernames exist.
   */
  const unknownFailures = new Map<string, { failed: number; lockedUntil: number | null }>();

  return {
    /** The password step; the session it opens may still owe the second step (`user.mfaPending`). */
    async login(username: string, password: string, ip: string | null, deviceToken?: string) {
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      const now = clock.now();
      if (!user) {
        await verifyPassword(password, await dummyHash);
        const key = username.toLowerCase();
        const seen = unknownFailures.get(key) ?? { failed: 0, lockedUntil: null };
        if (seen.lockedUntil !== null && seen.lockedUntil > now) {
          await audit.record(db, { actorName: username, action: 'auth.login', ip, result: 'locked' });
          throw new AppError('account_locked');
        }
        const failed = seen.failed + 1;
        if (unknownFailures.size > 10_000) unknownFailures.clear();
        unknownFailures.set(
          key,
          failed >= MAX_FAILED_LOGINS
            ? { failed: 0, lockedUntil: now + LOCK_MS }
            : { failed, lockedUntil: null },
        );
        await audit.record(db, { actorName: username, action: 'auth.login', ip, result: 'fail' });
        throw new AppError('invalid_credentials');
      }
      if (user.locked_until !== null && user.locked_until > now) {
        // The same work as any other attempt: a locked account answers no faster than an unknown name.
        await verifyPassword(password, user.password_hash);
        await audit.record(db, {
          actorId: user.id,
          actorName: username,
          action: 'auth.login',
          ip,
          result: 'locked',
        });
        throw new AppError('account_locked');
      }
      const ok = await verifyPassword(password, user.password_hash);
      if (!ok || user.status !== 'active') {
        await db.transaction().execute((trx) =>
          countFailure(trx, audit, {
            account: { ...user, username },
            now,
            ip,
            counted: !ok,
            failure: { actorId: user.id, actorName: username, action: 'auth.login', ip, result: 'fail' },
          }),
        );
        throw new AppError('invalid_credentials');
      }
      const mfaPending = await deps.mfa.owedAtSignIn(user.id, user.role_code, deviceToken);
      await db.transaction().execute(async (trx) => {
        // Failures are cleared only when the sign-in is complete: wrong codes keep counting after a right password.
        if (!mfaPending) {
          await trx
            .updateTable('users')
            .set({ failed_logins: 0, locked_until: null, last_login_at: now })
            .where('id', '=', user.id)
            .execute();
        }
        await audit.record(trx, {
          actorId: user.id,
          actorName: username,
          action: 'auth.login',
          ip,
          ...(mfaPending ? { newValue: { mfa: mfaPending } } : {}),
        });
      });
      const session = await sessions.create(user.id, ip, mfaPending);
      const current = await loadCurrentUser(db, user.id, { now, maxAgeMs: sessions.passwordMaxAgeMs });
      return { session, user: { ...current!, mfaPending } };
    },

    /** Ends the session a browser still carried when it signed in again (its id is replaced, never reused). */
    async endSession(idHash: string) {
      await sessions.destroy(idHash);
    },

    async logout(userId: number, username: string, idHash: string, ip: string | null) {
      await sessions.destroy(idHash);
      await audit.record(db, { actorId: userId, actorName: username, action: 'auth.logout', ip });
    },

    async changePassword(
      actor: { id: number; username: string; role?: string },
      currentPassword: string,
      newPassword: string,
      keepSession: string,
      ip: string | null,
    ) {
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', actor.id)
        .executeTakeFirstOrThrow();
      const now = clock.now();
      if (user.locked_until !== null && user.locked_until > now) {
        await audit.record(db, {
          actorId: actor.id,
          actorName: actor.username,
          action: 'user.password_change',
          objectType: 'user',
          objectId: actor.id,
          newValue: { role: actor.role ?? null },
          ip,
          result: 'locked',
        });
        throw new AppError('account_locked');
      }
      // Guesses of the current password count towards the same lock as sign-in failures, and are audited.
      if (!(await verifyPassword(currentPassword, user.password_hash))) {
        const lock = await db.transaction().execute((trx) =>
          countFailure(trx, audit, {
            account: { ...user, username: actor.username },
            now,
            ip,
            failure: {
              actorId: actor.id,
              actorName: actor.username,
              action: 'user.password_change',
              objectType: 'user',
              objectId: actor.id,
              newValue: { role: actor.role ?? null, reason: 'wrong_current' },
              ip,
              result: 'fail',
            },
          }),
        );
        // A locked account keeps no session: whoever was guessing is signed out.
        if (lock) await sessions.destroyAllFor(actor.id);
        throw new AppError('validation_failed', 'password.wrong_current', [
          { path: 'currentPassword', message: 'password.wrong_current' },
        ]);
      }
      assertPasswordPolicy(newPassword, 'newPassword', actor.username);
      // An expired or reset password must really change: the same one again would only restart its age.
      if (newPassword === currentPassword) {
        throw new AppError('validation_failed', 'password.same_as_current', [
          { path: 'newPassword', message: 'password.same_as_current' },
        ]);
      }
      const hash = await hashPassword(newPassword, deps.hashCost);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            password_hash: hash,
            password_changed_at: clock.now(),
            must_change_password: 0,
            failed_logins: 0,
            updated_at: clock.now(),
          })
          .where('id', '=', actor.id)
          .execute();
        await audit.record(trx, {
          actorId: actor.id,
          actorName: actor.username,
          action: 'user.password_change',
          objectType: 'user',
          objectId: actor.id,
          ip,
        });
      });
      await sessions.destroyAllFor(actor.id, keepSession);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
