import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestContext } from './test-app.ts';

/** A village secretary sees their own village and nothing else; outside their scope is the same 404 as missing. */
describe('data scope', () => {
  let ctx: TestContext;
  let secretary: Session;
  let own: { unitId: number; branchId: number; personId: number; userId: number };
  let other: { unitId: number; branchId: number; personId: number; userId: number };

  async function villageOf(username: string) {
    const u = await ctx.database.db
      .selectFrom('users')
      .select(['id', 'org_unit_id', 'person_id'])
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    const b = await ctx.database.db
      .selectFrom('party_branches')
      .select('id')
      .where('org_unit_id', '=', u.org_unit_id)
      .executeTakeFirstOrThrow();
    return { unitId: u.org_unit_id, branchId: b.id, personId: u.person_id!, userId: u.id };
  }

  beforeAll(async () => {
    ctx = await createTestApp();
    secretary = await login(ctx.app, 'secretary01');
    own = await villageOf('secretary01');
    other = await villageOf('secretary02');
  });
  afterAll(async () => ctx.close());

  it('reads its own village, branch and people', async () => {
    expect((await secretary.get(`/api/org/units/${own.unitId}`)).statusCode).toBe(200);
    expect((await secretary.get(`/api/org/branches/${own.branchId}`)).statusCode).toBe(200);
    expect((await secretary.get(`/api/persons/${own.personId}`)).statusCode).toBe(200);
  });

  it('gets 404 — the same body as a missing id — for another village’s unit, branch, person and user', async () => {
    expect((await secretary.get(`/api/users/${own.userId}`)).statusCode).toBe(200);
    for (const [path, id] of [
      ['/api/org/units', other.unitId],
      ['/api/org/branches', other.branchId],
      ['/api/persons', other.personId],
      ['/api/users', other.userId],
    ] as const) {
      const res = await secretary.get(`${path}/${id}`);
      const missing = await secretary.get(`${path}/999999`);
      expect(res.statusCode, path).toBe(404);
      expect(res.body).toBe(missing.body);
    }
  });

  it('gets 404 for the township above it', async () => {
    const me = (await secretary.get('/api/me')).json();
    const townshipId = Number(me.user.unit.path.split('/').filter(Boolean).at(-3));
    expect((await secretary.get(`/api/org/units/${townshipId}`)).statusCode).toBe(404);
  });

  it('lists only its own village whatever filter it sends', async () => {
    const branches = (await secretary.get('/api/org/branches')).json();
    expect(branches.total).toBe(1);
    expect(branches.items[0].id).toBe(own.branchId);
    const filtered = (await secretary.get(`/api/org/branches?unitId=${other.unitId}`)).json();
    expect(filtered.total).toBe(0);
    const persons = (await secretary.get(`/api/persons?unitId=${other.unitId}`)).json();
    expect(persons.total).toBe(0);
    const units = (await secretary.get('/api/org/units')).json();
    expect(units.total).toBe(1);
    const workers = (await secretary.get('/api/grid/workers')).json();
    expect(workers.total).toBe(3);
    const users = (await secretary.get('/api/users?pageSize=200')).json();
    expect(users.items.map((u: { username: string }) => u.username).sort()).toEqual([
      'grid001',
      'grid002',
      'grid003',
      'secretary01',
    ]);
  });

  it('a user administrator outside the township cannot see its users', async () => {
    const township = await login(ctx.app, 'township');
    expect((await township.get(`/api/users/${other.userId}`)).statusCode).toBe(200);
    const county = await login(ctx.app, 'county');
    expect((await county.get(`/api/users/${other.userId}`)).statusCode).toBe(200);
    // a district leader sees only its own district's villages
    const district = await login(ctx.app, 'district1');
    const list = (await district.get('/api/org/branches?pageSize=200')).json();
    expect(list.total).toBe(11);
    expect(list.items.every((b: { districtName: string }) => b.districtName === '张庄管区')).toBe(true);
  });

  it('the township sees the demo township: 55 branches, 56 stations, 165 grid workers', async () => {
    const township = await login(ctx.app, 'township');
    const branches = (await township.get('/api/org/branches')).json();
    expect(branches.total).toBe(55);
    const stations = (await township.get('/api/grid/stations')).json();
    expect(stations.total).toBe(56);
    expect(stations.items.filter((s: { kind: string }) => s.kind === 'centre')).toHaveLength(1);
    const workers = (await township.get('/api/grid/workers?pageSize=500')).json();
    expect(workers.total).toBe(165);
    const me = (await township.get('/api/me')).json();
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

  it('finds villages by pinyin initials and full pinyin', async () => {
    const township = await login(ctx.app, 'township');
    const byInitials = (await township.get('/api/org/branches?q=wdl')).json();
    expect(byInitials.items.map((b: { unitName: string }) => b.unitName)).toEqual(['王德隆村']);
    const byFull = (await township.get('/api/org/units?q=fenghuang')).json();
    expect(byFull.items.map((u: { name: string }) => u.name).sort()).toEqual(
      ['凤凰岭村', '凤凰社区', '凤凰管区'].sort(),
    );
    const wildcard = (await township.get('/api/org/units?q=%25')).json();
    expect(wildcard.total).toBe(0);
  });
});
