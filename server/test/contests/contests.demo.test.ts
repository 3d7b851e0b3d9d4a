import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestContext } from '../test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => ctx.close());

describe('contests demo: four 2023 quarterly rounds of the 55 villages and the county 擂台赛', () => {
  it('the township sees four closed quarterly rounds, every village ranked; the county sees the final', async () => {
    const township = await login(ctx.app, 'township');
    const rounds = (await township.get('/api/contests?year=2023')).json();
    const quarterly = rounds.filter((r: { level: string }) => r.level === 'township');
    expect(quarterly.map((r: { date: string; status: string }) => [r.date, r.status])).toEqual([
      ['2023-12-26', 'closed'],
      ['2023-09-26', 'closed'],
      ['2023-06-27', 'closed'],
      ['2023-03-28', 'closed'],
    ]);
    for (const r of quarterly) {
      expect(r.units).toBe(55);
      expect(r.sheets).toBe(r.expected); // every sheet in
      const res = (await township.get(`/api/contests/${r.id}/results`)).json();
      expect(res.final).toBe(true);
      expect(res.entries).toHaveLength(55);
      expect(res.entries[0].rank).toBe(1);
      const scores = res.entries.map((e: { score: number }) => e.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
    const county = await login(ctx.app, 'county');
    const finals = (await county.get('/api/contests?level=county')).json();
    expect(finals).toHaveLength(1);
    const final = (await county.get(`/api/contests/${finals[0].id}/results`)).json();
    expect(final.entries).toHaveLength(3);
    expect(final.stages.map((s: { weight: number }) => s.weight)).toEqual([50, 50]);
  });

  it('no judge scored their own village; judges were judge01–judge09 and the secretaries', async () => {
    const { db } = ctx.database;
    const own = await db
      .selectFrom('contest_sheets as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select('s.id')
      .whereRef('u.org_unit_id', '=', 's.org_unit_id')
      .execute();
    expect(own).toEqual([]);
    const roles = await db
      .selectFrom('contest_sheets as s')
      .innerJoin('contest_rounds as r', 'r.id', 's.round_id')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select('u.role_code')
      .distinct()
      .where('r.level', '=', 'township')
      .execute();
    expect(roles.map((r) => r.role_code).sort()).toEqual(['judge', 'village_secretary']);
  });
});
