import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EVIDENCE } from '../../src/modules/ratings/demo/demo-evidence.ts';
import {
  ratingsWorld,
  seedApplication,
  seedAwards,
  seedEvidenceRow,
  uploadEvidence,
  type RatingsWorld,
} from './ratings.builders.ts';

describe('ratings data scope and evidence', () => {
  let w: RatingsWorld;
  afterEach(async () => w.close());

  it('keeps data in scope: another village sees 404, a grid worker 403, anonymous 401', async () => {
    w = await ratingsWorld();
    const { home: village, standard, year } = w;
    const { secretary } = w.as;
    const neighbour = await w.village({ name: '乙村' });
    const mine = await seedApplication(w, { village, standard, star: 'industry', status: 'submitted' });
    const file = await seedEvidenceRow(w, {
      applicationId: mine.id,
      village,
      indicator: 'industry.collective_income',
    });
    await seedAwards(w, { village, year, stars: ['industry', 'ecology', 'safety'] });
    const other = await w.login(await w.user({ role: 'village_secretary', unit: neighbour }));

    expect((await other.get(`/api/ratings/applications/${mine.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/ratings/applications?year=${year}`)).json().total).toBe(0);
    expect((await other.get(`/api/ratings/evidence/${file.id}`)).statusCode).toBe(404);
    const own = await secretary.get(`/api/ratings/evidence/${file.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(own.headers['x-content-type-options']).toBe('nosniff');

    const grid = await w.login(await w.gridWorker(village));
    expect((await grid.get(`/api/ratings/summary?year=${year}`)).statusCode).toBe(403);
    expect((await w.app.inject({ method: 'GET', url: `/api/ratings/summary?year=${year}` })).statusCode).toBe(
      401,
    );
    // A village's summary is its own branch only; the township's holds both.
    expect((await other.get(`/api/ratings/summary?year=${year}`)).json()).toMatchObject({
      branches: 1,
      threeOrMore: 0,
    });
    expect((await w.as.township.get(`/api/ratings/summary?year=${year}`)).json()).toMatchObject({
      branches: 2,
      threeOrMore: 1,
      threeOrMoreShare: 50,
    });
  });

  it('evidence is typed by its bytes, not its name', async () => {
    w = await ratingsWorld();
    const app = await seedApplication(w, { village: w.home, standard: w.standard, star: 'industry' });
    const code = 'industry.collective_income';
    const up = (body: Buffer, name: string) => uploadEvidence(w.as.secretary, app.id, code, body, name);
    expect((await up(Buffer.from('MZ fake exe pretending to be a photo'), 'photo.jpg')).statusCode).toBe(415);
    expect(
      (await up(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), 'x.bin')).json().mime,
    ).toBe('application/pdf');
    expect((await up(DEMO_EVIDENCE.body, 'a.txt')).json().mime).toBe('image/png');
    // Size limits by type: a photo over 10 MB is refused (a PDF may be up to 20 MB).
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    DEMO_EVIDENCE.body.copy(big);
    expect((await up(big, 'huge.png')).statusCode).toBe(413);
    expect((await up(Buffer.alloc(0), 'empty.png')).statusCode).toBe(400);
    expect((await uploadEvidence(w.as.secretary, app.id, 'nope.x', DEMO_EVIDENCE.body)).statusCode).toBe(400);
    // JSON where bytes are expected is refused by type too.
    const json = await w.as.secretary.post(
      `/api/ratings/applications/${app.id}/evidence?indicator=${code}`,
      {},
    );
    expect(json.statusCode).toBe(415);
    const d = (await w.as.secretary.get(`/api/ratings/applications/${app.id}`)).json();
    expect(
      d.results.find((r: { code: string }) => r.code === code).files.map((f: { name: string }) => f.name),
    ).toEqual(['x.bin', 'a.txt']);
  });

  it('evidence locks with the self-assessment: nothing is added once the application is sent', async () => {
    w = await ratingsWorld();
    const app = await seedApplication(w, {
      village: w.home,
      standard: w.standard,
      star: 'industry',
      status: 'submitted',
    });
    const res = await uploadEvidence(
      w.as.secretary,
      app.id,
      'industry.collective_income',
      DEMO_EVIDENCE.body,
    );
    expect(res.statusCode).toBe(409);
  });
});
