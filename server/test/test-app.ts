import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp, type App, type AppOptions } from '../src/app.ts';
import { ManualClock } from '../src/clock.ts';
import { openDatabase, type DbHandle } from '../src/db/database.ts';
import { migrateApp } from '../src/kernel/migrations.ts';
import { seedDemo } from '../src/kernel/demo.ts';
import type { AppSettings } from '../src/kernel/settings.ts';
import { syncBuiltinRoles } from '../src/modules/users/index.ts';
import { createAuditService } from '../src/modules/audit/audit.service.ts';
import { deriveKeys, type HashCost } from '../src/security/crypto.ts';

export const TEST_PASSWORD = 'Test-Pass-2026!';
export const FAST_HASH: HashCost = { N: 1024, r: 8, p: 1 };
export const TEST_KEYS = deriveKeys(Buffer.alloc(32, 7));

/**
 * A fresh database per test: in-memory SQLite, or — when TEST_DATABASE_URL is set (scripts/test-pg.sh) — a new
 * schema on the throw-away PostgreSQL, so the same suite runs on both engines.
 */
export async function createTestDatabase(sqliteFile?: string): Promise<DbHandle & { drop(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    // A file when a test reads the database's bytes (sealed personal data); in memory otherwise.
    const handle = openDatabase(sqliteFile ? `file:${sqliteFile}` : ':memory:');
    return { ...handle, drop: () => handle.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openDatabase(url, { searchPath: schema, poolSize: 4 });
  return {
    ...handle,
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

export interface TestContext {
  app: App;
  database: DbHandle;
  clock: ManualClock;
  close(): Promise<void>;
}

/** The real app on a fresh, migrated database with the demo township seeded. */
export async function createTestApp(
  options: {
    seed?: boolean;
    loginRateLimit?: number;
    secureCookie?: boolean;
    /** Other module settings (password age, idle days, retention years…). */
    settings?: Partial<AppSettings>;
    /** Default: server errors (a 500's cause) to stderr, nothing else — see buildApp. */
    logger?: AppOptions['logger'];
    /** SQLite only: keep the database in this file (with its WAL) instead of memory. */
    sqliteFile?: string;
  } = {},
): Promise<TestContext> {
  const database = await createTestDatabase(options.sqliteFile);
  await migrateApp(database);
  await syncBuiltinRoles(database.db);
  const clock = new ManualClock();
  if (options.seed !== false) {
    const audit = createAuditService({ key: TEST_KEYS.audit, clock, dialect: database.dialect });
    await seedDemo({
      ...database,
      keys: TEST_KEYS,
      clock,
      audit,
      password: TEST_PASSWORD,
      hashCost: FAST_HASH,
    });
  }
  const filesDir = mkdtempSync(join(tmpdir(), 'fivestar-files-'));
  const app = await buildApp({
    database,
    keys: TEST_KEYS,
    clock,
    hashCost: FAST_HASH,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    settings: {
      // Password-only unless a test asks for the second factor (the demo runs so too; server/test/mfa.test.ts).
      totpRoles: [],
      ...options.settings,
      filesDir,
      loginRateLimit: options.loginRateLimit ?? 10_000,
      secureCookie: options.secureCookie ?? false,
    },
  });
  await app.ready();
  return {
    app,
    database,
    clock,
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

export interface Session {
  cookie: string;
  csrfToken: string;
  get(url: string): Promise<Response>;
  post(url: string, body?: unknown): Promise<Response>;
  patch(url: string, body?: unknown): Promise<Response>;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export interface Response {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Signs in through the real endpoint and returns a client that carries the cookie and the CSRF token. */
export async function login(app: App, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  const csrfToken = res.json().csrfToken as string;
  const request = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    (await app.inject({
      method: method as 'GET',
      url,
      headers: { cookie, 'x-csrf-token': csrfToken, ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    })) as unknown as Response;
  return {
    cookie,
    csrfToken,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
  };
}

export { sql };
