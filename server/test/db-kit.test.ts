import { sql, type Generated, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommitBatcher } from '../src/db/commit-batcher.ts';
import { assertDurable, openDatabase, type DbHandle } from '../src/db/database.ts';
import { migrateApp } from '../src/kernel/migrations.ts';
import { prepared } from '../src/db/prepared.ts';
import type { Database } from '../src/db/schema.ts';
import { createTestDatabase } from './test-app.ts';

type Notes = Database & { t_notes: { id: Generated<number>; body: string } };

describe('database kit: prepared queries and group commit', () => {
  let database: DbHandle & { drop(): Promise<void> };
  let db: Kysely<Notes>;

  beforeEach(async () => {
    database = await createTestDatabase();
    await migrateApp(database);
    db = database.db as unknown as Kysely<Notes>;
    await sql
      .raw(
        database.dialect === 'postgres'
          ? 'create table t_notes (id serial primary key, body text not null unique)'
          : 'create table t_notes (id integer primary key autoincrement, body text not null unique)',
      )
      .execute(db);
  });
  afterEach(async () => database.drop());

  const count = async () =>
    Number(
      (
        await db
          .selectFrom('t_notes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a prepared query binds new values on every run, fixed values stay, a missing value is an error', async () => {
    const add = prepared<{ body: string }, { id: number; body: string }>((k, arg) =>
      (k as unknown as Kysely<Notes>)
        .insertInto('t_notes')
        .values({ body: arg('body') })
        .returningAll(),
    );
    const find = prepared<{ from: number }, { body: string }>((k, arg) =>
      (k as unknown as Kysely<Notes>)
        .selectFrom('t_notes')
        .select('body')
        .where('id', '>=', arg('from'))
        .where('body', '!=', 'hidden')
        .orderBy('id')
        .limit(2),
    );
    const a = await add.first(database.db, { body: 'first' });
    await add.first(database.db, { body: 'hidden' });
    const c = await add.first(database.db, { body: 'third' });
    const d = await add.first(database.db, { body: 'fourth' });
    expect([a?.body, c?.body, d?.body]).toEqual(['first', 'third', 'fourth']);
    expect((await find.all(database.db, { from: a!.id })).map((r) => r.body)).toEqual(['first', 'third']);
    expect((await find.all(database.db, { from: c!.id })).map((r) => r.body)).toEqual(['third', 'fourth']);
    // In a transaction too, and the write rolls back with it.
    await database.db
      .transaction()
      .execute(async (trx) => {
        await add.run(trx, { body: 'rolled back' });
        throw new Error('stop');
      })
      .catch(() => undefined);
    expect(await count()).toBe(4);
    await expect(add.run(database.db, {} as { body: string })).rejects.toThrow(/no value for "body"/);
  });

  it('writes that arrive together share one commit; each settles only once committed', async () => {
    const batcher = createCommitBatcher(database.db);
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        batcher.run(async (trx) => {
          await (trx as unknown as Kysely<Notes>)
            .insertInto('t_notes')
            .values({ body: `n${i}` })
            .execute();
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(await count()).toBe(25);
    const stats = batcher.stats();
    expect(stats.writes).toBe(25);
    expect(stats.batches).toBeLessThan(25);
    expect(stats.largest).toBeGreaterThan(1);
    // One write alone still commits (no savepoint needed).
    await batcher.run((trx) =>
      (trx as unknown as Kysely<Notes>).insertInto('t_notes').values({ body: 'alone' }).execute(),
    );
    expect(await count()).toBe(26);
  });

  it('a write that fails in a batch is rolled back alone, and only its caller sees the error', async () => {
    const batcher = createCommitBatcher(database.db);
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'a', 'c'].map((body, i) =>
        batcher.run(async (trx) => {
          const t = trx as unknown as Kysely<Notes>;
          await t
            .insertInto('t_notes')
            .values({ body: `${body}-side-${i}` })
            .execute();
          // The second 'a' breaks the unique key after its first insert: both of its rows must go.
          await t.insertInto('t_notes').values({ body }).execute();
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const bodies = (await db.selectFrom('t_notes').select('body').orderBy('body').execute()).map(
      (r) => r.body,
    );
    expect(bodies).toEqual(['a', 'a-side-0', 'b', 'b-side-1', 'c', 'c-side-3']);
    expect(batcher.stats().batches).toBe(1);
  });
});

describe('durability settings (docs/security.md item 34)', () => {
  it.runIf(!process.env.TEST_DATABASE_URL)(
    'an SQLite file opens in WAL mode with synchronous=FULL, and start-up refuses anything less',
    async () => {
      const { mkdtempSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const dir = mkdtempSync(join(tmpdir(), 'fivestar-durable-'));
      const handle = openDatabase(`file:${join(dir, 'd.db')}`);
      try {
        await expect(assertDurable(handle, false)).resolves.toBeUndefined();
        await sql.raw('pragma synchronous = NORMAL').execute(handle.db);
        await expect(assertDurable(handle, false)).rejects.toThrow(/synchronous=FULL/);
        await sql.raw('pragma synchronous = FULL').execute(handle.db);
        await sql.raw('pragma journal_mode = DELETE').execute(handle.db);
        await expect(assertDurable(handle, false)).rejects.toThrow(/WAL/);
      } finally {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.runIf(process.env.TEST_DATABASE_URL)(
    'start-up refuses a PostgreSQL that runs with fsync, full_page_writes or synchronous_commit off, unless told the server is a throw-away one',
    async () => {
      // scripts/test-pg.sh runs its throw-away server with all three off, for speed.
      const handle = openDatabase(process.env.TEST_DATABASE_URL!, { poolSize: 1 });
      try {
        await expect(assertDurable(handle, false)).rejects.toThrow(
          'PostgreSQL must run with fsync, full_page_writes and synchronous_commit on (found fsync=off, full_page_writes=off, synchronous_commit=off)',
        );
        await expect(assertDurable(handle, false, true)).resolves.toBeUndefined();
      } finally {
        await handle.close();
      }
    },
  );

  it.runIf(!process.env.TEST_DATABASE_URL)('the throw-away override never relaxes SQLite', async () => {
    const handle = openDatabase(':memory:');
    try {
      await sql.raw('pragma synchronous = NORMAL').execute(handle.db);
      await expect(assertDurable(handle, true, true)).rejects.toThrow(/synchronous=FULL/);
    } finally {
      await handle.close();
    }
  });
});
