/**
 * docs/security.md item 34: a power cut while phones send reports loses no report that was answered 201.
 *
 * The server's data folder sits on a file system that keeps every written byte in memory until the file is synced
 * (scripts/powercut-fs.py, FUSE). The power cut is a SIGKILL of the server and of that file system at once: what
 * was not synced is gone, as in a real power cut. Afterwards the folder underneath must hold every acknowledged
 * report exactly once, pass `PRAGMA integrity_check`, verify its audit chain, and start a server again.
 *
 * A control on the same file system shows it really drops unsynced data: SQLite with synchronous=OFF acknowledges
 * rows that are gone after the cut. Without that, the main test could pass on a file system that syncs everything.
 *
 * Needs /dev/fuse, mount rights and python3-fusepy (scripts/ensure-system-deps.sh installs it); where FUSE cannot
 * mount, the test says so and is skipped.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  createStore,
  freePort,
  gridWorkers,
  inspectReports,
  integrityCheck,
  loginAll,
  ROOT,
  runIntake,
  startServer,
  stopServer,
  stopwatch,
  submissionsFor,
  tally,
  verifyAudit,
  type ServerProcess,
} from './harness.ts';

const CLIENTS = 10;
const PER_CLIENT = 20; // 200 submissions
const CUT_AFTER = 100; // 201 answers seen before the power cut
const PYTHON = '/usr/bin/python3';
const MOUNT_WAIT_MS = 20_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mounted = (dir: string) =>
  readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[1] === dir);

const available = () =>
  existsSync('/dev/fuse') &&
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ['-c', 'import fusepy'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

/**
 * The power-cut file system over `backing`, mounted on a new folder; `cut()` kills it and unmounts. Null, with the
 * reason printed, where FUSE is missing or cannot mount (the caller skips).
 */
async function mountPowerCut(backing: string) {
  if (!available()) {
    console.warn('[reliability] power cut: skipped, /dev/fuse or python3-fusepy is missing');
    return null;
  }
  const mountPoint = mkdtempSync(join(tmpdir(), 'fivestar-powercut-'));
  const child: ChildProcess = spawn(PYTHON, [join(ROOT, 'scripts/powercut-fs.py'), backing, mountPoint], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + MOUNT_WAIT_MS;
  while (!mounted(mountPoint)) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(mountPoint, { recursive: true, force: true });
      console.warn(
        `[reliability] power cut: skipped, FUSE cannot mount here (${stderr.trim() || 'the mount did not appear'})`,
      );
      return null;
    }
    await pause(50);
  }
  let done = false;
  const cut = () => {
    if (done) return;
    done = true;
    child.kill('SIGKILL');
    // A lazy unmount: the dead file system's mount goes; the backing folder keeps only what was synced.
    execFileSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  };
  return { mountPoint, cut };
}

describe('power cut during report submissions (SQLite on a file system that drops unsynced data)', () => {
  it('the file system drops what was not synced: synchronous=OFF loses acknowledged rows', async (ctx) => {
    const backing = mkdtempSync(join(tmpdir(), 'fivestar-powercut-backing-'));
    let cutControl = () => {};
    try {
      const fs = await mountPowerCut(backing);
      if (!fs) return ctx.skip();
      cutControl = fs.cut;
      const db = new Database(join(fs.mountPoint, 'control.db'));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = OFF');
      db.exec('create table t (n integer)');
      const insert = db.prepare('insert into t (n) values (?)');
      for (let n = 0; n < 50; n++) insert.run(n);
      expect(db.prepare('select count(*) as c from t').get()).toEqual({ c: 50 });
      fs.cut();
      try {
        db.close();
      } catch {
        // its file system is gone
      }
      const after = new Database(join(backing, 'control.db'));
      const table = after.prepare("select count(*) as c from sqlite_master where name = 't'").get() as {
        c: number;
      };
      const rows = table.c ? (after.prepare('select count(*) as c from t').get() as { c: number }).c : 0;
      after.close();
      expect(rows).toBeLessThan(50);
    } finally {
      cutControl();
      rmSync(backing, { recursive: true, force: true });
    }
  });

  // Two server starts, one of them through a file system in Python: a hang guard, not a time limit.
  it(
    'every report answered 201 before the cut is stored exactly once; the file checks out and starts again',
    { timeout: 240_000 },
    async (ctx) => {
      // Seeded on the ordinary disk, then served from the power-cut file system over the same folder.
      const store = await createStore('sqlite');
      let server: ServerProcess | null = null;
      let unmount = () => {};
      const time = stopwatch();
      try {
        const fs = await mountPowerCut(store.dataDir);
        if (!fs) return ctx.skip();
        unmount = fs.cut;
        const onCut = {
          ...store,
          databaseUrl: `file:${join(fs.mountPoint, 'fivestar.db')}`,
          dataDir: fs.mountPoint,
        };
        const port = await freePort();
        server = await startServer(onCut, port);
        time.lap('start on the power-cut file system');
        const clients = await loginAll(server.url, gridWorkers(CLIENTS));
        const subs = submissionsFor(clients, PER_CLIENT, 'pc');
        const victim = server;
        let created = 0;
        let cutDone = false;
        await runIntake(subs, (s) => {
          if (s.status === 201 && ++created === CUT_AFTER && !cutDone) {
            cutDone = true;
            // The power goes: the server and the file system stop at once.
            victim.signal('SIGKILL');
            fs.cut();
          }
        });
        expect(cutDone).toBe(true);
        await victim.exited;
        time.lap('load until the cut');
        const acked = subs.filter((s) => s.status === 201);
        expect(acked.length).toBeGreaterThanOrEqual(CUT_AFTER);

        // The folder underneath, as the disk kept it.
        const found = await inspectReports(store);
        for (const s of acked) {
          const rows = found.byKey.get(s.key) ?? [];
          expect(rows, `acknowledged ${s.key}`).toHaveLength(1);
          expect(rows[0]!.id).toBe(s.id);
        }
        expect([...found.byKey].filter(([, rows]) => rows.length !== 1).map(([key]) => key)).toEqual([]);
        expect(await integrityCheck(store)).toBe('ok');
        expect(await verifyAudit(store)).toMatchObject({ ok: true });
        time.lap('inspect');

        server = await startServer(store, port);
        time.lap('restart on the disk');
        console.log(
          `[reliability] power cut: ${JSON.stringify(tally(subs))}; ${acked.length} acknowledged, ` +
            `${found.events.length} stored; ms ${JSON.stringify(time.phases)}`,
        );
      } finally {
        await stopServer(server);
        unmount();
        await store.dispose();
      }
    },
  );
});
