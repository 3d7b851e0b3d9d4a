import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestContext } from '../test-app.ts';

/** The demo's supervision figures, counted from its records. */
describe('supervision demo', () => {
  let ctx: TestContext;
  let township: Session;
  beforeAll(async () => {
    ctx = await createTestApp();
    township = await login(ctx.app, 'township');
  });
  afterAll(async () => ctx.close());

  it('summary as township: every village linked to one cadre, figures from the rows', async () => {
    const res = await township.get('/api/supervision/summary');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(Object.keys(s)).toEqual(['tasks', 'slips', 'links']);
    expect(Object.keys(s.tasks)).toEqual(['total', 'open', 'closed', 'overdue']);
    expect(Object.keys(s.slips)).toEqual(['blue', 'yellow', 'red']);
    expect(Object.keys(s.links)).toEqual(['cadres', 'villages', 'households']);
    expect(s.links.villages).toBe(55);
    const { db } = ctx.database;
    const items = await db.selectFrom('sv_items').select(['status', 'deadline']).execute();
    expect(s.tasks.total).toBe(items.length);
    expect(s.tasks.closed).toBe(items.filter((i) => i.status === 'closed').length);
    expect(s.tasks.open + s.tasks.closed).toBe(s.tasks.total);
    // Some open in each colour.
    expect(s.slips.blue).toBeGreaterThan(0);
    expect(s.slips.yellow).toBeGreaterThan(0);
    expect(s.slips.red).toBeGreaterThan(0);
    expect(s.tasks.overdue).toBe(s.slips.red);
    const households = await db.selectFrom('household_links').select('id').execute();
    expect(s.links.households).toBe(households.length);
  });

  it('2023 lists for all 55 villages from the 2022 shortfalls; one star taken after a veto event', async () => {
    const { db } = ctx.database;
    const villages = await db
      .selectFrom('sv_items')
      .select('org_unit_id')
      .where('year', '=', 2023)
      .distinct()
      .execute();
    expect(villages.length).toBe(55);
    const reviews = await db.selectFrom('sv_star_reviews').selectAll().execute();
    expect(reviews.some((r) => r.status === 'revoked')).toBe(true);
  });
});
