import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from './builders.ts';

/** A village secretary sees their own village and nothing else; outside their scope is the same 404 as missing. */
describe('data scope', () => {
  let w: World;
  afterEach(async () => w.close());

  /**
   * One township, two management districts: villages A and B in the first, C in the second. A's secretary and its
   * three grid workers; B's secretary; a person registered in A and one in B.
   */
  async function township() {
    w = await createWorld();
    const township = await w.township({ name: '张庄镇' });
    const d1 = await w.district({ township, name: '张庄管区' });
    const d2 = await w.district({ township, name: '王德隆管区' });
    const a = await w.village({ district: d1, name: '甲村' });
    const b = await w.village({ district: d1, name: '乙村' });
    const c = await w.village({ district: d2, name: '丙村' });
    const secretaryA = await w.user({ role: 'village_secretary', unit: a, username: 'secretary01' });
    for (const username of ['grid001', 'grid002', 'grid003']) await w.gridWorker(a, { username });
    const secretaryB = await w.user({ role: 'village_secretary', unit: b, username: 'secretary02' });
    const personA = await w.person({ unit: a });
    const personB = await w.person({ unit: b });
    const own = { unitId: a.id, branchId: a.branchId, personId: personA.id, userId: secretaryA.id };
    const other = { unitId: b.id, branchId: b.branchId, personId: personB.id, userId: secretaryB.id };
    return { township, d1, d2, a, b, c, own, other, secretary: await w.login(secretaryA) };
  }

  it('reads its own village, branch and people', async () => {
    const { own, secretary } = await township();
    expect((await secretary.get(`/api/org/units/${own.unitId}`)).statusCode).toBe(200);
    expect((await secretary.get(`/api/org/branches/${own.branchId}`)).statusCode).toBe(200);
    expect((await secretary.get(`/api/persons/${own.personId}`)).statusCode).toBe(200);
  });

  it('gets 404 — the same body as a missing id — for another village’s unit, branch, person and user', async () => {
    const { own, other, secretary } = await township();
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
    const { township: t, secretary } = await township();
    const me = (await secretary.get('/api/me')).json();
    const townshipId = Number(me.user.unit.path.split('/').filter(Boolean).at(-3));
    expect(townshipId).toBe(t.id);
    expect((await secretary.get(`/api/org/units/${townshipId}`)).statusCode).toBe(404);
  });

  it('lists only its own village whatever filter it sends', async () => {
    const { own, other, secretary } = await township();
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
    const stations = (await secretary.get(`/api/grid/stations?unitId=${other.unitId}`)).json();
    expect(stations.total).toBe(0);
    const users = (await secretary.get('/api/users?pageSize=200')).json();
    expect(users.items.map((u: { username: string }) => u.username).sort()).toEqual([
      'grid001',
      'grid002',
      'grid003',
      'secretary01',
    ]);
  });

  it('a user administrator outside the township cannot see its users; one above it can', async () => {
    const { township: t, d1, other } = await township();
    await w.user({ role: 'township_admin', unit: t, username: 'township' });
    await w.user({ role: 'county_admin', unit: await w.county(), username: 'county' });
    const elsewhere = await w.township({ name: '别的镇' });
    await w.user({ role: 'township_admin', unit: elsewhere, username: 'elsewhere' });

    expect((await (await w.login('township')).get(`/api/users/${other.userId}`)).statusCode).toBe(200);
    expect((await (await w.login('county')).get(`/api/users/${other.userId}`)).statusCode).toBe(200);
    const foreign = await w.login('elsewhere');
    expect((await foreign.get(`/api/users/${other.userId}`)).statusCode).toBe(404);
    const listed = (await foreign.get('/api/users?pageSize=200')).json();
    expect(listed.items.map((u: { username: string }) => u.username)).toEqual(['elsewhere']);
    // a district leader sees only its own district's villages
    await w.user({ role: 'district_leader', unit: d1, username: 'district1' });
    const list = (await (await w.login('district1')).get('/api/org/branches?pageSize=200')).json();
    expect(list.total).toBe(2);
    expect(list.items.every((b: { districtName: string }) => b.districtName === '张庄管区')).toBe(true);
  });

  it('finds villages by pinyin initials and full pinyin; a LIKE wildcard matches nothing', async () => {
    w = await createWorld();
    const township = await w.township({ name: '张庄镇' });
    const fenghuang = await w.district({ township, name: '凤凰管区' });
    const wangdelong = await w.district({ township, name: '王德隆管区' });
    await w.village({ district: wangdelong, name: '王德隆村' });
    await w.village({ district: wangdelong, name: '大崔楼村' });
    await w.village({ district: fenghuang, name: '凤凰岭村' });
    await w.village({ district: fenghuang, name: '凤凰社区', kind: 'urban' });
    const s = await w.login(await w.user({ role: 'township_admin', unit: township }));
    const byInitials = (await s.get('/api/org/branches?q=wdl')).json();
    expect(byInitials.items.map((b: { unitName: string }) => b.unitName)).toEqual(['王德隆村']);
    const byFull = (await s.get('/api/org/units?q=fenghuang')).json();
    expect(byFull.items.map((u: { name: string }) => u.name).sort()).toEqual(
      ['凤凰岭村', '凤凰社区', '凤凰管区'].sort(),
    );
    const wildcard = (await s.get('/api/org/units?q=%25')).json();
    expect(wildcard.total).toBe(0);
    expect((await s.get('/api/org/units?q=_')).json().total).toBe(0);
  });
});
