import type { ApplicationDetail } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EVIDENCE } from '../../src/modules/ratings/demo/demo-evidence.ts';
import {
  DAY,
  ratingsWorld,
  seedApplication,
  seedNotice,
  uploadEvidence,
  yearOf,
  type RatingsWorld,
} from './ratings.builders.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
/** An OLE compound file header: a legacy .doc/.xls, which no browser should render. */
const DOC = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);

/** Evidence files: attached to any indicator, previewed in place only when the type is safe to show. */
describe('evidence files', () => {
  let w: RatingsWorld;
  afterEach(async () => w.close());

  it('serves photos and PDFs inline when asked, everything else as a download', async () => {
    w = await ratingsWorld();
    const { secretary, township } = w.as;
    const app = await seedApplication(w, { village: w.home, standard: w.standard, star: 'ecology' });
    const d: ApplicationDetail = (await secretary.get(`/api/ratings/applications/${app.id}`)).json();
    // Any indicator takes a file, also one that asks for none.
    const noFiles = d.indicators.find((i) => i.minFiles === 0 && i.type !== 'evidence');
    expect(noFiles).toBeDefined();
    const ids: Record<string, number> = {};
    for (const [name, body] of [
      ['photo.png', DEMO_EVIDENCE.body],
      ['plan.pdf', PDF],
      ['old.doc', DOC],
    ] as const) {
      const res = await uploadEvidence(secretary, d.id, noFiles!.code, body, name);
      expect(res.statusCode, res.body).toBe(201);
      ids[name] = res.json().id;
    }
    const get = (id: number, view = '') => township.get(`/api/ratings/evidence/${id}${view}`);
    for (const [name, type] of [
      ['photo.png', 'image/png'],
      ['plan.pdf', 'application/pdf'],
    ] as const) {
      const inline = await get(ids[name]!, '?view=inline');
      expect(inline.statusCode).toBe(200);
      expect(inline.headers['content-type']).toBe(type);
      expect(inline.headers['content-disposition']).toMatch(/^inline; /);
      expect(inline.headers['x-content-type-options']).toBe('nosniff');
      expect((await get(ids[name]!)).headers['content-disposition']).toMatch(/^attachment; /);
    }
    const doc = await get(ids['old.doc']!, '?view=inline');
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/x-cfb');
    expect(doc.headers['content-disposition']).toMatch(/^attachment; /);
    expect((await get(ids['photo.png']!, '?view=script')).statusCode).toBe(400);
  });
});

/** The ratings pages open where the work is: the current year, the notices in the order they were published. */
describe('ratings pages', () => {
  let w: RatingsWorld;
  afterEach(async () => w.close());

  it('the dashboard without a year answers for the current year by the server clock', async () => {
    w = await ratingsWorld();
    const res = await w.as.township.get('/api/ratings/dashboard');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().summary.year).toBe(yearOf(w));
    const past = await w.as.township.get(`/api/ratings/dashboard?year=${yearOf(w) - 1}`);
    expect(past.json().summary.year).toBe(yearOf(w) - 1);
  });

  it('lists notices by their window, latest first, whatever order they were entered in', async () => {
    w = await ratingsWorld();
    const now = w.clock.now();
    const input = { township: w.home.township, year: w.year, applicationIds: [] };
    const later = await seedNotice(w, { ...input, startsAt: now - DAY });
    const earlier = await seedNotice(w, { ...input, startsAt: now - 20 * DAY });
    const staff = (await w.as.township.get('/api/ratings/notices')).json() as { id: number }[];
    expect(staff.map((n) => n.id)).toEqual([later.id, earlier.id]);
    const open = (await w.as.township.get('/api/ratings/notices')).json() as { id: number; open: boolean }[];
    expect(open.map((n) => n.open)).toEqual([true, false]);
  });
});
