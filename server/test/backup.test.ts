import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { ManualClock } from '../src/clock.ts';
import { openDatabase, type DbHandle } from '../src/db/database.ts';
import { migrateApp } from '../src/kernel/migrations.ts';
import { seedDemo } from '../src/kernel/demo.ts';
import { syncBuiltinRoles } from '../src/modules/users/index.ts';
import { createAuditService } from '../src/modules/audit/audit.service.ts';
import { createBackupSchedule } from '../src/modules/backup/backup.schedule.ts';
import {
  backupStatus,
  COUNTED_TABLES,
  createBackupStatusReader,
  PG_DUMP_MISSING,
} from '../src/modules/backup/backup.service.ts';
import { deriveKeys, type Keys } from '../src/security/crypto.ts';
import { FAST_HASH, login, sql, TEST_PASSWORD } from './test-app.ts';

const exec = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
type CliResult = { code: number; stdout: string; stderr: string };

/** A fictional ID number (region 4199xx) with a valid GB 11643 check digit. */
function idNumber(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return body17 + '10X98765432'[sum % 11]!;
}
const SEEDED_ID = idNumber('41992619880512345');
const SEEDED_PHONE = '13987654321';
const PARTY_ID = idNumber('41992619750101888');
const PARTY_PHONE = '15812340987';

async function counts(handle: DbHandle) {
  const out = {} as Record<(typeof COUNTED_TABLES)[number], number>;
  for (const t of COUNTED_TABLES) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(handle.db);
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/**
 * `backup` and `restore` through the real CLI on an SQLite file the app is writing to from this process.
 *
 * The tests share one data folder, seeded once with the demo township, a person and an evidence file holding an ID
 * number in clear: a backup must copy a database with rows in every table it counts, and seeding that through the
 * real file per test would cost seconds each. Each test writes its copies into a folder of its own, so none reads
 * what another made; the only shared change is that some add rows to the live database, which no test counts
 * except against a copy it made itself.
 */
// Each test starts the real CLI two to four times (node + tsx compiling the server): on a loaded 2-core machine one
// start takes up to 10 s, so the suite's 30 s is a hang guard these tests can meet only on a quiet one.
describe('backup and restore (SQLite, real CLI)', { timeout: 120_000 }, () => {
  let dir: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let keys: Keys;
  let handle: DbHandle;
  let app: App;
  const clock = new ManualClock();
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    exec(TSX, ['server/src/cli.ts', ...args], { env: { ...env, ...extra } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: CliResult) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );
  const copies = (backupDir: string) =>
    readdirSync(backupDir)
      .filter((f) => f.endsWith('.db'))
      .sort();
  let folders = 0;
  /** A backup folder of this test's own (what FIVESTAR_BACKUP_DIR names). */
  const newFolder = () => join(dir, `offsite-${++folders}`);
  /** One `backup` into `backupDir`; the new copy's file name. */
  async function backupInto(backupDir: string, extra: NodeJS.ProcessEnv = {}): Promise<string> {
    const before = new Set(existsSync(backupDir) ? copies(backupDir) : []);
    const result = await cli(['backup'], { FIVESTAR_BACKUP_DIR: backupDir, ...extra });
    expect(result.code, result.stderr).toBe(0);
    const made = copies(backupDir).filter((f) => !before.has(f));
    expect(made).toHaveLength(1);
    return made[0]!;
  }

  /** `backup` while a grid worker keeps reporting disputes (with a party's ID number and phone) through the app. */
  async function backupUnderLoad(backupDir: string) {
    const grid001 = await login(app, 'grid001');
    const unitId = (await grid001.get('/api/me')).json().user.unit.id;
    const statuses: number[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop || i < 20; i++) {
        const res = await grid001.post('/api/grid/events', {
          class: 'dispute',
          typeCode: 'dispute.neighbour',
          unitId,
          place: `村西 ${i} 号`,
          description: '邻里纠纷，需要调解',
          parties: [{ name: '李四', idNumber: PARTY_ID, phone: PARTY_PHONE }],
        });
        statuses.push(res.statusCode);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const result = await cli(['backup'], { FIVESTAR_BACKUP_DIR: backupDir });
    stop = true;
    const during = statuses.length; // writes answered while the backup process ran
    await writer;
    return { result, statuses, during };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fivestar-backup-'));
    dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const secret = randomBytes(32).toString('hex');
    writeFileSync(join(dataDir, 'secret.key'), secret + '\n', { mode: 0o600 });
    keys = deriveKeys(Buffer.from(secret, 'hex'));
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: `file:${join(dataDir, 'fivestar.db')}`,
      FIVESTAR_DATA_DIR: dataDir,
    };
    handle = openDatabase(env.DATABASE_URL!);
    await migrateApp(handle);
    await syncBuiltinRoles(handle.db);
    const audit = createAuditService({ key: keys.audit, clock, dialect: 'sqlite' });
    await seedDemo({ ...handle, keys, clock, audit, password: TEST_PASSWORD, hashCost: FAST_HASH });
    app = await buildApp({
      database: handle,
      keys,
      clock,
      hashCost: FAST_HASH,
      settings: { filesDir: dataDir, loginRateLimit: 10_000, totpRoles: [] },
    });
    await app.ready();

    // A person with a known ID number and phone, and an evidence upload (a scanned roster) holding both in clear.
    const secretary = await login(app, 'secretary01');
    const unitId = (await secretary.get('/api/me')).json().user.unit.id;
    const person = await secretary.post('/api/persons', {
      unitId,
      name: '备份测试人',
      idNumber: SEEDED_ID,
      phone: SEEDED_PHONE,
    });
    expect(person.statusCode).toBe(201);
    const roster = Buffer.from(`%PDF-1.4 roster: 张三 ${SEEDED_ID} ${SEEDED_PHONE}\n`);
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(roster).digest('hex');
    mkdirSync(join(dataDir, 'evidence', sha.slice(0, 2)), { recursive: true });
    writeFileSync(join(dataDir, 'evidence', sha.slice(0, 2), sha), roster);
    const model = await handle.db.selectFrom('evidence_files').selectAll().limit(1).executeTakeFirstOrThrow();
    const { id: _id, ...row } = model;
    await handle.db
      .insertInto('evidence_files')
      .values({
        ...row,
        sha256: sha,
        mime: 'application/pdf',
        ext: 'pdf',
        size: roster.length,
        name: 'roster.pdf',
      })
      .execute();
    // A collective income voucher (a registry file) in the same store: copied and encrypted like the evidence.
    const income = await secretary.post('/api/development/registries/collectiveIncome', {
      values: {
        unit: unitId,
        category: 'operation',
        amountYuan: 5000,
        receivedOn: '2026-03-01',
        voucherNo: '记-备份-01',
      },
    });
    expect(income.statusCode, income.body).toBe(201);
    const voucher = await secretary.request(
      'POST',
      `/api/development/registries/collectiveIncome/${income.json().id}/files?name=voucher.pdf`,
      Buffer.from(`%PDF-1.4 voucher: 李四 ${SEEDED_ID}\n`),
      { 'content-type': 'application/octet-stream' },
    );
    expect(voucher.statusCode, voucher.body).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies while the app is writing: checked, named by UTC time, no ID number or phone in clear', async () => {
    const backupDir = newFolder();
    const { result, statuses, during } = await backupUnderLoad(backupDir);
    expect(during).toBeGreaterThan(0);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/integrity ok; audit chain intact \(\d+ rows\)/);
    expect(new Set(statuses)).toEqual(new Set([201]));
    expect(statuses.length).toBeGreaterThan(20);

    const [file] = copies(backupDir);
    expect(file).toMatch(/^fivestar-\d{8}-\d{6}Z\.db$/);
    const manifest = JSON.parse(readFileSync(join(backupDir, file!.replace(/\.db$/, '.json')), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'sqlite', integrity: 'ok', audit: { ok: true } });
    expect(manifest.evidence.files).toHaveLength(3); // the demo photo, the roster and the voucher
    expect(manifest.evidence.missing).toEqual([]);
    expect(statSync(join(backupDir, file!)).mode & 0o777).toBe(0o600);
    expect(readdirSync(backupDir).filter((f) => f.includes('.tmp'))).toEqual([]);

    // Byte search of every file written to the backup folder (the copy, its manifest, the evidence store).
    for (const path of filesUnder(backupDir)) {
      const bytes = readFileSync(path);
      for (const needle of [SEEDED_ID, SEEDED_PHONE, PARTY_ID, PARTY_PHONE])
        expect(bytes.includes(Buffer.from(needle)), `${needle} in ${path}`).toBe(false);
    }
    // …whereas the roster is there in clear in the live evidence folder: the search would find it.
    expect(filesUnder(join(dataDir, 'evidence')).some((p) => readFileSync(p).includes(SEEDED_ID))).toBe(true);

    // The run is audited in the live database: who, what, where, size.
    const row = await handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'system.backup')
      .where(sql<boolean>`new_value like ${`%${file}%`}`)
      .executeTakeFirstOrThrow();
    expect(row.actor_name).toMatch(/^cli/);
    expect(row.result).toBe('ok');
    expect(JSON.parse(row.new_value!)).toMatchObject({ file, dir: backupDir, bytes: manifest.bytes });
  });

  it('restores into an empty folder; the app boots on it with the same counts and an intact chain', async () => {
    const before = await counts(handle);
    const backupDir = newFolder();
    const latest = await backupInto(backupDir);
    const target = join(dir, 'restored');
    const restored = await cli(['restore', '--from', join(backupDir, latest), '--data', target]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/integrity ok; audit chain intact/);
    expect(statSync(join(target, 'secret.key')).mode & 0o777).toBe(0o600);

    const restoredHandle = openDatabase(`file:${join(target, 'fivestar.db')}`);
    const restoredApp = await buildApp({
      database: restoredHandle,
      keys: deriveKeys(Buffer.from(readFileSync(join(target, 'secret.key'), 'utf8').trim(), 'hex')),
      clock,
      hashCost: FAST_HASH,
      settings: { filesDir: target, totpRoles: [] },
    });
    try {
      await restoredApp.ready();
      const after = await counts(restoredHandle);
      // One more audit row: the restore itself is recorded in the restored database.
      expect(after).toEqual({ ...before, audit_log: before.audit_log + 1 });
      const last = await restoredHandle.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(last.action).toBe('system.restore');
      const verified = await restoredApp.audit.verify(restoredHandle.db);
      expect(verified).toEqual({ ok: true, rows: before.audit_log + 1 });
      expect((await restoredApp.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      // Sign-in, the person and the evidence files work on the restored data.
      const township = await login(restoredApp, 'township');
      expect((await township.get('/api/persons?q=备份测试人')).json().items).toHaveLength(1);
      for (const path of filesUnder(join(dataDir, 'evidence'))) {
        const copy = path.replace(dataDir, target);
        if (readFileSync(path).includes(SEEDED_ID))
          expect(readFileSync(copy).equals(readFileSync(path))).toBe(true);
      }
    } finally {
      await restoredApp.close();
      await restoredHandle.close();
    }
  });

  it('the copy made under load restores too, and matches its own manifest', async () => {
    const backupDir = newFolder();
    const { result } = await backupUnderLoad(backupDir);
    expect(result.code, result.stderr).toBe(0);
    const first = copies(backupDir)[0]!;
    const manifest = JSON.parse(readFileSync(join(backupDir, first.replace(/\.db$/, '.json')), 'utf8')) as {
      counts: Record<(typeof COUNTED_TABLES)[number], number>;
    };
    const target = join(dir, 'restored-under-load');
    const restored = await cli(['restore', '--from', join(backupDir, first), '--data', target]);
    expect(restored.code, restored.stderr).toBe(0);
    const h = openDatabase(`file:${join(target, 'fivestar.db')}`);
    try {
      expect(await counts(h)).toEqual({ ...manifest.counts, audit_log: manifest.counts.audit_log + 1 });
      const live = await counts(handle);
      expect(manifest.counts.grid_events).toBeLessThanOrEqual(live.grid_events);
    } finally {
      await h.close();
    }
  });

  it('refuses a folder that is not empty, and a copy read with the wrong secret', async () => {
    const backupDir = newFolder();
    const latest = await backupInto(backupDir);
    const busy = join(dir, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'keep.txt'), 'x');
    const refused = await cli(['restore', '--from', join(backupDir, latest), '--data', busy]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(`refusing to restore into ${busy}: the folder is not empty`);
    expect(readdirSync(busy)).toEqual(['keep.txt']);

    const wrongKey = join(dir, 'wrong.key');
    writeFileSync(wrongKey, randomBytes(32).toString('hex'));
    const target = join(dir, 'wrong-secret');
    const bad = await cli([
      'restore',
      '--from',
      join(backupDir, latest),
      '--data',
      target,
      '--key',
      wrongKey,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/audit chain does not verify at row 1/);
    expect(readdirSync(target)).toEqual([]);
  });

  it('keeps the newest N copies and only the evidence they list', async () => {
    const backupDir = newFolder();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push(await backupInto(backupDir, { FIVESTAR_BACKUP_KEEP: '2' }));
    expect(copies(backupDir).sort()).toEqual(made.slice(1).sort());
    expect(readdirSync(backupDir).filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(filesUnder(join(backupDir, 'evidence'))).toHaveLength(3);
  });

  it('health reports the newest copy (times only) and turns not-ok after 24 h', async () => {
    const backupDir = newFolder();
    await backupInto(backupDir);
    const statusApp = await buildApp({
      database: handle,
      keys,
      clock,
      hashCost: FAST_HASH,
      settings: { filesDir: dataDir, totpRoles: [] },
      backupStatus: createBackupStatusReader(backupDir, clock),
    });
    try {
      const newest = copies(backupDir).at(-1)!.replace(/\.db$/, '.json');
      const createdAt = JSON.parse(readFileSync(join(backupDir, newest), 'utf8')).createdAt as string;
      const now = new ManualClock(Date.now());
      const fresh = backupStatus(backupDir, now.now());
      expect(fresh.latestAt).toBe(createdAt.replace(/\.\d{3}Z$/, '.000Z'));
      expect(fresh.ok).toBe(true);
      now.advance(25 * 3_600_000);
      const stale = backupStatus(backupDir, now.now());
      expect(stale.ok).toBe(false);
      expect(stale.ageHours).toBeGreaterThanOrEqual(25);
      const res = await statusApp.inject({ method: 'GET', url: '/api/health' });
      const body = res.json();
      expect(Object.keys(body.backup).sort()).toEqual(['ageHours', 'latestAt', 'ok']);
      expect(res.body).not.toContain(backupDir);
      expect(backupStatus(join(dir, 'nothing-here'), clock.now())).toEqual({
        latestAt: null,
        ageHours: null,
        ok: false,
      });
    } finally {
      await statusApp.close();
    }
  });

  it('on PostgreSQL without pg_dump, backup says so in one line', async () => {
    const bin = join(dir, 'bin-node-only');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node')); // tsx needs node; nothing else on PATH
    const result = await cli(['backup'], {
      FIVESTAR_BACKUP_DIR: newFolder(),
      DATABASE_URL: 'postgres://fivestar@127.0.0.1:1/fivestar',
      PATH: bin,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(PG_DUMP_MISSING);
  });
});

describe('daily backup schedule', () => {
  it('runs when the newest copy is 23 h old, not before; waits an hour after a failure', async () => {
    const clock = new ManualClock();
    let latest: number | null = null;
    let fail = false;
    let runs = 0;
    const schedule = createBackupSchedule({
      clock,
      status: async () => ({
        latestAt: latest === null ? null : new Date(latest).toISOString(),
        ageHours: null,
        ok: false,
      }),
      run: async () => {
        runs++;
        if (fail) throw new Error('disk full');
        latest = clock.now();
      },
    });
    expect(await schedule.tick()).toBe('ran');
    clock.advance(22 * 3_600_000);
    expect(await schedule.tick()).toBe('not_due');
    clock.advance(3_600_000);
    fail = true;
    expect(await schedule.tick()).toBe('failed');
    clock.advance(30 * 60_000);
    expect(await schedule.tick()).toBe('waiting_after_failure');
    fail = false;
    clock.advance(31 * 60_000);
    expect(await schedule.tick()).toBe('ran');
    expect(runs).toBe(3);
  });
});

/** On PostgreSQL the copy is pg_dump's (scripts/test-pg.sh provides the server; pg_dump comes with it). */
describe.runIf(process.env.TEST_DATABASE_URL)('backup on PostgreSQL', () => {
  it('runs pg_dump --format=custom, checks it with pg_restore --list and audits the run', async () => {
    const admin = new (await import('pg')).default.Client({
      connectionString: process.env.TEST_DATABASE_URL,
    });
    await admin.connect();
    const name = `fivestar_bk_${randomBytes(4).toString('hex')}`;
    await admin.query(`create database ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const dir = mkdtempSync(join(tmpdir(), 'fivestar-pgbackup-'));
    const secret = randomBytes(32).toString('hex');
    const keys = deriveKeys(Buffer.from(secret, 'hex'));
    const handle = openDatabase(url.toString());
    try {
      await migrateApp(handle);
      await syncBuiltinRoles(handle.db);
      const clock = new ManualClock();
      const audit = createAuditService({ key: keys.audit, clock, dialect: 'postgres' });
      await seedDemo({ ...handle, keys, clock, audit, password: TEST_PASSWORD, hashCost: FAST_HASH });
      const result = await exec(TSX, ['server/src/cli.ts', 'backup', '--out', join(dir, 'out')], {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: url.toString(),
          FIVESTAR_SECRET: secret,
          FIVESTAR_DATA_DIR: dir,
        },
      });
      expect(result.stdout).toMatch(/\.pgdump: .* integrity pg_restore --list ok; audit chain intact/);
      const [dump] = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.pgdump'));
      expect(dump).toMatch(/^fivestar-\d{8}-\d{6}Z\.pgdump$/);
      expect(
        readFileSync(join(dir, 'out', dump!))
          .subarray(0, 5)
          .toString(),
      ).toBe('PGDMP');
      const row = await handle.db
        .selectFrom('audit_log')
        .select(['result', 'new_value'])
        .where('action', '=', 'system.backup')
        .executeTakeFirstOrThrow();
      expect(row.result).toBe('ok');
      expect(JSON.parse(row.new_value!).file).toBe(dump);
    } finally {
      await handle.close();
      await admin.query(`drop database ${name}`); // waits (up to 5 s) for the closed pool's sessions to go
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
