import type { Dashboard, PublicNotice, Summary } from '@fivestar/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestContext } from '../test-app.ts';

const YEAR = new Date(Date.UTC(2026, 10, 2)).getUTCFullYear(); // the ManualClock's year: the demo's current cycle

/**
 * The demo township's figures: these tests are about the demo database itself (the 2022 figures the township
 * reported, and a current cycle with something in every state), so they share one seeded demo and only read it.
 */
describe('the demo township (demo database)', () => {
  let ctx: TestContext;
  let township: Session;
  beforeAll(async () => {
    ctx = await createTestApp();
    township = await login(ctx.app, 'township');
  });
  afterAll(async () => ctx.close());

  it('2022 from award records: 6 four-star, 18 three-star, no five-star, 43.64 %', async () => {
    const res = await township.get('/api/ratings/summary?year=2022');
    expect(res.statusCode).toBe(200);
    const s: Summary = res.json();
    expect(s).toMatchObject({ year: 2022, branches: 55, threeOrMore: 24, threeOrMoreShare: 43.64 });
    expect(s.byLevel).toMatchObject({ '3': 18, '4': 6, '5': 0 });
    expect(Object.values(s.byLevel).reduce((a, b) => a + b, 0)).toBe(55);
    // The per-star counts are the award rows themselves.
    const rows = await ctx.database.db
      .selectFrom('star_awards')
      .select('star_code')
      .where('year', '=', 2022)
      .where('status', '=', 'active')
      .execute();
    const byStar: Record<string, number> = {};
    for (const r of rows) byStar[r.star_code] = (byStar[r.star_code] ?? 0) + 1;
    expect(Object.fromEntries(Object.entries(s.byStar).filter(([, n]) => n !== 0))).toEqual(byStar);
    expect(s.byStar).toMatchObject({
      strong_branch: 0,
      livable: expect.any(Number),
      cobuild: expect.any(Number),
    });
    expect(Object.values(byStar).reduce((a, b) => a + b, 0)).toBe(
      4 * 6 + 3 * 18 + 2 * s.byLevel['2']! + s.byLevel['1']!,
    );
  });

  it('the current cycle is in progress with every state, a returned indicator, an open objection, a revoked star', async () => {
    const d: Dashboard = (await township.get(`/api/ratings/dashboard?year=${YEAR}`)).json();
    for (const st of [
      'draft',
      'submitted',
      'township_review',
      'returned',
      'county_review',
      'rated',
      'publicity',
      'objection',
      'awarded',
      'rejected',
      'revoked',
    ])
      expect(d.cycle[st], st).toBeGreaterThan(0);
    expect(d.years.map((y) => y.year)).toEqual([2022, 2023, 2024, 2025, YEAR]);
    expect(d.villages).toHaveLength(55);
    expect(d.byDistrict.length).toBe(5);
    const c2023 = d.changes.find((c) => c.year === 2023)!;
    const total = (s: Summary) => Object.values(s.byStar).reduce((a, b) => a + b, 0);
    expect(total(d.years[1]!) - total(d.years[0]!)).toBe(c2023.gained - c2023.lost);
    expect(d.changes.find((c) => c.year === YEAR)!.revoked).toBeGreaterThan(0);
    const notices: PublicNotice[] = (
      await ctx.app.inject({ method: 'GET', url: '/api/public/notices' })
    ).json();
    expect(notices.some((n) => n.objections.some((o) => o.status === 'open'))).toBe(true);
  });
});
