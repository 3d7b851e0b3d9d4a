import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../clock.ts';
import type { Env } from '../../config/env.ts';
import { deriveKeys } from '../../security/crypto.ts';
import { loadKeys } from '../../runtime.ts';
import { BackupError, runBackup, runRestore } from './backup.service.ts';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function who(scheduled: boolean) {
  if (scheduled) return 'server:daily';
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** `backup [--out DIR]`: one copy into FIVESTAR_BACKUP_DIR (or --out, or <data dir>/backups), checked and audited. */
export async function backupCommand(env: Env, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, scheduled: { type: 'boolean', default: false } },
  });
  const outDir = values.out ?? env.FIVESTAR_BACKUP_DIR ?? join(env.FIVESTAR_DATA_DIR, 'backups');
  if (!values.out && !env.FIVESTAR_BACKUP_DIR)
    console.warn(
      `note: FIVESTAR_BACKUP_DIR is not set; writing to ${outDir}, on the same disk as the data (not an off-host copy)`,
    );
  try {
    const { manifest, path, pruned } = await runBackup({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.FIVESTAR_DATA_DIR,
      filesDir: env.FIVESTAR_FILES_DIR ?? env.FIVESTAR_DATA_DIR,
      outDir,
      keep: env.FIVESTAR_BACKUP_KEEP,
      keys: loadKeys(env),
      clock: systemClock,
      by: who(values.scheduled),
    });
    console.log(
      `backup ${path}: ${mb(manifest.bytes)} in ${manifest.durationMs} ms; integrity ${manifest.integrity}; ` +
        `audit chain intact (${manifest.audit.rows} rows); ${manifest.evidence.files.length} evidence files`,
    );
    console.log(`counts ${JSON.stringify(manifest.counts)}`);
    if (manifest.evidence.missing.length)
      console.warn(
        `warning: ${manifest.evidence.missing.length} evidence files listed in the database are missing`,
      );
    if (pruned.length)
      console.log(`removed ${pruned.length} older copies (keeping ${env.FIVESTAR_BACKUP_KEEP})`);
    return 0;
  } catch (err) {
    console.error(err instanceof BackupError ? err.message : `backup failed: ${(err as Error).message}`);
    return 1;
  }
}

/** `restore --from FILE --data DIR [--key FILE]`: into an empty folder only. */
export async function restoreCommand(env: Env, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { from: { type: 'string' }, data: { type: 'string' }, key: { type: 'string' } },
  });
  if (!values.from || !values.data) {
    console.error(
      'usage: npm run cli -- restore --from <backup .db file> --data <empty folder> [--key secret.key]',
    );
    return 2;
  }
  // The copy can only be read with the instance secret it was made with: FIVESTAR_SECRET, a kept secret.key
  // (--key), or the one in the configured data folder (a restore drill on the same machine).
  let secretFile: string | null = null;
  let keys;
  if (env.FIVESTAR_SECRET) keys = loadKeys(env);
  else {
    const keyPath = values.key ?? join(env.FIVESTAR_DATA_DIR, 'secret.key');
    if (!existsSync(keyPath) || resolve(keyPath) === resolve(values.data, 'secret.key')) {
      console.error(
        'the instance secret is needed to read the copy: set FIVESTAR_SECRET or pass --key <secret.key>',
      );
      return 1;
    }
    secretFile = readFileSync(keyPath, 'utf8');
    keys = deriveKeys(Buffer.from(secretFile.trim(), 'hex'));
  }
  try {
    const result = await runRestore({
      from: values.from,
      dataDir: values.data,
      keys,
      secretFile,
      clock: systemClock,
      by: who(false),
    });
    console.log(
      `restored ${result.dbFile}: integrity ok; audit chain intact (${result.auditRows} rows, +1 for this restore); ` +
        `${result.evidence.restored} evidence files`,
    );
    console.log(`counts ${JSON.stringify(result.counts)}`);
    if (!result.manifest)
      console.warn('warning: no manifest beside the copy; checksum and evidence not checked');
    if (result.evidence.missing.length)
      console.warn(`warning: ${result.evidence.missing.length} evidence files could not be restored`);
    console.log(
      `start it with: DATABASE_URL=file:${result.dbFile} FIVESTAR_DATA_DIR=${resolve(values.data)} npm run serve`,
    );
    return 0;
  } catch (err) {
    console.error(err instanceof BackupError ? err.message : `restore failed: ${(err as Error).message}`);
    return 1;
  }
}
