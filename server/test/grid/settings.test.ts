import { chinaDate } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import { gridTownship, report, reportBody } from './grid.builders.ts';

/** What grid:admin sets up: the type dictionary, the time limits, and the working-day calendar they count on. */
describe('grid settings', () => {
  let w: World;
  afterEach(async () => w.close());

  it('the type dictionary: add a type and a sub-type, rename, deactivate with its sub-types, reactivate; audited', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const { centre } = t;
    const created = await centre.post('/api/grid/types', {
      code: 'dispute.e2e_water',
      class: 'dispute',
      nameZh: '用水纠纷',
      nameEn: 'Water disputes',
    });
    expect(created.statusCode).toBe(201);
    const parent = created.json();
    expect(parent).toMatchObject({ parentCode: null, active: true });
    const sub = await centre.post('/api/grid/types', {
      code: 'dispute.e2e_water.irrigation',
      class: 'dispute',
      parentCode: 'dispute.e2e_water',
      nameZh: '灌溉用水',
      nameEn: 'Irrigation',
    });
    expect(sub.statusCode).toBe(201);
    // two levels only, same class, and codes are unique
    const third = await centre.post('/api/grid/types', {
      code: 'dispute.e2e_water.irrigation.x',
      class: 'dispute',
      parentCode: 'dispute.e2e_water.irrigation',
      nameZh: '三级',
      nameEn: 'Third level',
    });
    expect(third.statusCode).toBe(400);
    expect(third.json().error.fields[0].path).toBe('parentCode');
    const wrongClass = await centre.post('/api/grid/types', {
      code: 'event.e2e_under_dispute',
      class: 'event',
      parentCode: 'dispute.e2e_water',
      nameZh: '错类',
      nameEn: 'Wrong class',
    });
    expect(wrongClass.statusCode).toBe(400);
    const again = await centre.post('/api/grid/types', {
      code: 'dispute.e2e_water',
      class: 'dispute',
      nameZh: '重复',
      nameEn: 'Again',
    });
    expect(again.statusCode).toBe(409);
    // a grid worker cannot edit the dictionary
    expect((await t.worker.patch(`/api/grid/types/${parent.id}`, { nameZh: 'x' })).statusCode).toBe(403);

    const renamed = await centre.patch(`/api/grid/types/${sub.json().id}`, { nameZh: '农田灌溉用水' });
    expect(renamed.json()).toMatchObject({ nameZh: '农田灌溉用水', active: true });
    // the sub-type takes reports
    const subType = { class: 'dispute', typeCode: 'dispute.e2e_water.irrigation' };
    const filed = await report(t.worker, t.village, subType);

    // deactivating the type takes its sub-type with it; nothing is deleted, the report keeps its type
    const off = await centre.patch(`/api/grid/types/${parent.id}`, { active: false });
    expect(off.json().active).toBe(false);
    const types = (await centre.get('/api/grid/types')).json() as { code: string; active: boolean }[];
    expect(types.find((x) => x.code === 'dispute.e2e_water.irrigation')?.active).toBe(false);
    const refused = await t.worker.post('/api/grid/events', reportBody(t.village, subType));
    expect(refused.statusCode).toBe(400);
    expect((await centre.get(`/api/grid/events/${filed}`)).json().typeCode).toBe(
      'dispute.e2e_water.irrigation',
    );
    // a sub-type cannot come back under an inactive parent, nor be added under it
    expect((await centre.patch(`/api/grid/types/${sub.json().id}`, { active: true })).statusCode).toBe(409);
    const underInactive = await centre.post('/api/grid/types', {
      code: 'dispute.e2e_water.drinking',
      class: 'dispute',
      parentCode: 'dispute.e2e_water',
      nameZh: '饮水',
      nameEn: 'Drinking water',
    });
    expect(underInactive.statusCode).toBe(400);
    expect((await centre.patch(`/api/grid/types/${parent.id}`, { active: true })).json().active).toBe(true);
    expect((await centre.patch(`/api/grid/types/${sub.json().id}`, { active: true })).json().active).toBe(
      true,
    );
    expect((await centre.patch('/api/grid/types/999999', { active: true })).statusCode).toBe(404);

    const audit = await w.database.db
      .selectFrom('audit_log')
      .select(['action', 'object_id', 'new_value'])
      .where('object_type', '=', 'grid_event_type')
      .where('object_id', 'in', [String(parent.id), String(sub.json().id)])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.object_id])).toEqual([
      ['grid.type.create', String(parent.id)],
      ['grid.type.create', String(sub.json().id)],
      ['grid.type.update', String(sub.json().id)],
      ['grid.type.update', String(sub.json().id)],
      ['grid.type.update', String(parent.id)],
      ['grid.type.update', String(parent.id)],
      ['grid.type.update', String(sub.json().id)],
    ]);
  });

  it('the standard dictionary comes with the module, with its 三零 kinds', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const types = (await t.centre.get('/api/grid/types')).json() as {
      code: string;
      threeZero: string | null;
    }[];
    for (const code of [
      'dispute.marriage',
      'dispute.homestead',
      'dispute.elder_support',
      'dispute.land_transfer',
      'dispute.labour',
      'public_service',
      'emergency',
      'security',
      'sentiment',
    ])
      expect(types.map((x) => x.code)).toContain(code);
    const kinds = Object.fromEntries(types.filter((x) => x.threeZero).map((x) => [x.code, x.threeZero]));
    expect(kinds).toEqual({
      'emergency.accident': 'accident',
      'security.criminal': 'case',
      'security.public_order': 'case',
      'sentiment.petition': 'petition',
    });
  });

  it('time limits are editable per type; a new report’s clock follows them, most specific first', async () => {
    w = await createWorld(); // Monday 2026-11-02
    const t = await gridTownship(w);
    const limits = await t.centre.post('/api/grid/time-limits', {
      class: 'event',
      typeCode: 'security',
      stage: 'accept',
      days: 3,
    });
    expect(limits.json()).toContainEqual({
      class: 'event',
      typeCode: 'security',
      stage: 'accept',
      days: 3,
      calendarDays: false,
    });
    expect((await t.centre.get('/api/grid/time-limits')).json()).toEqual(limits.json());
    // a sub-type of security takes its parent's limit; another type the class's default (one working day)
    const due = async (typeCode: string) =>
      chinaDate(
        (await t.worker.post('/api/grid/events', reportBody(t.village, { typeCode }))).json().event.dueAt,
      );
    expect(await due('security.hazard')).toBe('2026-11-05');
    expect(await due('public_service.road')).toBe('2026-11-03');
    const wrongClass = await t.centre.post('/api/grid/time-limits', {
      class: 'dispute',
      typeCode: 'security',
      stage: 'accept',
      days: 3,
    });
    expect(wrongClass.json().error.fields[0].path).toBe('typeCode');
    expect(
      (await t.secretary.post('/api/grid/time-limits', { class: 'event', stage: 'accept', days: 2 }))
        .statusCode,
    ).toBe(403);
  });

  it('the calendar is editable, and a report’s deadline counts on it', async () => {
    w = await createWorld(); // Monday 2026-11-02
    const t = await gridTownship(w);
    const cal = await t.office.post('/api/calendar', {
      date: '2026-11-03',
      kind: 'holiday',
      name: '测试假日',
    });
    expect(cal.json().find((d: { date: string }) => d.date === '2026-11-03')).toMatchObject({
      kind: 'holiday',
      provisional: false,
    });
    const dueAt = (await t.worker.post('/api/grid/events', reportBody(t.village))).json().event.dueAt;
    expect(chinaDate(dueAt)).toBe('2026-11-04');
    const workday = await t.centre.post('/api/calendar', {
      date: '2027-02-13',
      kind: 'workday',
      name: '春节调休',
    });
    expect(workday.json().find((d: { date: string }) => d.date === '2027-02-13')).toMatchObject({
      kind: 'workday',
      provisional: false,
    });
  });
});
