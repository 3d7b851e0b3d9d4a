import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { allJobs } from '../src/kernel/jobs.ts';
import { settingsOf } from '../src/kernel/settings.ts';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules/.bin/tsx');

/**
 * The operator's commands, run as a user would: `npm run cli -- …`, each test on a data folder of its own. Each test
 * starts several processes that load the whole app and seed the demo: on a busy machine that takes minutes, not
 * seconds, so the time limit is generous (nothing here measures speed).
 */
describe('cli', { timeout: 300_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => run(TSX, ['server/src/cli.ts', ...args], { env });

  /** An empty data folder (SQLite file, secret) for this test. */
  function freshData() {
    dir = mkdtempSync(join(tmpdir(), 'fivestar-cli-'));
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: `file:${join(dir, 'cli.db')}`,
      FIVESTAR_DATA_DIR: dir,
      FIVESTAR_DEMO_PASSWORD: 'Cli-Test-Pass-2026',
    };
  }
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds once, then finds the audit chain intact', async () => {
    freshData();
    expect((await cli('seed')).stdout).toMatch(/seeded/);
    expect((await cli('seed')).stdout).toMatch(/already seeded/);
    expect((await cli('audit:verify')).stdout).toMatch(/intact: 1 rows/);
  });

  it('jobs:run runs the daily jobs on demand, once a day unless --force; users:enable re-enables an account', async () => {
    freshData();
    await cli('seed');
    const first = (await cli('jobs:run')).stdout;
    expect(first).toMatch(/accounts\.disable_idle: ran \{"disabled":0\}/);
    expect(first).toMatch(/disputes\.anonymise: ran \{"disputes":\d+/);
    expect((await cli('jobs:run', 'accounts.disable_idle')).stdout).toMatch(/already ran today/);
    expect((await cli('jobs:run', 'accounts.disable_idle', '--force')).stdout).toMatch(
      /ran \{"disabled":0\}/,
    );
    const unknown = await cli('jobs:run', 'nope').then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(unknown?.code).toBe(2);

    // The way back for an account the idle job disabled (e.g. the last administrator).
    const db = new SQLite(join(dir, 'cli.db'));
    db.prepare("update users set status = 'disabled' where username = 'township'").run();
    db.close();
    expect((await cli('users:enable', 'township')).stdout).toMatch(/township is active/);
    const check = new SQLite(join(dir, 'cli.db'));
    const row = check.prepare("select status from users where username = 'township'").get() as {
      status: string;
    };
    const audited = check.prepare("select count(*) as n from audit_log where actor_name = 'cli'").get() as {
      n: number;
    };
    check.close();
    expect(row.status).toBe('active');
    expect(audited.n).toBe(1);
    expect((await cli('audit:verify')).stdout).toMatch(/intact/);
  });

  it('audit:verify exits 1 naming the first row edited in the database', async () => {
    freshData();
    await cli('jobs:run'); // one audited run per daily job on a migrated, empty database
    const jobs = allJobs(settingsOf()).length;
    expect((await cli('audit:verify')).stdout).toMatch(new RegExp(`intact: ${jobs} rows`));
    const db = new SQLite(join(dir, 'cli.db'));
    db.exec('drop trigger audit_log_no_update');
    db.prepare("update audit_log set actor_name = 'someone else' where id = 1").run();
    db.close();
    const failed = await cli('audit:verify').then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/broken at row 1: content changed/);
  });

  it('a bad setting stops with one line and exit 1', async () => {
    freshData();
    const failed = await run(TSX, ['server/src/main.ts'], { env: { ...env, PORT: 'eighty' } }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr.trim()).toBe(
      'Invalid configuration: PORT Invalid input: expected number, received NaN',
    );
  });

  it('the server starts, serves, and on SIGTERM finishes and exits 0', async () => {
    freshData();
    await cli('seed');
    const port = 20000 + Math.floor(Math.random() * 20000);
    // node with tsx's loader, not the tsx CLI: the CLI relays SIGTERM to its child and, when the child's
    // acknowledgement takes over 30 ms (a loaded machine), SIGKILLs it and exits 143 — the test would then measure
    // tsx's timing, not the server's shutdown.
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: { ...env, PORT: String(port), LOG_LEVEL: 'warn', WEB_DIST: join(dir, 'no-web') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let health: { status: string; db: string } | null = null;
      for (let i = 0; i < 100 && !health; i++) {
        await new Promise((r) => setTimeout(r, 200));
        health = await fetch(`http://127.0.0.1:${port}/api/health`).then(
          (r) => r.json() as Promise<{ status: string; db: string }>,
          () => null,
        );
      }
      expect(health, output).toEqual({ status: 'ok', db: 'sqlite', version: expect.any(String) });
      expect(output).toMatch(/demo accounts exist/i);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
