import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite's hashed build output: a file's name changes whenever its content does. */
const HASHED = /^\/assets\//;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app from `webDist`, if it has an index.html: returns whether it does.
 *
 * - Pre-compressed: the build writes a brotli (`.br`) and a gzip (`.gz`) twin of every text asset; the file sent
 *   is the best the request's Accept-Encoding takes (brotli, then gzip, then the plain file), always with
 *   `Vary: Accept-Encoding` so a shared cache keeps the variants apart.
 * - Cached: hashed assets under /assets/ for a year, immutable (a new build has new names); everything else
 *   (index.html, the service worker, the manifest) `no-cache`, so a new release is picked up on the next visit.
 *
 * Client-side routes (any other GET outside /api) are answered with index.html, the app's shell.
 */
export async function registerWebApp(app: FastifyInstance, webDist: string | null): Promise<boolean> {
  const root = webDist ? resolve(webDist) : null;
  if (root === null || !existsSync(resolve(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    preCompressed: true,
    // Our own cache-control below, not send's `public, max-age=0`.
    cacheControl: false,
    setHeaders(reply, path) {
      const url = path.slice(root.length).replaceAll('\\', '/');
      reply.header('cache-control', HASHED.test(url) ? IMMUTABLE : 'no-cache');
    },
  });
  return true;
}
