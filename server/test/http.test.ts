import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../src/config/env.ts';
import { createTestApp, login, type TestContext } from './test-app.ts';

describe('HTTP basics', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(async () => ctx.close());

  it('health reports the engine and version', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: ctx.database.dialect, version: expect.any(String) });
  });

  it('serves an OpenAPI 3 document generated from the schemas', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(
      doc.paths['/api/persons'].post.requestBody.content['application/json'].schema.properties.idNumber,
    ).toBeDefined();
    expect(Object.keys(doc.paths)).toContain('/api/org/branches/{id}');
  });

  it('an unknown API route is a JSON 404', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('malformed JSON and bad query values are 400s with no stack trace', async () => {
    const s = await login(ctx.app, 'township');
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
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
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
      const api = await app.inject({ method: 'GET', url: '/api/nothing-here' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('not_found');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
