import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestContext } from './test-app.ts';

/**
 * The demo township's figures, as the organisation pages show them. Here the demo is the point: the numbers are the
 * report's (55 village-level branches, a grid centre and 55 stations, 165 grid workers — docs/programme.md §11) and
 * must come out of queries over the seeded records. Every test only reads, so the file shares one seeded database
 * (seeding the whole demo per test would add seconds each and prove nothing more).
 */
describe('the demo township', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(async () => ctx.close());

  it('has 55 branches, 56 stations (one the centre) and 165 grid workers, and the villages the report names', async () => {
    const township = await login(ctx.app, 'township');
    const branches = (await township.get('/api/org/branches')).json();
    expect(branches.total).toBe(55);
    const stations = (await township.get('/api/grid/stations')).json();
    expect(stations.total).toBe(56);
    expect(stations.items.filter((s: { kind: string }) => s.kind === 'centre')).toHaveLength(1);
    const workers = (await township.get('/api/grid/workers?pageSize=500')).json();
    expect(workers.total).toBe(165);
    const me = (await township.get('/api/me')).json();
    expect(me.user.unit.name).toBe('张庄镇');
    const detail = (await township.get(`/api/org/units/${me.user.unit.id}`)).json();
    expect(detail.counts).toMatchObject({ branches: 55, stations: 56, gridWorkers: 165 });
    const names = new Set(
      (await township.get('/api/org/branches?pageSize=200'))
        .json()
        .items.map((b: { unitName: string }) => b.unitName),
    );
    for (const v of [
      '蒲笠堌堆村',
      '王德隆村',
      '大崔楼村',
      '王英庄村',
      '前房村',
      '双庙朱村',
      '李菜园村',
      '后刘楼村',
      '凤凰岭村',
      '于庄村',
      '崔楼村',
      '凤凰社区',
    ]) {
      expect(names.has(v), v).toBe(true);
    }
  });

  it('each village has three grid workers with accounts; the first secretary’s village is theirs', async () => {
    const secretary = await login(ctx.app, 'secretary01');
    expect((await secretary.get('/api/grid/workers')).json().total).toBe(3);
    const users = (await secretary.get('/api/users?pageSize=200')).json();
    expect(users.items.map((u: { username: string }) => u.username).sort()).toEqual([
      'grid001',
      'grid002',
      'grid003',
      'secretary01',
    ]);
  });

  it('the first management district holds 11 villages; the county sees every grid worker’s account', async () => {
    const district = await login(ctx.app, 'district1');
    const list = (await district.get('/api/org/branches?pageSize=200')).json();
    expect(list.total).toBe(11);
    expect(list.items.every((b: { districtName: string }) => b.districtName === '张庄管区')).toBe(true);
    const county = await login(ctx.app, 'county');
    const workers = (await county.get('/api/users?role=grid_worker')).json();
    expect(workers.total).toBe(165);
  });

  it('its village names are found by pinyin', async () => {
    const township = await login(ctx.app, 'township');
    const byInitials = (await township.get('/api/org/branches?q=wdl')).json();
    expect(byInitials.items.map((b: { unitName: string }) => b.unitName)).toEqual(['王德隆村']);
    const byFull = (await township.get('/api/org/units?q=fenghuang')).json();
    expect(byFull.items.map((u: { name: string }) => u.name).sort()).toEqual(
      ['凤凰岭村', '凤凰社区', '凤凰管区'].sort(),
    );
  });

  it('seeding is audited, and the chain verifies', async () => {
    const first = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(first).toMatchObject({ action: 'seed.demo', actor_name: 'system' });
    expect(JSON.parse(first.new_value!)).toMatchObject({ branches: 55 });
    expect((await ctx.app.audit.verify(ctx.database.db)).ok).toBe(true);
  });
});
