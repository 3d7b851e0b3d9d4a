import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../../src/db/database.ts';
import { createCacheVersions } from '../../src/kernel/cache-versions.ts';
import { chinaDate } from '@fivestar/common';
import { buildApp } from '../../src/app.ts';
import { createWorld, type World } from '../builders.ts';
import { gridTownship, reportBody } from '../grid/grid.builders.ts';
import { createTestApp, FAST_HASH, login, TEST_KEYS, type TestContext } from '../test-app.ts';

/**
 * The versioned caches of kernel/cache-versions.ts. Two registries on one database stand for two server processes;
 * a registry that checks "never" (checkMs: Infinity) shows what a process holds between two checks, `refresh()` the
 * check itself — no timing involved.
 */
describe('versioned in-process caches', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestApp({ seed: false });
  });
  afterEach(() => ctx.close());

  const value = async (q: DbOrTrx) =>
    (await q.selectFrom('app_meta').select('value').where('key', '=', 'cache-test').executeTakeFirst())
      ?.value ?? 'none';
  const write = (q: DbOrTrx, v: string) =>
    q
      .insertInto('app_meta')
      .values({ key: 'cache-test', value: v })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: v }))
      .execute();

  it('keeps a value until its version changes, and the writing process sees its own change at once', async () => {
    const { db } = ctx.database;
    let loads = 0;
    const a = createCacheVersions(db, { checkMs: Infinity }).cached('t', (q) => (loads++, value(q)));
    expect(await a.get()).toBe('none');
    await write(db, 'behind its back'); // not through a bump: the cache does not know
    expect(await a.get()).toBe('none');
    expect(loads).toBe(1);
    await db.transaction().execute(async (trx) => {
      await write(trx, 'v1');
      await a.bump(trx);
    });
    expect(await a.get()).toBe('v1');
    expect(await a.get()).toBe('v1');
    expect(loads).toBe(2);
  });

  it('another process sees the change at its next version check', async () => {
    const { db } = ctx.database;
    const procA = createCacheVersions(db, { checkMs: Infinity });
    const procB = createCacheVersions(db, { checkMs: Infinity });
    const everyTime = createCacheVersions(db, { checkMs: 0 }).cached('t', value);
    const a = procA.cached('t', value);
    const b = procB.cached('t', value);
    expect([await a.get(), await b.get(), await everyTime.get()]).toEqual(['none', 'none', 'none']);
    await db.transaction().execute(async (trx) => {
      await write(trx, 'v1');
      await a.bump(trx);
    });
    expect(await b.get()).toBe('none'); // between two checks
    expect(await everyTime.get()).toBe('v1');
    await procB.refresh();
    expect(await b.get()).toBe('v1');
  });

  it('concurrent gets share one load; a get after a bump does not join a load started before it', async () => {
    const { db } = ctx.database;
    await write(db, 'v0');
    let loads = 0;
    let release: () => void = () => {};
    const gate = () => new Promise<void>((r) => (release = r));
    let wait = gate();
    const a = createCacheVersions(db, { checkMs: Infinity }).cached('t', async (q) => {
      loads++;
      const v = await value(q);
      await wait;
      return v;
    });
    const first = [a.get(), a.get(), a.get()];
    await new Promise((r) => setTimeout(r, 10));
    release();
    expect(await Promise.all(first)).toEqual(['v0', 'v0', 'v0']);
    expect(loads).toBe(1);
    expect(await a.get()).toBe('v0');
    expect(loads).toBe(1);

    // a load in flight, then this process writes: the next get loads again and sees the write
    await db.transaction().execute(async (trx) => {
      await write(trx, 'v1');
      await a.bump(trx);
    });
    wait = gate();
    const before = a.get();
    await new Promise((r) => setTimeout(r, 10));
    await db.transaction().execute(async (trx) => {
      await write(trx, 'v2');
      await a.bump(trx);
    });
    const after = a.get();
    await new Promise((r) => setTimeout(r, 10));
    release();
    expect(await before).toBe('v1');
    expect(await after).toBe('v2');
    expect(loads).toBe(3);
    expect(await a.get()).toBe('v2');
    expect(loads).toBe(3);

    // inside a transaction a get reads through it, never through a shared load
    await db.transaction().execute(async (trx) => {
      await write(trx, 'v3');
      await a.bump(trx);
      expect(await a.get(trx)).toBe('v3');
    });
    expect(loads).toBe(4);
  });

  it('a rolled-back write leaves the committed value, and what the writer read inside it is not kept', async () => {
    const { db } = ctx.database;
    await write(db, 'v0');
    const a = createCacheVersions(db, { checkMs: Infinity }).cached('t', value);
    expect(await a.get()).toBe('v0');
    await expect(
      db.transaction().execute(async (trx) => {
        await write(trx, 'uncommitted');
        await a.bump(trx);
        expect(await a.get(trx)).toBe('uncommitted');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await a.get()).toBe('v0');
  });
});

describe('two apps on one database (two server processes)', () => {
  let w: World;
  afterEach(() => w.close());

  it('a holiday and a time limit set through one are counted by the other after its version check', async () => {
    w = await createWorld(); // Monday 2026-11-02
    const t = await gridTownship(w);
    const other = await buildApp({
      database: w.database,
      keys: TEST_KEYS,
      clock: w.clock,
      hashCost: FAST_HASH,
    });
    await other.ready();
    try {
      const phone = await login(other, t.workerUser.username);
      const due = async () =>
        chinaDate((await phone.post('/api/grid/events', reportBody(t.village))).json().event.dueAt);
      expect(await due()).toBe('2026-11-03'); // the other process has read (and cached) calendar and limits
      expect(
        (await t.office.post('/api/calendar', { date: '2026-11-03', kind: 'holiday', name: '测试假日' }))
          .statusCode,
      ).toBe(200);
      await other.caches.refresh();
      expect(await due()).toBe('2026-11-04');
      expect(
        (await t.centre.post('/api/grid/time-limits', { class: 'event', stage: 'accept', days: 3 }))
          .statusCode,
      ).toBe(200);
      await other.caches.refresh();
      expect(await due()).toBe('2026-11-06'); // three working days from Monday, the 3rd a holiday
    } finally {
      await other.close();
    }
  });
});
