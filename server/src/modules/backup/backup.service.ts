import { execFile } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Clock } from '../../clock.ts';
import { openDatabase, type Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { Keys } from '../../security/crypto.ts';
import {
  checkAnchor,
  createAuditService,
  makeAnchor,
  readAnchorFile,
  writeAnchorFile,
} from '../audit/index.ts';
import { fsyncPath, writeDurably } from '../../files/durable.ts';
import {
  acquireLock,
  backupName,
  decryptBlob,
  evidenceBlob,
  evidenceKey,
  listManifests,
  listManifestsAsync,
  prune,
  readManifest,
  sha256File,
  storeEvidence,
  timeOfName,
  type Manifest,
  readEvidence,
} from './backup.files.ts';

const run = promisify(execFile);

/** Rows counted in every copy, compared again on restore. */
export const COUNTED_TABLES = [
  'org_units',
  'users',
  'persons',
  'grid_events',
  'evidence_files',
  'audit_log',
] as const;

export class BackupError extends Error {}

export interface BackupOptions {
  databaseUrl: string;
  /** The instance data folder. */
  dataDir: string;
  /** The root of uploaded files (FIVESTAR_FILES_DIR; default the data folder): evidence lives in `<filesDir>/evidence`. */
  filesDir?: string;
  /** Where copies go (FIVESTAR_BACKUP_DIR or --out): meant to be another disk or a mounted share. */
  outDir: string;
  /** Newest copies kept; older ones are removed after a successful copy. */
  keep: number;
  keys: Keys;
  clock: Clock;
  /** Who started it, for the audit row: `cli:<os user>` or `server:daily`. */
  by: string;
  /** PostgreSQL only: the pg_dump to run; undefined looks it up on PATH. */
  pgDump?: string | null;
}

export interface BackupResult {
  manifest: Manifest;
  path: string;
  pruned: string[];
}

async function countRows(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(r.rows[0]!.n);
  }
  return counts;
}

async function evidenceShas(db: Db): Promise<string[]> {
  // Star-rating evidence and the registries' files (vouchers …) share the store's evidence area.
  const rows = await db
    .selectFrom('evidence_files')
    .select('sha256')
    .union(db.selectFrom('dev_files').select('sha256'))
    .orderBy('sha256')
    .execute();
  return rows.map((r) => r.sha256);
}

/** Checks an SQLite copy on its own connection: integrity, the audit chain, the counts and the evidence it lists. */
export async function checkSqliteCopy(file: string, keys: Keys, clock: Clock) {
  const sqlite = new SQLite(file, { fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
    const audit = await createAuditService({ key: keys.audit, clock, dialect: 'sqlite' }).verify(db);
    const anchor = await makeAnchor(db, keys.audit, clock.now());
    return { integrity, audit, anchor, counts: await countRows(db), evidence: await evidenceShas(db) };
  } finally {
    await db.destroy();
  }
}

async function withSqlite<T>(file: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(file, { fileMustExist: true }) }),
  });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** A copy whose audit log is shorter than the anchor beside the secret is refused: the tail was cut. */
async function checkAgainstLiveAnchor(db: Db, options: BackupOptions) {
  const anchor = readAnchorFile(join(options.dataDir, 'audit.anchor'));
  if (!anchor) return;
  const checked = await checkAnchor(db, options.keys.audit, anchor);
  if (!checked.ok) throw new BackupError(`audit anchor: ${checked.reason}`);
}

function onPath(command: string): string | null {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export const PG_DUMP_MISSING =
  'PostgreSQL: pg_dump is not on PATH — install postgresql-client (apt-get install postgresql-client) or back up with pg_dump --format=custom / WAL archiving (PITR); see README "Backup and restore".';

async function auditBackup(
  options: BackupOptions,
  result: 'ok' | 'fail',
  value: unknown,
  objectId: string | null,
) {
  const handle = openDatabase(options.databaseUrl);
  try {
    const audit = createAuditService({
      key: options.keys.audit,
      clock: options.clock,
      dialect: handle.dialect,
    });
    await audit.record(handle.db, {
      actorName: options.by,
      action: 'system.backup',
      objectType: 'backup',
      objectId,
      newValue: value,
      result,
    });
  } finally {
    await handle.close();
  }
}

/**
 * One backup run: a consistent copy of the database, checked, renamed into place, the evidence it lists, a manifest
 * (written last: the commit point), pruning, and an audit row in the live database.
 *
 * SQLite uses `VACUUM INTO` on a read-only connection of its own. It runs as ONE read transaction, so under WAL it
 * copies a single committed snapshot while the server keeps writing (readers do not block writers, nor writers
 * readers). The backup API (`db.backup()`) copies pages in steps and restarts from the first page whenever another
 * connection — here, the server process — commits between steps, so under a steady write load a large database may
 * never finish. VACUUM INTO also leaves out free pages (no remains of deleted rows) and writes a compact file.
 */
export async function runBackup(options: BackupOptions): Promise<BackupResult> {
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const release = acquireLock(outDir);
  const started = options.clock.now();
  const wall = performance.now();
  let name = backupName(started);
  for (let i = 1; existsSync(join(outDir, `${name}.json`)); i++) name = `${backupName(started)}-${i}`;
  const postgres = /^postgres(ql)?:\/\//.test(options.databaseUrl);
  const file = `${name}.${postgres ? 'pgdump' : 'db'}`;
  const tmp = join(outDir, `.${file}.tmp-${process.pid}`);
  try {
    let checked: {
      integrity: Manifest['integrity'];
      audit: Manifest['audit'];
      counts: Record<string, number>;
    };
    let shas: string[];
    if (postgres) {
      const pgDump = options.pgDump === undefined ? onPath('pg_dump') : options.pgDump;
      if (!pgDump) throw new BackupError(PG_DUMP_MISSING);
      const url = new URL(options.databaseUrl);
      const password = decodeURIComponent(url.password);
      url.password = ''; // passed through the environment, not the command line (ps shows arguments)
      await run(pgDump, ['--format=custom', `--file=${tmp}`, `--dbname=${url.toString()}`], {
        env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
        maxBuffer: 16 * 1024 * 1024,
      });
      const pgRestore = join(dirname(pgDump), 'pg_restore');
      let integrity: Manifest['integrity'] = 'not checked';
      if (existsSync(pgRestore)) {
        await run(pgRestore, ['--list', tmp], { maxBuffer: 64 * 1024 * 1024 });
        integrity = 'pg_restore --list ok';
      }
      // The dump cannot be opened in place; the chain and the counts are read from the live database right after.
      const handle = openDatabase(options.databaseUrl);
      try {
        const audit = createAuditService({
          key: options.keys.audit,
          clock: options.clock,
          dialect: 'postgres',
        });
        const verified = await audit.verify(handle.db);
        if (!verified.ok) throw new BackupError(`audit chain broken at row ${verified.firstBad!.id}`);
        await checkAgainstLiveAnchor(handle.db, options);
        checked = {
          integrity,
          audit: {
            ok: true,
            rows: verified.rows,
            anchor: await makeAnchor(handle.db, options.keys.audit, options.clock.now()),
          },
          counts: await countRows(handle.db),
        };
        shas = await evidenceShas(handle.db);
      } finally {
        await handle.close();
      }
    } else {
      const source = options.databaseUrl.replace(/^file:/, '');
      if (options.databaseUrl === ':memory:' || !existsSync(source))
        throw new BackupError(`no database file at ${source}`);
      const src = new SQLite(source, { readonly: true, fileMustExist: true });
      try {
        src.pragma('busy_timeout = 5000');
        src.prepare('vacuum into ?').run(tmp);
      } finally {
        src.close();
      }
      chmodSync(tmp, 0o600); // names and addresses are in clear in the database: owner-only, like the live file
      const copy = await checkSqliteCopy(tmp, options.keys, options.clock);
      if (copy.integrity !== 'ok') throw new BackupError(`integrity_check on the copy: ${copy.integrity}`);
      if (!copy.audit.ok)
        throw new BackupError(`audit chain broken in the copy at row ${copy.audit.firstBad!.id}`);
      await withSqlite(tmp, (db) => checkAgainstLiveAnchor(db, options));
      checked = {
        integrity: 'ok',
        audit: { ok: true, rows: copy.audit.rows, anchor: copy.anchor },
        counts: copy.counts,
      };
      shas = copy.evidence;
    }
    fsyncPath(tmp);
    const bytes = statSync(tmp).size;
    const digest = await sha256File(tmp);
    renameSync(tmp, join(outDir, file));
    fsyncPath(outDir);

    const stored = await storeEvidence({
      shas,
      sourceDir: join(options.filesDir ?? options.dataDir, 'evidence'),
      backupDir: outDir,
      key: evidenceKey(options.keys.pii),
    });
    const present = shas.filter((s) => !stored.missing.includes(s));
    const manifest: Manifest = {
      format: 'fivestar-backup/1',
      kind: postgres ? 'postgres' : 'sqlite',
      name,
      file,
      createdAt: new Date(started).toISOString(),
      durationMs: Math.round(performance.now() - wall),
      bytes,
      sha256: digest,
      by: options.by,
      host: hostname(),
      integrity: checked.integrity,
      audit: checked.audit,
      counts: checked.counts,
      evidence: { files: present, missing: stored.missing },
    };
    writeDurably(join(outDir, `${name}.json`), JSON.stringify(manifest, null, 2) + '\n');
    const pruned = prune(outDir, options.keep);
    await auditBackup(
      options,
      'ok',
      {
        file,
        dir: outDir,
        bytes,
        sha256: digest,
        durationMs: manifest.durationMs,
        auditRows: checked.audit.rows,
        counts: checked.counts,
        evidence: {
          files: present.length,
          added: stored.added,
          addedBytes: stored.bytes,
          missing: stored.missing.length,
        },
        pruned,
      },
      name,
    );
    return { manifest, path: join(outDir, file), pruned };
  } catch (err) {
    rmSync(tmp, { force: true });
    const message = err instanceof Error ? err.message : String(err);
    await auditBackup(options, 'fail', { dir: outDir, error: message.slice(0, 500) }, null).catch(
      () => undefined, // the database itself may be what failed; the exit code and stderr still say so
    );
    throw err instanceof BackupError ? err : new BackupError(message);
  } finally {
    release();
  }
}

export interface BackupStatus {
  latestAt: string | null;
  ageHours: number | null;
  ok: boolean;
}

export const BACKUP_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The newest finished copy in `dir` (by the UTC time in its name) and whether it is under 24 hours old. */
export function backupStatus(dir: string, now: number): BackupStatus {
  let names: string[];
  try {
    names = listManifests(dir);
  } catch {
    names = [];
  }
  return statusOf(names.length ? timeOfName(names[names.length - 1]!) : null, now);
}

function statusOf(latest: number | null, now: number): BackupStatus {
  if (latest === null) return { latestAt: null, ageHours: null, ok: false };
  const age = now - latest;
  return {
    latestAt: new Date(latest).toISOString(),
    ageHours: Math.round((age / 3_600_000) * 10) / 10,
    ok: age >= -60_000 && age < BACKUP_MAX_AGE_MS,
  };
}

/**
 * backupStatus for /api/health and the schedule: the folder (possibly a slow or hung network share) is listed
 * asynchronously, at most once a minute, one listing at a time, and a caller waits at most a second for it — a
 * health probe never hangs on the share and the event loop never blocks on it. The age is always from `clock.now()`.
 */
export function createBackupStatusReader(dir: string, clock: Clock, refreshMs = 60_000) {
  let latest: number | null = null;
  let readAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<void> | null = null;
  const refresh = () =>
    (inflight ??= listManifestsAsync(dir)
      .then((names) => {
        latest = names.length ? timeOfName(names[names.length - 1]!) : null;
      })
      .finally(() => {
        readAt = clock.now();
        inflight = null;
      }));
  return async (): Promise<BackupStatus> => {
    if (clock.now() - readAt >= refreshMs) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([refresh(), new Promise((r) => (timer = setTimeout(r, 1000)))]);
      clearTimeout(timer);
    }
    return statusOf(latest, clock.now());
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Restore
// ---------------------------------------------------------------------------------------------------------------

export interface RestoreOptions {
  /** The copy: `<name>.db` (its `<name>.json` manifest and `evidence/` store beside it). */
  from: string;
  /** An empty (or absent) folder that becomes the new data folder. */
  dataDir: string;
  keys: Keys;
  /** The instance secret's file content to place at `<dataDir>/secret.key`; null when FIVESTAR_SECRET is used. */
  secretFile: string | null;
  clock: Clock;
  by: string;
}

export interface RestoreResult {
  dbFile: string;
  counts: Record<string, number>;
  auditRows: number;
  evidence: { restored: number; missing: string[] };
  manifest: Manifest | null;
}

/**
 * Restores a copy into an EMPTY data folder: copies the file, compares its checksum and counts with the manifest,
 * runs integrity_check and the audit chain (which also proves the key matches), decrypts the evidence, and records
 * the restore as one audit row in the restored database. On any failure the folder is left empty again.
 */
export async function runRestore(options: RestoreOptions): Promise<RestoreResult> {
  const from = resolve(
    options.from.endsWith('.json') ? options.from.replace(/\.json$/, '.db') : options.from,
  );
  if (from.endsWith('.pgdump'))
    throw new BackupError(
      'this is a PostgreSQL dump: restore it with pg_restore --dbname=<database> --clean --if-exists ' + from,
    );
  if (!existsSync(from)) throw new BackupError(`no backup file at ${from}`);
  const dataDir = resolve(options.dataDir);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0)
    throw new BackupError(`refusing to restore into ${dataDir}: the folder is not empty`);
  const folder = dirname(from);
  const name = basename(from).replace(/\.db$/, '');
  const manifest = existsSync(join(folder, `${name}.json`)) ? readManifest(folder, name) : null;

  mkdirSync(dataDir, { recursive: true });
  const dbFile = join(dataDir, 'fivestar.db');
  const tmp = join(dataDir, `.fivestar.db.restore-${process.pid}`);
  try {
    copyFileSync(from, tmp);
    if (manifest && (await sha256File(tmp)) !== manifest.sha256)
      throw new BackupError(`${basename(from)} does not match the checksum in its manifest`);
    const copy = await checkSqliteCopy(tmp, options.keys, options.clock);
    if (copy.integrity !== 'ok') throw new BackupError(`integrity_check: ${copy.integrity}`);
    if (!copy.audit.ok)
      throw new BackupError(
        `audit chain does not verify at row ${copy.audit.firstBad!.id} (${copy.audit.firstBad!.reason}) — wrong secret, or the copy was altered`,
      );
    if (manifest)
      for (const [table, n] of Object.entries(manifest.counts))
        if (copy.counts[table] !== n)
          throw new BackupError(`${table}: ${copy.counts[table]} rows, the manifest says ${n}`);
    if (manifest?.audit.anchor) {
      const anchored = await withSqlite(tmp, (db) =>
        checkAnchor(db, options.keys.audit, manifest.audit.anchor!),
      );
      if (!anchored.ok) throw new BackupError(`audit anchor of the manifest: ${anchored.reason}`);
    }
    fsyncPath(tmp);
    renameSync(tmp, dbFile);
    if (options.secretFile !== null)
      await writeFile(join(dataDir, 'secret.key'), options.secretFile, { mode: 0o600 });

    const key = evidenceKey(options.keys.pii);
    const missing: string[] = [];
    let restored = 0;
    for (const sha of copy.evidence) {
      const body = await readEvidence(evidenceBlob(folder, sha), sha, (stored) => decryptBlob(key, stored));
      if (!body) {
        missing.push(sha);
        continue;
      }
      const sub = join(dataDir, 'evidence', sha.slice(0, 2));
      mkdirSync(sub, { recursive: true });
      writeDurably(join(sub, sha), body, 0o644);
      restored++;
    }

    const handle = openDatabase(`file:${dbFile}`);
    try {
      const audit = createAuditService({ key: options.keys.audit, clock: options.clock, dialect: 'sqlite' });
      await audit.record(handle.db, {
        actorName: options.by,
        action: 'system.restore',
        objectType: 'backup',
        objectId: manifest?.name ?? name,
        newValue: {
          from,
          createdAt: manifest?.createdAt ?? null,
          counts: copy.counts,
          evidence: { restored, missing: missing.length },
        },
      });
      // The restored folder gets its own anchor, beside its secret.
      writeAnchorFile(
        join(dataDir, 'audit.anchor'),
        await makeAnchor(handle.db, options.keys.audit, options.clock.now()),
      );
    } finally {
      await handle.close();
    }
    return {
      dbFile,
      counts: copy.counts,
      auditRows: copy.audit.rows,
      evidence: { restored, missing },
      manifest,
    };
  } catch (err) {
    for (const entry of existsSync(dataDir) ? readdirSync(dataDir) : [])
      rmSync(join(dataDir, entry), { recursive: true, force: true });
    throw err instanceof BackupError
      ? err
      : new BackupError(err instanceof Error ? err.message : String(err));
  }
}
