import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestContext } from '../test-app.ts';

/** The demo township's development ledgers give the report's figures (issue 11) by query. */
describe('张庄镇 development demo', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(async () => ctx.close());

  it('the summary for 2023-01-01…2023-08-06 shows the report’s figures', async () => {
    const s = await login(ctx.app, 'township');
    const res = await s.get('/api/development/summary?from=2023-01-01&to=2023-08-06');
    expect(res.statusCode).toBe(200);
    const f = res.json();
    expect(f.training.attendances).toBeGreaterThanOrEqual(200);
    expect(f.jobFairs.fairs).toBe(2);
    const employers = await ctx.database.db
      .selectFrom('dev_fair_employers')
      .select(['origin', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('origin')
      .execute();
    const by = Object.fromEntries(employers.map((e) => [e.origin, Number(e.n)]));
    expect(by.outside).toBeGreaterThanOrEqual(20);
    expect(by.local).toBeGreaterThanOrEqual(10);
    expect(f.jobFairs.employers).toBe(by.outside! + by.local!);
    expect(f.jobFairs.placed).toBeGreaterThanOrEqual(800);
    expect(f.relocation.villages).toBe(10);
    expect(f.relocation.people).toBeGreaterThanOrEqual(9300);
    expect(f.incubator.enterprises).toBe(23);
    expect(f.incubator.jobs).toBeGreaterThanOrEqual(400);
    expect(f.projects).toBe(6);
    expect(f.serviceCentres).toEqual({ planned: 2, built: 0 });
    expect(f.environment.posts).toBe(285);
    expect(f.environment.cleaners).toBeGreaterThanOrEqual(130);
    expect(f.environment.cadres).toBeGreaterThanOrEqual(400);
    expect(f.environment.villagers).toBeGreaterThanOrEqual(30_000);

    // the six projects are the report's villages; the two centres are 王德隆村 and 大崔楼村 with 200万+
    const projects = (await s.get('/api/development/registries/projects?to=2023-08-06&pageSize=50')).json();
    expect(projects.items.map((p: { unitName: string }) => p.unitName).sort()).toEqual(
      ['王英庄村', '前房村', '双庙朱村', '李菜园村', '后刘楼村', '凤凰岭村'].sort(),
    );
    const centres = (await s.get('/api/development/registries/serviceCentres')).json();
    expect(centres.items.map((c: { unitName: string }) => c.unitName).sort()).toEqual([
      '大崔楼村',
      '王德隆村',
    ]);
    const invest = centres.items.reduce(
      (a: number, c: { values: { investmentWan: number } }) => a + c.values.investmentWan,
      0,
    );
    expect(invest).toBeGreaterThanOrEqual(200);
    // a secretary sees only their village's share
    const sec = await login(ctx.app, 'secretary01');
    const mine = (await sec.get('/api/development/summary?from=2023-01-01&to=2023-08-06')).json();
    expect(mine.environment.villagers).toBeLessThan(f.environment.villagers);
  });

  it('the current cycle: villages applying for 产业兴旺星 have the ledgers; one village is two attendances short', async () => {
    const s = await login(ctx.app, 'township');
    const year = Number(new Date(ctx.clock.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const villages = (await s.get(`/api/development/villages?year=${year}`)).json();
    const applying = await ctx.database.db
      .selectFrom('star_applications')
      .select('org_unit_id')
      .where('year', '=', year)
      .where('star_code', '=', 'industry')
      .where('status', '!=', 'rejected')
      .execute();
    expect(applying.length).toBeGreaterThan(0);
    for (const a of applying) {
      const v = villages.find((x: { unitId: number }) => x.unitId === a.org_unit_id);
      expect(v.industry.met, v.unitName).toBe(true);
    }
    const short = villages.filter(
      (v: { facts: Record<string, unknown> }) => v.facts['development.training_attendances'] === 18,
    );
    expect(short.length).toBeGreaterThanOrEqual(1);
    expect(short[0].industry.met).toBe(false);
  });
});
