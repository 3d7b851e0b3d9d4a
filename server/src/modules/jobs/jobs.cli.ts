import { JOB_NAMES, type JobName } from '@fivestar/common';
import { systemClock } from '../../clock.ts';
import { jobSettingsOf, type Env } from '../../config/env.ts';
import { openMigrated } from '../../runtime.ts';
import type { Keys } from '../../security/crypto.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { createDailyJobs } from './jobs.module.ts';

/** `npm run cli -- jobs:run [name] [--force]`: exit 0 when every job ran or had already run today, 1 on a failure. */
export async function runJobsCommand(env: Env, keys: Keys, args: string[]): Promise<number> {
  const force = args.includes('--force');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.find((n) => !(JOB_NAMES as readonly string[]).includes(n));
  if (unknown) {
    console.error(`unknown job ${unknown}; jobs: ${JOB_NAMES.join(', ')}`);
    return 2;
  }
  const database = await openMigrated(env);
  try {
    const audit = createAuditService({ key: keys.audit, clock: systemClock, dialect: database.dialect });
    const jobs = createDailyJobs({
      db: database.db,
      audit,
      clock: systemClock,
      settings: jobSettingsOf(env),
    });
    let failed = false;
    for (const name of names.length ? (names as JobName[]) : JOB_NAMES) {
      const result = await jobs.run(name, { trigger: 'cli', force });
      if (result.outcome === 'ran') console.log(`${name}: ran ${JSON.stringify(result.counts)}`);
      if (result.outcome === 'skipped')
        console.log(
          `${name}: already ran today (${result.run.day}, ${result.run.status}); --force to run again`,
        );
      if (result.outcome === 'failed') {
        console.error(`${name}: failed: ${result.error}`);
        failed = true;
      }
    }
    return failed ? 1 : 0;
  } finally {
    await database.close();
  }
}

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
