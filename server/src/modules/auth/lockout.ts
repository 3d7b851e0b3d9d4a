import type { DbOrTrx } from '../../db/database.ts';
import type { AuditEntry, AuditService } from '../audit/index.ts';

/**
 * The one lock (docs/security.md item 2): wrong passwords at sign-in, wrong one-time codes and wrong guesses of the
 * current password all count towards it; the fifth locks the account for 15 minutes.
 */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60 * 1000;

/**
 * A failure on an account, in the caller's transaction: the count goes up (unless `counted` is false), the failure
 * is audited as given, and the one that reaches the limit locks the account (the count starts again) and writes an
 * `auth.lock` row. Answers whether the account is now locked.
 */
export async function countFailure(
  trx: DbOrTrx,
  audit: AuditService,
  input: {
    account: { id: number; username: string; failed_logins: number; locked_until: number | null };
    now: number;
    failure: AuditEntry;
    ip: string | null;
    /** Why the lock came, when not from passwords (e.g. 'mfa'). */
    reason?: string;
    counted?: boolean;
  },
): Promise<boolean> {
  const { account, now, ip } = input;
  const failed = input.counted === false ? account.failed_logins : account.failed_logins + 1;
  const lock = failed >= MAX_FAILED_LOGINS;
  await trx
    .updateTable('users')
    .set({ failed_logins: lock ? 0 : failed, locked_until: lock ? now + LOCK_MS : account.locked_until })
    .where('id', '=', account.id)
    .execute();
  await audit.record(trx, input.failure);
  if (lock) {
    await audit.record(trx, {
      actorId: account.id,
      actorName: account.username,
      action: 'auth.lock',
      objectType: 'user',
      objectId: account.id,
      newValue: { lockedUntil: now + LOCK_MS, ...(input.reason ? { reason: input.reason } : {}) },
      ip,
    });
  }
  return lock;
}
