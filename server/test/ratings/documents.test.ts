import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { AppError } from '../../src/http/errors.ts';
import { createPdfRenderer } from '../../src/modules/ratings/documents.pdf.ts';
import { FAST_HASH, login, TEST_KEYS } from '../test-app.ts';
import {
  pdfText,
  ratingsWorld,
  seedApplication,
  seedAwards,
  seedNotice,
  type RatingsWorld,
} from './ratings.builders.ts';

/** A second app on the world's database, whose server errors are kept (tests otherwise run with the logger off). */
async function appWithErrorLog(w: RatingsWorld) {
  const errors: string[] = [];
  const evidenceDir = mkdtempSync(join(tmpdir(), 'fivestar-evidence-'));
  const app = await buildApp({
    database: w.database,
    keys: TEST_KEYS,
    clock: w.clock,
    hashCost: FAST_HASH,
    settings: { filesDir: evidenceDir, loginRateLimit: 10_000, secureCookie: false },
    logger: { level: 'error', stream: { write: (line: string) => void errors.push(line) } },
  });
  await app.ready();
  return {
    app,
    errors,
    close: () => app.close().then(() => rmSync(evidenceDir, { recursive: true, force: true })),
  };
}

/**
 * The PDFs (a certificate, the public notice) on a fresh app. The PDF library and the CJK font are loaded at first
 * use; these tests ask for many documents at once before either is loaded.
 */
describe('PDF documents', () => {
  let w: RatingsWorld | undefined;
  let fresh: { app: App; errors: string[]; close(): Promise<void> } | undefined;
  afterEach(async () => {
    await fresh?.close();
    await w?.close();
    fresh = w = undefined;
  });
  const track = (world: RatingsWorld) => (w = world);

  // First in this file, so the process has not loaded the PDF library yet.
  it('many concurrent first requests for certificates and notice PDFs all answer 200 with a PDF, and log no error', async () => {
    const w = track(await ratingsWorld());
    const { home: village, standard, year } = w;
    const awarded = await seedApplication(w, { village, standard, star: 'industry', status: 'awarded' });
    const { ids } = await seedAwards(w, {
      village,
      year,
      stars: ['industry'],
      applications: { industry: awarded.id },
    });
    const listed = await seedApplication(w, { village, standard, star: 'ecology', status: 'publicity' });
    const notice = await seedNotice(w, { township: village.township, year, applicationIds: [listed.id] });

    fresh = await appWithErrorLog(w);
    const secretary = await login(fresh.app, w.accounts.secretary.username);
    const app = fresh.app;
    const requests = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0
        ? secretary.get(`/api/ratings/awards/${ids.industry}/certificate`)
        : app.inject({ method: 'GET', url: `/api/public/notices/${notice.id}/pdf` }),
    );
    const answers = await Promise.all(requests);
    expect(fresh.errors).toEqual([]);
    expect(answers.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    for (const r of answers) {
      expect(r.headers['content-type']).toBe('application/pdf');
      expect((r as unknown as { rawPayload: Buffer }).rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    // The text as it reads, lines joined (a star's name may wrap).
    const [certificate, noticePdf] = answers.map((r) =>
      pdfText((r as unknown as { rawPayload: Buffer }).rawPayload).replace(/\s+/g, ''),
    );
    expect(certificate).toContain('特发此证');
    expect(certificate).toContain(`${village.name}党支部`);
    expect(certificate).toContain('产业兴旺星');
    expect(noticePdf).toContain('公示');
    expect(noticePdf).toContain('生态宜居星');
  });

  it('a revoked star has no certificate, and one out of scope is not found', async () => {
    const w = track(await ratingsWorld());
    const { home: village, year } = w;
    const { secretary } = w.as;
    const { ids } = await seedAwards(w, { village, year, stars: ['industry'], status: 'revoked' });
    expect((await secretary.get(`/api/ratings/awards/${ids.industry}/certificate`)).statusCode).toBe(404);
    const neighbour = await w.village({ name: '乙村' });
    const held = await seedAwards(w, { village: neighbour, year, stars: ['ecology'] });
    expect((await secretary.get(`/api/ratings/awards/${held.ids.ecology}/certificate`)).statusCode).toBe(404);
    expect((await w.as.township.get(`/api/ratings/awards/${held.ids.ecology}/certificate`)).statusCode).toBe(
      200,
    );
  });

  it('without the CJK font the renderer refuses with a message that says so, logs why, and tries again next time', async () => {
    const causes: unknown[] = [];
    const render = createPdfRenderer({
      fontFile: '/nonexistent/cjk.ttc',
      onLoadError: (err) => causes.push(err),
    });
    const tries = await Promise.allSettled([render(() => {}), render(() => {})]);
    for (const t of tries) {
      expect(t.status).toBe('rejected');
      const err = (t as PromiseRejectedResult).reason;
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ statusCode: 503, messageKey: 'ratings.pdf_font_missing' });
    }
    expect(causes).toHaveLength(1); // the two concurrent first calls shared one load
    await expect(render(() => {})).rejects.toBeInstanceOf(AppError);
    expect(causes).toHaveLength(2); // a failed load is tried again, not remembered
  });
});
