import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { migrateApp } from '../../src/kernel/migrations.ts';
import {
  checkAnchor,
  checkAuditAnchorAtStart,
  createAuditService,
  makeAnchor,
  readAnchorFile,
  writeAnchorFile,
} from '../../src/modules/audit/index.ts';
import { deriveKeys } from '../../src/security/crypto.ts';
import { createTestApp, TEST_KEYS, type TestContext } from '../test-app.ts';

const run = promisify(execFile);

/** Deletes the newest `n` audit rows the way someone with database access would: around the append-only guard. */
async function cutTail(db: Db, dialect: 'sqlite' | 'postgres', n: number) {
  const ids = (await db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(n).execute()).map(
    (r) => r.id,
  );
  if (dialect === 'postgres') {
    await sql.raw('alter table audit_log disable trigger user').execute(db);
    await db.deleteFrom('audit_log').where('id', 'in', ids).execute();
    await sql.raw('alter table audit_log enable trigger user').execute(db);
  } else {
    await sql.raw('drop trigger audit_log_no_delete').execute(db);
    await db.deleteFrom('audit_log').where('id', 'in', ids).execute();
  }
}

/** Issue 13 item 5: with the delete guard dropped, cutting the last 20 rows left a chain that still verified. */
describe('the audit anchor outside the table', () => {
  let ctx: TestContext | undefined;
  let dir: string;
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('the running app keeps the anchor; cutting the last 20 rows passes the chain but fails the anchor and start-up', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fivestar-anchor-'));
    const file = join(dir, 'audit.anchor');
    ctx = await createTestApp({ seed: false, settings: { auditAnchorFile: file } });
    const { db, dialect } = ctx.database;
    for (let i = 0; i < 30; i++)
      await ctx.app.audit.record(db, { actorName: 'test', action: `test.row${i}` });
    await ctx.app.close(); // flushes the anchor, leaves the database open
    const anchor = readAnchorFile(file)!;
    expect(anchor.rows).toBe(30);
    expect(await checkAnchor(db, TEST_KEYS.audit, anchor)).toEqual({ ok: true });

    await cutTail(db, dialect, 20);
    const audit = createAuditService({ key: TEST_KEYS.audit, clock: ctx.clock, dialect });
    // What the probe saw: the shortened chain still links up.
    expect(await audit.verify(db)).toEqual({ ok: true, rows: 10 });
    const checked = await checkAnchor(db, TEST_KEYS.audit, anchor);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.reason).toMatch(/missing \(tail cut\)/);

    const recorded: string[] = [];
    const start = (override: boolean) =>
      checkAuditAnchorAtStart({
        db,
        key: TEST_KEYS.audit,
        file,
        now: ctx!.clock.now(),
        override,
        record: async (entry) => {
          recorded.push(entry.action);
          await audit.record(db, { actorName: 'system', ...entry });
        },
      });
    await expect(start(false)).rejects.toThrow(
      /audit anchor mismatch: row \d+ named by the anchor is missing/,
    );
    expect(recorded).toEqual([]);
    // The operator's deliberate override starts, records what was found and re-anchors.
    expect(await start(true)).toEqual({ status: 'overridden' });
    expect(recorded).toEqual(['audit.anchor_reset']);
    expect(await start(false)).toEqual({ status: 'ok' });
  });

  it('an anchor signed with another key is refused', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fivestar-anchor-'));
    ctx = await createTestApp({ seed: false });
    await ctx.app.audit.record(ctx.database.db, { actorName: 'test', action: 'test.row' });
    const forged = await makeAnchor(ctx.database.db, Buffer.alloc(32, 9), 0);
    const checked = await checkAnchor(ctx.database.db, TEST_KEYS.audit, forged);
    expect(checked.ok).toBe(false);
  });

  it.skipIf(process.env.TEST_DATABASE_URL)(
    'npm run cli audit:verify exits 1 when the tail was cut',
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'fivestar-anchor-cli-'));
      const secret = randomBytes(32).toString('hex');
      const keys = deriveKeys(Buffer.from(secret, 'hex'));
      const dbUrl = `file:${join(dir, 'fivestar.db')}`;
      const handle = openDatabase(dbUrl);
      await migrateApp(handle);
      const audit = createAuditService({ key: keys.audit, clock: systemClock, dialect: 'sqlite' });
      for (let i = 0; i < 25; i++)
        await audit.record(handle.db, { actorName: 'test', action: `test.row${i}` });
      writeAnchorFile(join(dir, 'audit.anchor'), await makeAnchor(handle.db, keys.audit, Date.now()));
      const env = {
        PATH: process.env.PATH,
        DATABASE_URL: dbUrl,
        FIVESTAR_DATA_DIR: dir,
        FIVESTAR_SECRET: secret,
      };
      const cli = () =>
        run(join(process.cwd(), 'node_modules/.bin/tsx'), ['server/src/cli.ts', 'audit:verify'], { env });
      expect((await cli()).stdout).toMatch(/intact: 25 rows; anchor matches/);
      await cutTail(handle.db, 'sqlite', 20);
      await handle.close();
      const failed = await cli().then(
        () => null,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toMatch(/does not match its anchor: row 25 named by the anchor is missing/);
      expect(existsSync(join(dir, 'audit.anchor'))).toBe(true);
    },
    60_000,
  );
});
