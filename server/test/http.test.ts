import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../src/config/env.ts';
import { VERSION } from '../src/version.ts';
import { createWorld, type World } from './builders.ts';
import { TEST_PASSWORD } from './test-app.ts';

/** A township with its administrator, `township`. */
async function township(options: Parameters<typeof createWorld>[0] = {}): Promise<World> {
  const w = await createWorld(options);
  await w.user({ role: 'township_admin', unit: await w.township(), username: 'township' });
  return w;
}

describe('HTTP basics', () => {
  let ctx: World;
  afterEach(async () => ctx.close());

  it('health reports the engine and version', async () => {
    ctx = await township();
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: ctx.database.dialect, version: VERSION });
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('serves an OpenAPI 3 document generated from the schemas', async () => {
    ctx = await township();
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const create = doc.paths['/api/persons'].post.requestBody.content['application/json'].schema;
    expect(create.properties.idNumber).toMatchObject({ type: 'string' });
    expect(create.required).toEqual(expect.arrayContaining(['unitId', 'name', 'idNumber']));
    expect(create.additionalProperties).toBe(false);
    expect(Object.keys(doc.paths)).toContain('/api/org/branches/{id}');
  });

  it('an unknown API route is a JSON 404', async () => {
    ctx = await township();
    const res = await ctx.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('malformed JSON and bad query values are 400s with no stack trace', async () => {
    ctx = await township();
    const s = await ctx.login('township');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/at .*\.ts/);
    const q = await s.get('/api/org/branches?pageSize=100000');
    expect(q.statusCode).toBe(400);
    expect(q.json().error.fields[0].path).toBe('pageSize');
    const id = await s.get('/api/persons/abc');
    expect(id.statusCode).toBe(400);
    expect(id.json().error.fields[0].path).toBe('id');
  });

  it('sets security headers and no-store on API responses', async () => {
    ctx = await township();
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // Scripts only from our own origin: no inline script can run (item 29).
    const scriptSrc = String(res.headers['content-security-policy'])
      .split(';')
      .find((d) => d.trim().startsWith('script-src'));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
  });

  it('no cross-origin access: a foreign or null Origin gets no CORS headers (item 15)', async () => {
    ctx = await township();
    for (const origin of ['https://evil.example', 'null']) {
      const get = await ctx.app.inject({ method: 'GET', url: '/api/health', headers: { origin } });
      expect(get.headers['access-control-allow-origin'], origin).toBeUndefined();
      const preflight = await ctx.app.inject({
        method: 'OPTIONS',
        url: '/api/auth/login',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods'], origin).toBeUndefined();
    }
  });

  it('item 31 on every kind of response: nosniff, frame-ancestors, Referrer-Policy, no HSTS over http, no version', async () => {
    ctx = await township();
    const s = await ctx.login('township');
    const responses = [
      await ctx.app.inject({ method: 'GET', url: '/api/health' }),
      await ctx.app.inject({ method: 'GET', url: '/api/me' }), // 401
      await ctx.app.inject({ method: 'GET', url: '/api/nope' }), // 404
      await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } }), // 400
      await s.get('/api/me'),
      await s.post('/api/persons', { name: 'x' }),
    ];
    for (const res of responses) {
      const where = `${res.statusCode} ${res.body.slice(0, 80)}`;
      expect(res.headers['x-content-type-options'], where).toBe('nosniff');
      expect(String(res.headers['content-security-policy']), where).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options'], where).toBe('DENY');
      expect(res.headers['referrer-policy'], where).toBe('no-referrer');
      expect(res.headers['strict-transport-security'], where).toBeUndefined();
      expect(res.headers['x-powered-by'], where).toBeUndefined();
      expect(res.headers['server'], where).toBeUndefined();
      expect(res.headers['cache-control'], where).toBe('no-store');
    }
  });

  it('every authenticated API GET answers Cache-Control: no-store, whatever its status', async () => {
    ctx = await township();
    const s = await ctx.login('township');
    const routes = ctx.app.registeredRoutes.filter((r) => r.method === 'GET' && r.access !== 'public');
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const res = await s.get(route.url.replace(/:[A-Za-z]+/g, '1'));
      expect(res.headers['cache-control'], `${route.url} → ${res.statusCode}`).toBe('no-store');
    }
  });

  it('a 500 answers a generic message and a request id, never the error or a stack; the log has the cause', async () => {
    ctx = await township();
    const { buildApp } = await import('../src/app.ts');
    const { TEST_KEYS, FAST_HASH } = await import('./test-app.ts');
    const lines: string[] = [];
    const log = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = await buildApp({
      database: ctx.database,
      keys: TEST_KEYS,
      hashCost: FAST_HASH,
      logger: { level: 'error', stream: log },
    });
    app.get('/boom', async () => {
      throw new Error('secret detail at /srv/fivestar/server/src/x.ts:12');
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/boom', headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(500);
      const body = res.json();
      expect(body).toEqual({
        error: { code: 'internal', message: expect.any(String), requestId: expect.any(String) },
      });
      expect(res.body).not.toMatch(/secret detail|\.ts|at /);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // The operator's log has what the caller does not: the error, its stack and the same request id.
      const entry = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled error');
      expect(entry).toMatchObject({ level: 50, reqId: body.error.requestId });
      expect(entry.err.message).toBe('secret detail at /srv/fivestar/server/src/x.ts:12');
      expect(entry.err.stack).toMatch(/http\.test\.ts/);
      // Answers that are not errors of ours log nothing at this level.
      await app.inject({ method: 'GET', url: '/api/nope' });
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: {} });
      expect(lines).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

describe('session cookie', () => {
  const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']);

  it('over plain http: fivestar_sid, HttpOnly, SameSite=Strict, Path=/, not Secure; no HSTS', async () => {
    const ctx = await township();
    try {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'township', password: TEST_PASSWORD },
      });
      const cookie = cookieOf(res);
      expect(cookie).toMatch(/^fivestar_sid=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });

  it('behind TLS: __Host-fivestar_sid with Secure, Path=/ and no Domain; HSTS; the plain name is not read', async () => {
    const ctx = await township({ secureCookie: true });
    try {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'township', password: TEST_PASSWORD },
      });
      const cookie = cookieOf(res);
      expect(cookie).toMatch(/^__Host-fivestar_sid=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
      expect(cookie).not.toMatch(/Domain/i);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      const value = cookie.split(';')[0]!.split('=')[1]!;
      const me = await ctx.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { cookie: `__Host-fivestar_sid=${value}` },
      });
      expect(me.statusCode).toBe(200);
      const plain = await ctx.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { cookie: `fivestar_sid=${value}` },
      });
      expect(plain.statusCode).toBe(401);
      const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      expect(doc.components.securitySchemes.session.name).toBe('__Host-fivestar_sid');
    } finally {
      await ctx.close();
    }
  });

  it('the session id changes at sign-in, and the session the browser carried is ended', async () => {
    const ctx = await township();
    try {
      const first = await ctx.login('township');
      const again = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie: first.cookie },
        payload: { username: 'township', password: TEST_PASSWORD },
      });
      expect(again.statusCode).toBe(200);
      const next = cookieOf(again).split(';')[0]!;
      expect(next).not.toBe(first.cookie);
      expect((await first.get('/api/me')).statusCode).toBe(401);
      const me = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: next } });
      expect(me.statusCode).toBe(200);
    } finally {
      await ctx.close();
    }
  });
});

describe('configuration', () => {
  it('a bad setting is one clear line', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT/);
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadEnv({ FIVESTAR_SECRET: 'short' })).toThrow(/FIVESTAR_SECRET/);
    expect(() => loadEnv({ FIVESTAR_LOGIN_RATE_LIMIT: '0' })).toThrow(/FIVESTAR_LOGIN_RATE_LIMIT/);
    expect(() => loadEnv({ FIVESTAR_LOGIN_RATE_LIMIT: 'many' })).toThrow(/FIVESTAR_LOGIN_RATE_LIMIT/);
  });
  it('defaults to port 3000 and an SQLite file under data/', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe('file:data/fivestar.db');
    expect(env.FIVESTAR_LOGIN_RATE_LIMIT).toBe(30);
    expect(loadEnv({ FIVESTAR_LOGIN_RATE_LIMIT: '1000' }).FIVESTAR_LOGIN_RATE_LIMIT).toBe(1000);
  });
});

describe('serving the web app', () => {
  it('answers client-side routes with index.html and unknown API routes with JSON 404', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { buildApp } = await import('../src/app.ts');
    const { createTestDatabase, TEST_KEYS, FAST_HASH } = await import('./test-app.ts');
    const dir = mkdtempSync(join(tmpdir(), 'web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>五星支部</title>');
    const database = await createTestDatabase();
    const app = await buildApp({ database, keys: TEST_KEYS, hashCost: FAST_HASH, webDist: dir });
    try {
      const page = await app.inject({ method: 'GET', url: '/org/branches/3' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('五星支部');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      const api = await app.inject({ method: 'GET', url: '/api/nothing-here' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('not_found');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
