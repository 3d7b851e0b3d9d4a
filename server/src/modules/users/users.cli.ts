import { systemClock } from '../../clock.ts';
import type { Env } from '../../config/env.ts';
import { openMigrated } from '../../runtime.ts';
import type { Keys } from '../../security/crypto.ts';
import { createAuditService } from '../audit/index.ts';

/**
 * `npm run cli -- users:enable <username>`: the way back when the idle-account job disabled every administrator
 * (nobody left to re-enable accounts in the app). Audited as `user.update` by `cli`; the account then has a fresh
 * idle period (its `updated_at` is now).
 */
export async function runEnableUserCommand(env: Env, keys: Keys, args: string[]): Promise<number> {
  const username = args[0];
  if (!username) {
    console.error('usage: npm run cli -- users:enable <username>');
    return 2;
  }
  const database = await openMigrated(env);
  try {
    const audit = createAuditService({ key: keys.audit, clock: systemClock, dialect: database.dialect });
    const user = await database.db
      .selectFrom('users')
      .select(['id', 'status'])
      .where('username', '=', username)
      .executeTakeFirst();
    if (!user) {
      console.error(`no user ${username}`);
      return 1;
    }
    await database.db.transaction().execute(async (trx) => {
      const now = systemClock.now();
      await trx
        .updateTable('users')
        .set({ status: 'active', failed_logins: 0, locked_until: null, updated_at: now })
        .where('id', '=', user.id)
        .execute();
      await audit.record(trx, {
        actorName: 'cli',
        action: 'user.update',
        objectType: 'user',
        objectId: user.id,
        oldValue: { status: user.status },
        newValue: { status: 'active' },
      });
    });
    console.log(`${username} is active`);
    return 0;
  } finally {
    await database.close();
  }
}
