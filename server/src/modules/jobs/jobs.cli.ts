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
