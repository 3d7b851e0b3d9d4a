import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { IMMUTABLE } from '../src/http/web.ts';
import { createTestDatabase, FAST_HASH, TEST_KEYS } from './test-app.ts';

/**
 * The built web app as the server sends it: brotli or gzip twins chosen by Accept-Encoding (with Vary), hashed
 * assets cached for a year, the shell and the service worker revalidated on every visit.
 */
const SCRIPT = `export const greeting = ${JSON.stringify('五星支部 '.repeat(200))};\n`;
const SHELL =
  '<!doctype html><title>五星支部</title><script type="module" src="/assets/index-abc123.js"></script>';

let app: App;
let drop: () => Promise<void>;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), SHELL);
  writeFileSync(join(dir, 'index.html.br'), brotliCompressSync(SHELL));
  writeFileSync(join(dir, 'index.html.gz'), gzipSync(SHELL));
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  const database = await createTestDatabase();
  drop = () => database.drop();
  app = await buildApp({ database, keys: TEST_KEYS, hashCost: FAST_HASH, webDist: dir });
});

afterAll(async () => {
  await app.close();
  await drop();
});

const get = (url: string, acceptEncoding?: string) =>
  app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('static web app: compression', () => {
  it('sends the brotli twin to a browser that takes brotli', async () => {
    const res = await get('/assets/index-abc123.js', 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(String(res.headers['content-type'])).toContain('javascript');
    expect(String(res.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(res.rawPayload.length).toBeLessThan(SCRIPT.length / 4);
  });

  it('sends the gzip twin to one that takes only gzip, and the plain file to one that takes neither', async () => {
    const gz = await get('/assets/index-abc123.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(String(gz.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(gz.rawPayload.equals(gzipSync(SCRIPT))).toBe(true);
    const plain = await get('/assets/index-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(String(plain.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(plain.body).toBe(SCRIPT);
  });

  it('compresses the shell sent for a client-side route too', async () => {
    const res = await get('/events/report', 'br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(String(res.headers['content-type'])).toContain('text/html');
  });
});

describe('static web app: caching', () => {
  it('caches hashed assets for a year, immutable', async () => {
    for (const enc of ['br', 'gzip', undefined]) {
      const res = await get('/assets/index-abc123.js', enc);
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
    }
    expect(IMMUTABLE).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates the shell, client-side routes and the service worker on every visit', async () => {
    for (const url of ['/index.html', '/', '/events/report', '/notice/3', '/sw.js']) {
      const res = await get(url, 'br, gzip');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('keeps the API out of it: an unknown API route is an uncached JSON 404, never the shell', async () => {
    const api = await get('/api/nothing-here', 'br');
    expect(api.statusCode).toBe(404);
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.json().error.code).toBe('not_found');
  });
});
