import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { auditAnchorFileOf, ConfigError, loadEnv, settingsFromEnv } from './config/env.ts';
import { checkAuditAnchorAtStart, createAuditService } from './modules/audit/index.ts';
import { createBackupSchedule, createBackupStatusReader, runBackupProcess } from './modules/backup/index.ts';
import { jobsModule } from './modules/jobs/index.ts';
import { generatePassword, loadKeys, openMigrated } from './runtime.ts';
import { DEFAULT_HASH_COST } from './security/crypto.ts';

async function main() {
  // Every file the server creates (database, WAL, secret, backups, evidence, exports) is private to its account.
  process.umask(0o077);
  let env;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const started = Date.now();
  const keys = loadKeys(env);
  const database = await openMigrated(env);
  // The audit log must match its anchor beside the secret; a cut tail stops start-up (issue 13 item 5).
  await checkAuditAnchorAtStart({
    db: database.db,
    key: keys.audit,
    file: auditAnchorFileOf(env),
    now: systemClock.now(),
    override: env.FIVESTAR_AUDIT_ANCHOR_OVERRIDE === 'accept',
    record: (entry) =>
      createAuditService({ key: keys.audit, clock: systemClock, dialect: database.dialect }).record(
        database.db,
        {
          actorName: 'system',
          objectType: 'audit_log',
          ...entry,
        },
      ),
  }).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });

  if (env.FIVESTAR_SEED === 'demo') {
    // Seed code is loaded only for the demo; a production start (FIVESTAR_SEED=none) runs none of it.
    const { DEMO_ACCOUNTS, seedDemo } = await import('./kernel/demo.ts');
    const password = env.FIVESTAR_DEMO_PASSWORD ?? generatePassword();
    const audit = createAuditService({ key: keys.audit, clock: systemClock, dialect: database.dialect });
    const result = await seedDemo({
      ...database,
      keys,
      clock: systemClock,
      audit,
      password,
      hashCost: DEFAULT_HASH_COST,
    });
    const lines = ['', '  FiveStar 五星支部创建管理平台 — demo township 张庄镇 (illustrative data)', ''];
    if (result.seeded) {
      lines.push(`  Seeded: ${JSON.stringify(result.counts)}`);
      lines.push(
        `  Demo password for every account below: ${env.FIVESTAR_DEMO_PASSWORD ? '(FIVESTAR_DEMO_PASSWORD)' : password}`,
      );
      if (!env.FIVESTAR_DEMO_PASSWORD)
        lines.push('  (generated now and shown only this once — note it down)');
    } else {
      lines.push(
        `  Demo accounts exist; their password is ${env.FIVESTAR_DEMO_PASSWORD ? 'FIVESTAR_DEMO_PASSWORD' : 'the one printed at first start'}.`,
      );
    }
    for (const [user, role] of DEMO_ACCOUNTS) lines.push(`    ${user.padEnd(28)} ${role}`);
    const totpRoles = settingsFromEnv(env).totpRoles;
    lines.push(
      totpRoles.length
        ? `  One-time codes (TOTP) after the password for: ${totpRoles.join(', ')} — each sets up an authenticator app at first sign-in.`
        : '  One-time codes (TOTP) are off in the demo; FIVESTAR_TOTP_ROLES=default turns them on for the admin, rating and audit roles.',
    );
    console.log(lines.join('\n') + '\n');
  }

  const backupDir = env.FIVESTAR_BACKUP_DIR;
  const backupStatusOf = backupDir ? createBackupStatusReader(backupDir, systemClock) : undefined;
  const app = await buildApp({
    database,
    keys,
    logger: { level: env.LOG_LEVEL },
    webDist: env.WEB_DIST,
    settings: settingsFromEnv(env),
    backupStatus: backupStatusOf,
  });
  // The daily jobs, in-process; job_runs makes sure only one of several processes runs each job per day.
  const stopJobs = env.FIVESTAR_JOBS === 'on' ? app.module(jobsModule).start() : async () => undefined;
  const backups = backupStatusOf
    ? createBackupSchedule({
        clock: systemClock,
        status: backupStatusOf,
        run: () => runBackupProcess(),
        log: (level, msg) => app.log[level](msg),
      })
    : null;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      console.error('shutdown: requests still running after 10 s, exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      backups?.stop();
      await stopJobs();
      // Every request in flight is answered (a report's 201 only after its commit), later ones get 503; then the
      // database closes, with nothing left in its group commit.
      await app.drain();
      await database.close();
    } catch (err) {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: env.PORT, host: env.HOST });
  backups?.start();
  console.log(
    `  FiveStar ready on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT} (${database.dialect}, ${Date.now() - started} ms)\n`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
