/**
 * The reliability tier's harness (docs/security.md, items 33–40): the real server process (`server/src/main.ts`, as `npm run
 * serve` runs it) on a database of its own, driven over real HTTP with Node's fetch (undici, keep-alive), killed or
 * stopped with real signals, and its database inspected directly afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DbHandle } from '../src/db/database.ts';
import { migrateApp } from '../src/kernel/migrations.ts';
import { seedDemo } from '../src/kernel/demo.ts';
import { syncBuiltinRoles } from '../src/modules/users/index.ts';
import { rebuildCounts } from '../src/modules/grid/grid.counts.ts';
import { createAuditService } from '../src/modules/audit/audit.service.ts';
import { systemClock } from '../src/clock.ts';
import { DEFAULT_HASH_COST, deriveKeys, type HashCost } from '../src/security/crypto.ts';
export { freePort } from '../test/free-port.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PASSWORD = 'Reliable-Pass-2026!';
/** Fixed so a restarted server (and the CLI) derive the same keys. */
export const SECRET = 'ce11'.repeat(16);
/** Every server output of the reliability tier, for the log scan (scripts/scan-logs.mjs). */
const SERVER_LOG = join(ROOT, '.test-artifacts', 'logs', 'reliability-server.log');
const KEYS = deriveKeys(Buffer.from(SECRET, 'hex'));
const READY_TIMEOUT_MS = 60_000;
const MAX_LOG_CHARS = 64_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where one scenario's server keeps its data: an SQLite file in a temp dir, or a fresh PostgreSQL database. */
export interface Store {
  databaseUrl: string;
  dataDir: string;
  dialect: 'sqlite' | 'postgres';
  /** A direct connection for inspection (opened on first use). */
  db(): DbHandle;
  dispose(): Promise<void>;
}

/** The password hash of the tests' demo accounts (server/test/test-app.ts): fifty sign-ins in a second. */
const FAST_HASH: HashCost = { N: 1024, r: 8, p: 1 };
const HASH_COSTS = { fast: FAST_HASH, production: DEFAULT_HASH_COST };

/**
 * SQLite unless `engine` is 'postgres' (then TEST_DATABASE_URL names the throw-away server of scripts/test-pg.sh).
 * The demo township is migrated and seeded here, before the server's first start (whose own demo seed then sees
 * its marker and skips), with the cheap password hash of the server tests by default: the intake scenarios spend
 * their time on reports, not on fifty scrypt runs (a sign-in is the same code either way). `hash: 'production'`
 * keeps the production cost (32 MB scrypt per sign-in) for the scenario that measures sign-ins under load.
 */
export async function createStore(
  engine: 'sqlite' | 'postgres' = 'sqlite',
  { hash = 'fast' }: { hash?: keyof typeof HASH_COSTS } = {},
): Promise<Store> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fivestar-rel-'));
  let databaseUrl = `file:${join(dataDir, 'fivestar.db')}`;
  let dropDatabase = async () => {};
  if (engine === 'postgres') {
    const admin = process.env.TEST_DATABASE_URL;
    if (!admin) throw new Error('TEST_DATABASE_URL is not set (run through scripts/test-reliability.sh)');
    const name = `rel_${randomBytes(6).toString('hex')}`;
    const run = async (statement: string) => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(statement);
      } finally {
        await c.end();
      }
    };
    await run(`create database ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => run(`drop database if exists ${name} with (force)`);
  }
  const fixture = openDatabase(databaseUrl, { poolSize: 2 });
  await migrateApp(fixture);
  await syncBuiltinRoles(fixture.db);
  const audit = createAuditService({ key: KEYS.audit, clock: systemClock, dialect: fixture.dialect });
  await seedDemo({
    ...fixture,
    keys: KEYS,
    clock: systemClock,
    audit,
    password: PASSWORD,
    hashCost: HASH_COSTS[hash],
  });
  await fixture.close();
  let handle: DbHandle | null = null;
  return {
    databaseUrl,
    dataDir,
    dialect: engine,
    db() {
      handle ??= openDatabase(databaseUrl, { poolSize: 2 });
      return handle;
    },
    async dispose() {
      await handle?.close();
      handle = null;
      await dropDatabase();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ExitState {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first GET /api/health 200. */
  readyMs: number;
  /** Everything the process wrote (last 64k characters). */
  output(): string;
  /** Settles when the process has exited. */
  exited: Promise<ExitState>;
  exit(): ExitState | null;
  signal(signal: NodeJS.Signals): void;
}

/**
 * Starts `node --import tsx server/src/main.ts` (one process: the pid is the server's own) and waits until
 * GET /api/health answers 200. Environment: the store's database, a fixed secret, the demo seed with PASSWORD.
 */
export async function startServer(
  store: Store,
  port: number,
  extraEnv: Record<string, string> = {},
): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST_DATABASE_URL'),
  );
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: store.databaseUrl,
    FIVESTAR_DATA_DIR: store.dataDir,
    FIVESTAR_SECRET: SECRET,
    FIVESTAR_DEMO_PASSWORD: PASSWORD,
    FIVESTAR_SEED: 'demo',
    // 50 phones and a desk sign in from 127.0.0.1 within a minute; the default (30) is for real clients.
    FIVESTAR_LOGIN_RATE_LIMIT: '1000',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...extraEnv,
  });
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  mkdirSync(dirname(SERVER_LOG), { recursive: true });
  let log = '';
  let partial = '';
  const capture = (chunk: Buffer) => {
    const text = chunk.toString();
    log = (log + text).slice(-MAX_LOG_CHARS);
    // Kept whole for the log scan at the end of `npm test` (scripts/scan-logs.mjs).
    appendFileSync(SERVER_LOG, text);
    // The server's own errors (a 500's cause: pino level 50 and up) are printed as they happen, so a failed run
    // shows why, not only that a request answered 500.
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines)
      if (/"level":(5|6)0\b/.test(line)) process.stderr.write(`[server error] ${line}\n`);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  let exitState: ExitState | null = null;
  const exited = new Promise<ExitState>((resolveExit) => {
    child.on('exit', (code, signal) => {
      exitState = { code, signal };
      resolveExit(exitState);
    });
    child.on('error', (err) => {
      log += `\nspawn error: ${err.message}`;
      exitState = { code: null, signal: null };
      resolveExit(exitState);
    });
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  for (;;) {
    if (exitState) {
      const { code, signal } = exitState;
      throw new Error(`server exited before it was ready (code ${code}, signal ${signal}):\n${log}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after ${READY_TIMEOUT_MS / 1000}s (last: ${last}):\n${log}`);
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = describeError(err);
    }
    await pause(20);
  }
  return {
    url,
    pid: child.pid!,
    readyMs: Math.round(performance.now() - started),
    output: () => log,
    exited,
    exit: () => exitState,
    signal: (signal) => {
      if (!exitState) child.kill(signal);
    },
  };
}

/** Stops a server still running (SIGTERM, then SIGKILL after 15 s): for `finally` blocks. */
export async function stopServer(server: ServerProcess | null | undefined): Promise<void> {
  if (!server || server.exit()) return;
  server.signal('SIGTERM');
  const stopped = await Promise.race([server.exited.then(() => true), pause(15_000).then(() => false)]);
  if (!stopped) {
    server.signal('SIGKILL');
    await server.exited;
  }
}

/** `fetch failed` hides the cause: ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET ('other side closed')… */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause as { code?: string; message?: string } | undefined;
    return cause?.code ?? cause?.message ?? err.message;
  }
  return String(err);
}

/** The connection was refused: the request never reached a server (nothing can have been stored). */
export const isRefused = (err: unknown) => describeError(err) === 'ECONNREFUSED';

export interface Answer {
  status: number;
  body: unknown;
  ms: number;
}

/** One signed-in user over HTTP: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  private cookie = '';
  private csrf = '';
  me: { id: number; username: string; unit: { id: number; name: string; level: string } } | null = null;

  constructor(
    public url: string,
    public username: string,
  ) {}

  static async login(url: string, username: string, password = PASSWORD): Promise<Client> {
    const client = new Client(url, username);
    const res = await client.login(password);
    if (res.status !== 200)
      throw new Error(`login as ${username}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    const me = await client.request('GET', '/api/me');
    if (me.status !== 200) throw new Error(`GET /api/me as ${username}: HTTP ${me.status}`);
    client.me = (me.body as { user: NonNullable<Client['me']> }).user;
    return client;
  }

  async login(password = PASSWORD): Promise<Answer> {
    const res = await this.request('POST', '/api/auth/login', { username: this.username, password });
    if (res.status === 200) this.csrf = (res.body as { csrfToken: string }).csrfToken;
    return res;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const started = performance.now();
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (method !== 'GET' && this.csrf) h['x-csrf-token'] = this.csrf;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const cookies = res.headers
      .getSetCookie()
      .map((c) => c.split(';', 1)[0]!)
      .filter((c) => !c.endsWith('='));
    if (cookies.length) this.cookie = cookies.join('; ');
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
    return { status: res.status, body: parsed, ms: performance.now() - started };
  }

  /** A write with raw bytes as its body (an upload); the answer parsed as JSON. */
  async upload(path: string, bytes: Buffer, contentType = 'application/octet-stream'): Promise<Answer> {
    const started = performance.now();
    const res = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': contentType },
      body: bytes,
    });
    return { status: res.status, body: await res.json(), ms: performance.now() - started };
  }

  /** A GET answered with bytes (a download): status, headers and the bytes. */
  async download(path: string) {
    const res = await fetch(`${this.url}${path}`, { headers: { cookie: this.cookie } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }
}

/** Signs in many users at once. */
export const loginAll = (url: string, usernames: string[]) =>
  Promise.all(usernames.map((u) => Client.login(url, u)));

export const gridWorkers = (n: number) =>
  Array.from({ length: n }, (_, i) => `grid${String(i + 1).padStart(3, '0')}`);

// ---------------------------------------------------------------------------------------------------------------
// Report intake under load

/** One report a phone wants stored, with its Idempotency-Key and every answer it got. */
export interface Submission {
  key: string;
  client: Client;
  body: Record<string, unknown>;
  /** First send: an HTTP status, or the network error ('ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'…). */
  status?: number;
  error?: string;
  id?: number;
  sent: boolean;
}

/** A distinctive description and place carry the key, so the DB rows can be matched to the request. */
export function submissionsFor(clients: Client[], perClient: number, tag: string): Submission[] {
  const out: Submission[] = [];
  for (let n = 0; n < perClient; n++)
    for (const client of clients) {
      const key = `${tag}-${client.username}-${String(n).padStart(4, '0')}-${randomBytes(4).toString('hex')}`;
      out.push({
        key,
        client,
        sent: false,
        body: {
          class: 'event',
          typeCode: 'public_service.road',
          unitId: client.me!.unit.id,
          place: `place ${key}`,
          description: `${DESCRIPTION_PREFIX}${key}`,
          lat: 35.8,
          lng: 115.45,
        },
      });
    }
  return out;
}
export const DESCRIPTION_PREFIX = 'reliability report ';

export const send = (s: Submission) =>
  s.client.request('POST', '/api/grid/events', s.body, { 'idempotency-key': s.key });

/**
 * Each client sends its own submissions one after another (so `clients.length` requests are in flight at any
 * time), calling `onAnswer` after every answer. A client stops at its first network error or 503 (its server is
 * gone or going; a phone backs off and retries later), leaving the rest unsent.
 */
export async function runIntake(subs: Submission[], onAnswer: (s: Submission) => void = () => {}) {
  const byClient = new Map<Client, Submission[]>();
  for (const s of subs) byClient.set(s.client, [...(byClient.get(s.client) ?? []), s]);
  await Promise.all(
    [...byClient.values()].map(async (own) => {
      for (const s of own) {
        s.sent = true;
        try {
          const res = await send(s);
          s.status = res.status;
          const event = (res.body as { event?: { id?: number } }).event;
          if (event?.id !== undefined) s.id = event.id;
        } catch (err) {
          s.error = describeError(err);
        }
        onAnswer(s);
        if (s.error || s.status === 503) return;
      }
    }),
  );
}

export function tally(subs: Submission[]) {
  const t: Record<string, number> = {};
  for (const s of subs) {
    const k = !s.sent ? 'unsent' : s.error ? s.error : String(s.status);
    t[k] = (t[k] ?? 0) + 1;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------------------------
// Inspecting the database

/**
 * Everything that must hold for the reports a scenario made (rows whose description starts with the prefix):
 * one row per key, each with its key row, its report log row and its audit row; and the county counts equal to a
 * rebuild from the rows. Returns the rows by key.
 */
export async function inspectReports(store: Store, prefix = DESCRIPTION_PREFIX) {
  const { db } = store.db();
  const events = await db
    .selectFrom('grid_events')
    .select(['id', 'description', 'place', 'reporter_id'])
    .where('description', 'like', `${prefix}%`)
    .execute();
  const byKey = new Map<string, { id: number; place: string; reporterId: number | null }[]>();
  for (const e of events) {
    const key = e.description.slice(prefix.length);
    byKey.set(key, [...(byKey.get(key) ?? []), { id: e.id, place: e.place, reporterId: e.reporter_id }]);
  }
  const ids = events.map((e) => e.id);
  const logs = new Map<number, number>();
  const audits = new Map<number, number>();
  const keyRows = new Map<string, { eventId: number | null; userId: number }>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const l of await db
      .selectFrom('grid_event_log')
      .select('event_id')
      .where('event_id', 'in', chunk)
      .where('action', '=', 'report')
      .execute())
      logs.set(l.event_id, (logs.get(l.event_id) ?? 0) + 1);
    for (const a of await db
      .selectFrom('audit_log')
      .select('object_id')
      .where('object_type', '=', 'grid_event')
      .where('action', '=', 'grid.event.report')
      .where('object_id', 'in', chunk.map(String))
      .execute())
      audits.set(Number(a.object_id), (audits.get(Number(a.object_id)) ?? 0) + 1);
    for (const k of await db
      .selectFrom('grid_idempotency')
      .select(['key', 'event_id', 'user_id'])
      .where('event_id', 'in', chunk)
      .execute())
      keyRows.set(k.key, { eventId: k.event_id, userId: k.user_id });
  }
  const orphanKeys = await db
    .selectFrom('grid_idempotency')
    .select('key')
    .where('event_id', 'is', null)
    .execute();
  return { events, byKey, logs, audits, keyRows, orphanKeys: orphanKeys.map((k) => k.key) };
}

/** grid_event_counts as stored, and as rebuilt from grid_events (in a transaction rolled back). */
export async function countsAgainstRebuild(store: Store) {
  const handle = store.db();
  const read = (q: typeof handle.db) =>
    q
      .selectFrom('grid_event_counts')
      .select(['grain', 'period', 'county_id', 'class', 'type_code', 'reported', 'closed', 'on_time'])
      .where((eb) => eb.or([eb('reported', '!=', 0), eb('closed', '!=', 0), eb('on_time', '!=', 0)]))
      .orderBy('grain')
      .orderBy('period')
      .orderBy('county_id')
      .orderBy('class')
      .orderBy('type_code')
      .execute();
  const stored = await read(handle.db);
  let rebuilt: typeof stored = [];
  const rollback = new Error('rollback');
  await handle.db
    .transaction()
    .execute(async (trx) => {
      await rebuildCounts(trx, handle.dialect);
      rebuilt = await read(trx);
      throw rollback;
    })
    .catch((err: unknown) => {
      if (err !== rollback) throw err;
    });
  return { stored, rebuilt };
}

/** SQLite's own check of the file ('ok'); PostgreSQL has no equivalent (its WAL replay is its own business). */
export async function integrityCheck(store: Store): Promise<string> {
  if (store.dialect !== 'sqlite') return 'ok';
  const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db().db);
  return rows.map((r) => r.integrity_check).join('\n');
}

/** The audit chain, checked by the audit service with the server's key. */
export async function verifyAudit(store: Store) {
  const audit = createAuditService({ key: KEYS.audit, clock: systemClock, dialect: store.dialect });
  return audit.verify(store.db().db);
}

/** `npm run cli -- audit:verify` against the store, as an operator runs it: exit code and output. */
export function cliAuditVerify(store: Store): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST_DATABASE_URL'),
    );
    Object.assign(env, {
      DATABASE_URL: store.databaseUrl,
      FIVESTAR_DATA_DIR: store.dataDir,
      FIVESTAR_SECRET: SECRET,
    });
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'audit:verify'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolveRun({ code, output }));
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Milliseconds per phase, for the figures a spec prints. */
export function stopwatch() {
  let last = performance.now();
  const phases: Record<string, number> = {};
  return {
    lap(name: string) {
      const now = performance.now();
      phases[name] = Math.round(now - last);
      last = now;
    },
    phases,
  };
}
