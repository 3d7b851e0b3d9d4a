import { sql } from 'kysely';
import { JOB_ACTOR, type JobDefinition } from '../../kernel/module.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * docs/security.md item 8 (等保 访问控制 b: 及时删除或停用多余的、过期的账户): an active account with no sign-in for more
 * than `days` is disabled, exactly as user admin does it (status 'disabled', sessions ended), one audit row each.
 *
 * "Last activity" is the latest of the last successful sign-in (`users.last_login_at`, written at every sign-in),
 * the account's creation, and its last change by an administrator (`users.updated_at`: re-enabling, a password
 * reset). An account an administrator re-enables therefore gets a fresh period instead of being disabled again by
 * the next run.
 */
export function idleAccountsJob(days: number): JobDefinition {
  return {
    name: 'accounts.disable_idle',
    setting: { days },
    async run({ trx, audit, now }) {
      const cutoff = now - days * DAY_MS;
      const idle = await trx
        .selectFrom('users')
        .select(['id', 'username', 'last_login_at', 'created_at'])
        .where('status', '=', 'active')
        .where(sql<number>`coalesce(last_login_at, created_at)`, '<', cutoff)
        .where('created_at', '<', cutoff)
        .where('updated_at', '<', cutoff)
        .orderBy('id')
        .execute();
      for (const user of idle) {
        await trx
          .updateTable('users')
          .set({ status: 'disabled', updated_at: now })
          .where('id', '=', user.id)
          .execute();
        await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
        await audit.record(trx, {
          actorName: JOB_ACTOR,
          action: 'user.disable_idle',
          objectType: 'user',
          objectId: user.id,
          oldValue: { status: 'active', lastLoginAt: user.last_login_at },
          newValue: { status: 'disabled', idleDays: days },
        });
      }
      return { disabled: idle.length };
    },
  };
}
