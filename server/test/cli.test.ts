import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules/.bin/tsx');

/** The operator's commands, run as a user would: `npm run cli -- …` on an SQLite file. */
describe('cli', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => run(TSX, ['server/src/cli.ts', ...args], { env });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fivestar-cli-'));
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: `file:${join(dir, 'cli.db')}`,
      FIVESTAR_DATA_DIR: dir,
      FIVESTAR_DEMO_PASSWORD: 'Cli-Test-Pass-2026',
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds once, then finds the audit chain intact', async () => {
    expect((await cli('seed')).stdout).toMatch(/seeded/);
    expect((await cli('seed')).stdout).toMatch(/already seeded/);
    expect((await cli('audit:verify')).stdout).toMatch(/intact: 1 rows/);
  });

  it('audit:verify exits 1 naming the first row edited in the database', async () => {
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
    const failed = await run(TSX, ['server/src/main.ts'], { env: { ...env, PORT: 'eighty' } }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr.trim()).toBe(
      'Invalid configuration: PORT Invalid input: expected number, received NaN',
    );
  });
});
