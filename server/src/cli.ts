import { systemClock } from './clock.ts';
import { auditAnchorFileOf, ConfigError, loadEnv } from './config/env.ts';
import { checkAnchor, createAuditService, readAnchorFile } from './modules/audit/index.ts';
import { generatePassword, loadKeys, openMigrated } from './runtime.ts';
import { DEFAULT_HASH_COST } from './security/crypto.ts';

const USAGE = `usage: npm run cli -- <command>
  migrate                     apply pending migrations
  seed                        seed the demo township (idempotent)
  audit:verify                verify the audit hash chain; exits 1 naming the first bad row
  seed:scale --branches N [--out file]   build a province-sized database for benchmarks
  jobs:run [name] [--force]   run the daily jobs (or one) now; a job that already ran today is skipped
                              unless --force
  users:enable <username>     re-enable an account (e.g. an administrator the idle-account job disabled)
  backup [--out DIR]          a checked copy of the database and evidence (default FIVESTAR_BACKUP_DIR)
  restore --from FILE --data DIR [--key secret.key]   restore a copy into an empty data folder`;

async function run(argv: string[]): Promise<number> {
  process.umask(0o077); // backups and the secret it may create are private to this account
  const [command, ...rest] = argv;
  const env = loadEnv();
  if (command === 'seed:scale') {
    const { runScaleSeed } = await import('./kernel/scale.ts');
    return runScaleSeed(env, rest);
  }
  if (command === 'backup' || command === 'restore') {
    const { backupCommand, restoreCommand } = await import('./modules/backup/backup.cli.ts');
    return command === 'backup' ? backupCommand(env, rest) : restoreCommand(env, rest);
  }
  const keys = loadKeys(env);
  switch (command) {
    case 'migrate': {
      const db = await openMigrated(env);
      console.log('migrations applied');
      await db.close();
      return 0;
    }
    case 'seed': {
      const { seedDemo } = await import('./kernel/demo.ts');
      const database = await openMigrated(env);
      const audit = createAuditService({ key: keys.audit, clock: systemClock, dialect: database.dialect });
      const password = env.FIVESTAR_DEMO_PASSWORD ?? generatePassword();
      const result = await seedDemo({
        ...database,
        keys,
        clock: systemClock,
        audit,
        password,
        hashCost: DEFAULT_HASH_COST,
      });
      console.log(
        result.seeded ? `seeded ${JSON.stringify(result.counts)}` : 'demo already seeded; nothing to do',
      );
      if (result.seeded && !env.FIVESTAR_DEMO_PASSWORD) console.log(`demo password: ${password}`);
      await database.close();
      return 0;
    }
    case 'audit:verify': {
      const database = await openMigrated(env);
      const audit = createAuditService({ key: keys.audit, clock: systemClock, dialect: database.dialect });
      const result = await audit.verify(database.db);
      // The anchor beside the secret catches what the chain cannot: rows cut from its end.
      const anchor = readAnchorFile(auditAnchorFileOf(env));
      const anchored = anchor ? await checkAnchor(database.db, keys.audit, anchor) : null;
      await database.close();
      if (!result.ok) {
        console.error(`audit chain broken at row ${result.firstBad!.id}: ${result.firstBad!.reason}`);
        return 1;
      }
      if (anchored && !anchored.ok) {
        console.error(`audit log does not match its anchor: ${anchored.reason}`);
        return 1;
      }
      console.log(
        `audit chain intact: ${result.rows} rows${anchor ? `; anchor matches (row ${anchor.lastId})` : '; no anchor file yet'}`,
      );
      return 0;
    }
    case 'jobs:run': {
      const { runJobsCommand } = await import('./modules/jobs/jobs.cli.ts');
      return runJobsCommand(env, keys, rest);
    }
    case 'users:enable': {
      const { runEnableUserCommand } = await import('./modules/users/users.cli.ts');
      return runEnableUserCommand(env, keys, rest);
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
