import { chinaStartOfDay } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import { gridTownship, seedEvent } from './grid.builders.ts';

const in2023 = chinaStartOfDay('2023-06-01');

/** 三零 (no petition, injury accident or criminal / major case in a year): one rule for the route and the fact. */
describe('三零', () => {
  let w: World;
  afterEach(async () => w.close());

  /** Villages that break 三零 in 2023 in each way, keep it, or are overridden either way. */
  async function villages() {
    const t = await gridTownship(w);
    const district = t.village.district;
    const v = async (name: string) => w.village({ district, name });
    const [petition, accident, crime, withdrawn, otherYear, excused, revoked] = [
      await v('上访村'),
      await v('事故村'),
      await v('案件村'),
      await v('撤回村'),
      await v('往年村'),
      await v('核减村'),
      await v('撤销村'),
    ];
    await seedEvent(w, { village: petition, typeCode: 'sentiment.petition', reportedAt: in2023 });
    await seedEvent(w, {
      village: accident,
      typeCode: 'emergency.accident',
      reportedAt: in2023,
      status: 'closed',
    });
    await seedEvent(w, { village: crime, typeCode: 'security.criminal', reportedAt: in2023 });
    await seedEvent(w, { village: crime, typeCode: 'security.public_order', reportedAt: in2023 });
    await seedEvent(w, {
      village: withdrawn,
      typeCode: 'sentiment.petition',
      reportedAt: in2023,
      status: 'recalled',
    });
    await seedEvent(w, {
      village: otherYear,
      typeCode: 'sentiment.petition',
      reportedAt: chinaStartOfDay('2024-01-01'),
    });
    await seedEvent(w, { village: excused, typeCode: 'emergency.accident', reportedAt: in2023 });
    // an ordinary event breaks nothing
    await seedEvent(w, { village: t.village, typeCode: 'public_service.road', reportedAt: in2023 });
    return { t, petition, accident, crime, withdrawn, otherYear, excused, revoked };
  }

  it('follows from the records and can be overridden with a reason by the township', async () => {
    w = await createWorld();
    const { t, petition, accident, crime, excused, revoked } = await villages();
    const status = async () =>
      Object.fromEntries(
        ((await t.centre.get('/api/grid/three-zero?year=2023')).json() as { unitName: string }[]).map((s) => [
          s.unitName,
          s,
        ]),
      );
    const before = await status();
    expect(Object.keys(before)).toHaveLength(9);
    expect(before[petition.name]).toMatchObject({ petitions: 1, accidents: 0, cases: 0, achieved: false });
    expect(before[accident.name]).toMatchObject({ petitions: 0, accidents: 1, cases: 0, achieved: false });
    expect(before[crime.name]).toMatchObject({ petitions: 0, accidents: 0, cases: 2, achieved: false });
    for (const kept of ['东村', '西村', '撤回村', '往年村', '撤销村'])
      expect(before[kept], kept).toMatchObject({ petitions: 0, accidents: 0, cases: 0, achieved: true });

    const override = (unitId: number, achieved: boolean | null, session = t.office) =>
      session.post('/api/grid/three-zero', {
        unitId,
        year: 2023,
        achieved,
        reason: '经核查系外村人员在本村发生',
      });
    expect((await override(excused.id, true)).json()).toMatchObject({
      achieved: true,
      derived: false,
      overridden: true,
      overrideReason: '经核查系外村人员在本村发生',
    });
    expect((await override(revoked.id, false)).json()).toMatchObject({ achieved: false, derived: true });
    expect((await override(excused.id, true, t.secretary)).statusCode).toBe(403);
    expect((await override(t.township.id, true)).json().error.fields[0].path).toBe('unitId');
    const after = await status();
    expect(after[excused.name]).toMatchObject({ achieved: true, overridden: true });
    expect(after[revoked.name]).toMatchObject({ achieved: false, overridden: true });
    // null removes the override
    expect((await override(revoked.id, null)).json()).toMatchObject({ achieved: true, overridden: false });
    const audit = await w.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'grid.three_zero.override')
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('the star engine’s fact grid.three_zero is the same rule, for every branch at once', async () => {
    w = await createWorld();
    const { t, petition, accident, crime, withdrawn, otherYear, excused, revoked } = await villages();
    await t.office.post('/api/grid/three-zero', {
      unitId: excused.id,
      year: 2023,
      achieved: true,
      reason: '外村人员',
    });
    await t.office.post('/api/grid/three-zero', {
      unitId: revoked.id,
      year: 2023,
      achieved: false,
      reason: '瞒报',
    });
    const registry = w.app.facts;
    expect(registry.has('grid.three_zero')).toBe(true);
    const expected: [{ id: number; branchId: number }, boolean][] = [
      [t.village, true],
      [t.otherVillage, true],
      [petition, false],
      [accident, false],
      [crime, false],
      [withdrawn, true],
      [otherYear, true],
      [excused, true],
      [revoked, false],
    ];
    const branches = expected.map(([v]) => v.branchId);
    const facts = await registry.compute(w.database.db, ['grid.three_zero'], branches, 2023);
    // and the route says the same of each village
    const route = (await t.centre.get('/api/grid/three-zero?year=2023')).json() as {
      unitId: number;
      achieved: boolean;
    }[];
    for (const [v, achieved] of expected) {
      expect(facts.get(v.branchId)!['grid.three_zero'], `branch ${v.branchId}`).toBe(achieved);
      expect(route.find((s) => s.unitId === v.id)?.achieved, `village ${v.id}`).toBe(achieved);
    }
    // 2024: only the petition reported in 2024 counts
    const next = await registry.compute(
      w.database.db,
      ['grid.three_zero'],
      [otherYear.branchId, petition.branchId],
      2024,
    );
    expect(next.get(otherYear.branchId)!['grid.three_zero']).toBe(false);
    expect(next.get(petition.branchId)!['grid.three_zero']).toBe(true);
  });
});
