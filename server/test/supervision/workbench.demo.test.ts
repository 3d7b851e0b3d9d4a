import type { ApplicationStatus, EventStatus } from '@fivestar/common';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestContext } from '../test-app.ts';

type Group = { key: string; count: number; path: string; nav: string; label: string };

/** The workbench on the demo: each role's groups, counted from the records the groups point at. */
describe('workbench (demo)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(async () => ctx.close());
  const groupsOf = async (username: string) =>
    ((await (await login(ctx.app, username)).get('/api/workbench')).json() as { groups: Group[] }).groups;
  const n = async (q: Promise<{ n: number | string }>) => Number((await q).n);

  it('the grid centre: reports to accept and replies to verify', async () => {
    const { db } = ctx.database;
    const groups = await groupsOf('centre');
    const count = (status: EventStatus) =>
      n(
        db
          .selectFrom('grid_events')
          .select(sql<number>`count(*)`.as('n'))
          .where('status', '=', status)
          .executeTakeFirstOrThrow(),
      );
    const accept = groups.find((g) => g.key === 'grid.accept');
    const verify = groups.find((g) => g.key === 'grid.verify');
    expect(accept?.count ?? 0).toBe(await count('reported'));
    expect(verify?.count ?? 0).toBe(await count('replied'));
    expect((accept ?? verify)?.path).toBe('/events/board');
  });

  it('the township: applications to review, objections, items to check and star reviews; the county: to rate', async () => {
    const { db } = ctx.database;
    const township = await groupsOf('township');
    const apps = (statuses: ApplicationStatus[]) =>
      n(
        db
          .selectFrom('star_applications')
          .select(sql<number>`count(*)`.as('n'))
          .where('status', 'in', statuses)
          .executeTakeFirstOrThrow(),
      );
    expect(township.find((g) => g.key === 'ratings.review')?.count ?? 0).toBe(
      await apps(['submitted', 'township_review']),
    );
    const submitted = await n(
      db
        .selectFrom('sv_items')
        .select(sql<number>`count(*)`.as('n'))
        .where('status', '=', 'submitted')
        .executeTakeFirstOrThrow(),
    );
    expect(township.find((g) => g.key === 'supervision.check')?.count).toBe(submitted);
    expect(township.find((g) => g.key === 'supervision.reviews')?.count).toBe(2);
    const county = await groupsOf('county');
    expect(county.find((g) => g.key === 'ratings.rate')?.count ?? 0).toBe(await apps(['county_review']));
    expect(county.find((g) => g.key === 'supervision.reviews')?.label).toBe('星级动态复核');
  });

  it('a secretary: their tasks, their village’s events to answer, their drafts', async () => {
    const groups = await groupsOf('secretary01');
    const keys = groups.map((g) => g.key);
    expect(keys).toContain('supervision.mine');
    for (const g of groups) expect(g.count).toBeGreaterThan(0);
    // Sorted: the most urgent first.
    const tones = groups.map((g) => (g as unknown as { tone: string }).tone);
    const order = { danger: 0, warning: 1, normal: 2 } as Record<string, number>;
    expect([...tones].sort((a, b) => order[a]! - order[b]!)).toEqual(tones);
  });
});
