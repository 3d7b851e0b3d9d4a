import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threeZeroStatuses } from '../src/modules/grid/records/three-zero.service.ts';
const threeZeroStatus = async (db: Parameters<typeof threeZeroStatuses>[0], id: number, y: number) =>
  (await threeZeroStatuses(db, [id], y)).get(id)!;
import { createTestApp, type TestContext } from './test-app.ts';

/** Facts other modules lend the star-rating engine. */
describe('derived facts across modules', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(async () => ctx.close());

  it('grid.three_zero is registered and agrees with each village’s 三零 status, overrides included', async () => {
    const registry = ctx.app.facts;
    expect(registry.has('grid.three_zero')).toBe(true);
    const { db } = ctx.database;
    const branches = await db
      .selectFrom('party_branches')
      .select(['id', 'org_unit_id'])
      .orderBy('id')
      .execute();
    for (const year of [2023, 2026]) {
      const facts = await registry.compute(
        db,
        ['grid.three_zero'],
        branches.map((b) => b.id),
        year,
      );
      let achieved = 0;
      for (const b of branches) {
        const status = await threeZeroStatus(db, b.org_unit_id, year);
        expect(facts.get(b.id)!['grid.three_zero'], `branch ${b.id} ${year}`).toBe(status.achieved);
        if (status.achieved) achieved++;
      }
      // the demo has villages on both sides in the report's year
      if (year === 2023) expect(achieved).toBeGreaterThan(0);
    }
  });
});
