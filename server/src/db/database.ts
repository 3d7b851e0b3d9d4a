import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { createCommitBatcher, type CommitBatcher } from './commit-batcher.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type DbOrTrx = Kysely<Database> | Transaction<Database>;

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  /** PostgreSQL schema when not the default (tests). */
  schema?: string;
  /** Group commit for write bursts (report intake); one per database. */
  commits: CommitBatcher;
  close(): Promise<void>;
}

// int8 (counts, sums, bigint times) as numbers: all our values stay below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface OpenOptions {
  /** PostgreSQL only: the schema to use (tests run each case in a fresh schema). */
  searchPath?: string;
  poolSize?: number;
}

/** Opens the database named by a DATABASE_URL: `file:<path>`, `:memory:`, or `postgres://…`. */
export function openDatabase(url: string, options: OpenOptions = {}): DbHandle {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      schema: options.searchPath,
      commits: createCommitBatcher(db),
      close: () => db.destroy(),
    };
  }
  const file = url === ':memory:' ? ':memory:' : url.replace(/^file:/, '');
  if (file !== ':memory:') privateFile(file);
  const sqlite = new SQLite(file);
  if (file !== ':memory:') {
    sqlite.pragma('journal_mode = WAL');
    // SQLite gives -wal and -shm the database file's mode; set it on copies left by an older version too.
    for (const f of [`${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  }
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return { db, dialect: 'sqlite', commits: createCommitBatcher(db), close: () => db.destroy() };
}

/**
 * The database holds personal data and password hashes: its folder is created 0700 and the file 0600 (created
 * empty with that mode before SQLite opens it — an empty file is a valid database — and tightened when it already
 * exists), so no other local account can read it.
 */
function privateFile(file: string) {
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/**
 * Transactions start with BEGIN IMMEDIATE (docs/security.md item 38). Kysely's plain BEGIN is deferred: a transaction that
 * reads and then writes fails at once with SQLITE_BUSY_SNAPSHOT when another PROCESS (the CLI's backup or seed)
 * committed in between, and busy_timeout does not help. Taking the write lock first makes it wait instead. Within
 * this process nothing changes: Kysely runs one transaction at a time on its one connection.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver() {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query afresh, and preparing costs more than running a point query (about
 * 30 µs against 10 µs here; a report intake runs 20 statements). Kysely's SQL for a given query shape is the same
 * text every time, with values as parameters, so prepared statements are kept by SQL text (least recently used out
 * past 500). A statement still being iterated (`busy`) is never handed out twice: that call gets a fresh one.
 */
export function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(query: string): SQLite.Statement {
      const hit = cache.get(query);
      if (hit && !hit.busy) {
        cache.delete(query);
        cache.set(query, hit);
        return hit;
      }
      const stmt = sqlite.prepare(query);
      if (!hit) {
        cache.set(query, stmt);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}

/** PostgreSQL settings that must be on for a commit to survive a power cut, with the values that count as on. */
const PG_DURABLE: Record<string, readonly string[]> = {
  fsync: ['on'],
  full_page_writes: ['on'],
  // off answers before the WAL reaches the disk: a power cut loses the last acknowledged commits.
  synchronous_commit: ['on', 'local', 'remote_write', 'remote_apply'],
};

/**
 * Refuses to run on settings that can lose acknowledged writes (docs/security.md item 34): SQLite without WAL and
 * synchronous=FULL; PostgreSQL with fsync, full_page_writes or synchronous_commit off. `acceptUnsafePostgres` lets a
 * throw-away test server (scripts/test-pg.sh runs one with fsync off for speed) through; it never relaxes SQLite.
 */
export async function assertDurable(
  handle: DbHandle,
  inMemory: boolean,
  acceptUnsafePostgres = false,
): Promise<void> {
  if (handle.dialect === 'sqlite') {
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(handle.db);
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(handle.db);
    if (sync.rows[0]?.synchronous !== 2) throw new Error('SQLite must run with synchronous=FULL');
    if (!inMemory && journal.rows[0]?.journal_mode !== 'wal') throw new Error('SQLite must run in WAL mode');
    return;
  }
  if (acceptUnsafePostgres) return;
  const off: string[] = [];
  for (const [name, good] of Object.entries(PG_DURABLE)) {
    const row = await sql<{ setting: string }>`select current_setting(${name}) as setting`.execute(handle.db);
    const value = row.rows[0]?.setting ?? '';
    if (!good.includes(value)) off.push(`${name}=${value}`);
  }
  if (off.length)
    throw new Error(
      `PostgreSQL must run with fsync, full_page_writes and synchronous_commit on (found ${off.join(', ')})`,
    );
}
