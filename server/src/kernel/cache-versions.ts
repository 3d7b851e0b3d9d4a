import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../db/database.ts';
import type { AppMigration } from '../db/migration-kit.ts';

/**
 * In-process caches that stay correct when several server processes share one database.
 *
 * Every cached value has a name and a version row in `cache_versions`. A writer bumps the version inside the
 * transaction that changes the cached data (`bump(trx)`), so the new version is visible exactly when the data is.
 * Readers compare the version they loaded with the table's: all rows of the (tiny) table are read in one query at
 * most every `checkMs` (250 ms) per process, lazily on a `get`, so another process's change is seen within
 * `checkMs` of its commit, and the writing process itself sees its own change at once (it re-checks until the table
 * shows the version it wrote).
 *
 * Why a version check and not PostgreSQL LISTEN/NOTIFY: a notification is lost while the listening connection is
 * down (and pools reconnect), so a version check would be needed as the fallback anyway; SQLite has no
 * notifications; one code path serves both engines and costs at most four tiny reads a second per process.
 */

export interface CacheVersionsTable {
  name: string;
  version: number;
}

declare module '../db/schema.ts' {
  interface Database {
    cache_versions: CacheVersionsTable;
  }
}

/** The kernel's own migration (run after the modules' ones; see kernel/migrations.ts). */
export const cacheVersionsMigration: AppMigration = {
  name: 'kernel-0001-cache-versions',
  async up({ db }) {
    await db.schema
      .createTable('cache_versions')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
  },
};

/** How often (at most) a process reads the versions of its caches. */
export const CACHE_CHECK_MS = 250;

/** A bumped version the table does not show this long after the bump was rolled back (or lost): stop re-checking. */
const PENDING_GIVE_UP_MS = 30_000;

export interface VersionedCache<T> {
  /** The value, loaded again when another process (or this one) has changed it. `q` lets a transaction read it. */
  get(q?: DbOrTrx): Promise<T>;
  /** Marks the value changed, inside the writing transaction (every process reloads it after the commit). */
  bump(trx: DbOrTrx): Promise<void>;
}

export interface CacheVersions {
  /** A value of `name`, loaded by `load` and kept until its version changes. */
  cached<T>(name: string, load: (q: DbOrTrx) => Promise<T>): VersionedCache<T>;
  /** Reads the versions now, whatever the interval (tests; start-up). */
  refresh(): Promise<void>;
  /** Marks the cache `name` changed (inside the writing transaction), by name: for writers outside its module, e.g.
   * the test builders that insert rows directly. */
  bump(q: DbOrTrx, name: string): Promise<void>;
}

interface Entry {
  version: number;
  value: unknown;
  loaded: boolean;
  /** A version this process wrote and has not seen committed yet, and when. */
  pending: { version: number; at: number } | null;
  /** How many times this process has bumped it (a load started before a bump is not shared after it). */
  bumps: number;
}

/**
 * Bumps the version of the cache `name` (inside the writing transaction) without a registry: for writers that run
 * outside a server process, e.g. seeders; a running process sees the change at its next version check.
 */
export async function bumpCacheVersion(q: DbOrTrx, name: string): Promise<number> {
  const row = await sql<{ version: number | string }>`
    insert into cache_versions (name, version) values (${name}, 1)
    on conflict (name) do update set version = cache_versions.version + 1
    returning version`.execute(q);
  return Number(row.rows[0]!.version);
}

/** One registry per database handle: every module's caches share the version read. */
export function createCacheVersions(db: Db, options: { checkMs?: number } = {}): CacheVersions {
  const checkMs = options.checkMs ?? CACHE_CHECK_MS;
  const entries = new Map<string, Entry>();
  let known = new Map<string, number>();
  let checkedAt = -Infinity;
  let reading: Promise<void> | null = null;

  async function readVersions(q: DbOrTrx) {
    const rows = await q.selectFrom('cache_versions').select(['name', 'version']).execute();
    known = new Map(rows.map((r) => [r.name, Number(r.version)]));
    checkedAt = performance.now();
  }

  /**
   * The table's versions, read at most every checkMs (or now when `force`). Reads through the database are shared
   * by concurrent callers; a caller inside a transaction reads through it (on SQLite the one connection is held by
   * the transaction).
   */
  async function versions(q: DbOrTrx, force: boolean) {
    if (force || performance.now() - checkedAt >= checkMs) {
      if (q !== db) await readVersions(q);
      else {
        reading ??= readVersions(db).finally(() => (reading = null));
        await reading;
      }
    }
    return known;
  }

  const registry: CacheVersions = {
    refresh: () => versions(db, true).then(() => undefined),

    async bump(q: DbOrTrx, name: string) {
      const version = await bumpCacheVersion(q, name);
      const entry = entries.get(name);
      if (entry) {
        entry.bumps++;
        entry.pending = { version, at: performance.now() };
        entry.loaded = false;
      }
    },

    cached<T>(name: string, load: (q: DbOrTrx) => Promise<T>): VersionedCache<T> {
      if (entries.has(name)) throw new Error(`cache ${name} is declared twice`);
      const entry: Entry = { version: -1, value: undefined, loaded: false, pending: null, bumps: 0 };
      entries.set(name, entry);
      /** The load running through `db`, shared by the gets that need the same version meanwhile (single flight). */
      let flight: { version: number; bumps: number; promise: Promise<T> } | null = null;

      async function loadAt(q: DbOrTrx, version: number): Promise<T> {
        const value = await load(q);
        // The write is committed once the table shows its version outside a transaction (inside the writer's
        // own transaction it shows before the commit).
        if (entry.pending && q === db && version >= entry.pending.version) entry.pending = null;
        // While this process's own write is not committed yet, what was read is not kept.
        if (!entry.pending) Object.assign(entry, { version, value, loaded: true });
        return value;
      }

      return {
        async get(q: DbOrTrx = db) {
          const pending = entry.pending;
          if (pending && performance.now() - pending.at > PENDING_GIVE_UP_MS) entry.pending = null;
          // Read the version before the data: data at least as new as the version it is filed under.
          const version = (await versions(q, entry.pending !== null)).get(name) ?? 0;
          if (entry.loaded && entry.version === version && !entry.pending) return entry.value as T;
          // A transaction reads its own (uncommitted) data: never shared.
          if (q !== db) return loadAt(q, version);
          // Concurrent gets of the same version share one load; a get after this process bumped the value does
          // not join a load that started before the bump (it could read the data from before the write).
          if (flight && flight.version === version && flight.bumps === entry.bumps) return flight.promise;
          const promise = loadAt(db, version).finally(() => {
            if (flight?.promise === promise) flight = null;
          });
          flight = { version, bumps: entry.bumps, promise };
          return promise;
        },

        bump: (trx: DbOrTrx) => registry.bump(trx, name),
      };
    },
  };
  return registry;
}
