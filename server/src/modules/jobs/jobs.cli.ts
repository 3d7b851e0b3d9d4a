import { systemClock } from '../../clock.ts';
import { settingsFromEnv, type Env } from '../../config/env.ts';
import { allJobs } from '../../kernel/jobs.ts';
import { openMigrated } from '../../runtime.ts';
import type { Keys } from '../../security/crypto.ts';
import { createAuditService } from '../audit/index.ts';
import { createJobRunner } from './jobs.service.ts';

/** `npm run cli -- jobs:run [name] [--force]`: exit 0 when every job ran or had already run today, 1 on a failure. */
export async function runJobsCommand(env: Env, keys: Keys, args: string[]): Promise<number> {
  const force = args.includes('--force');
  const names = args.filter((a) => !a.startsWith('--'));
  const jobs = allJobs(settingsFromEnv(env));
  const known = jobs.map((j) => j.name);
  const unknown = names.find((n) => !known.includes(n));
  if (unknown) {
    console.error(`unknown job ${unknown}; jobs: ${known.join(', ')}`);
    return 2;
  }
  const database = await openMigrated(env);
  try {
    const audit = createAuditService({ key: keys.audit, clock: systemClock, dialect: database.dialect });
    const runner = createJobRunner({ db: database.db, audit, clock: systemClock, jobs });
    let failed = false;
    for (const name of names.length ? names : known) {
      const result = await runner.run(name, { trigger: 'cli', force });
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
