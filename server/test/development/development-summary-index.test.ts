import type { DevelopmentSummary } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { fictionalIdNumber } from '../../src/kernel/seed-kit.ts';
import { bumpEverySummaryShard } from '../../src/modules/development/summary.index.ts';
import { summaryFor } from '../../src/modules/development/summary.service.ts';
import { createWorld, type Unit, type World } from '../builders.ts';
import { FAST_HASH, login, TEST_KEYS, type Session } from '../test-app.ts';
import { createRecord, personBorn } from './development.builders.ts';

/**
 * The summary's in-memory index (summary.index.ts) answers exactly what the SQL reference `summaryFor` answers, at
 * every scope — the province (every county's shard and `upper`), a county, a township, a village, a village directly
 * under the city (no county: the `upper` shard) — and again after every kind of write.
 */

let w: World;
afterEach(async () => w?.close());

/** Periods, with a row dated exactly on an edge of some (the session's first and last day, a centre built on 04-30). */
const WINDOWS: [string, string][] = [
  ['2026-01-01', '2026-12-31'],
  ['2026-03-01', '2026-03-31'],
  ['2026-03-02', '2026-03-30'],
  ['2026-04-30', '2026-04-30'],
  ['2026-05-01', '2026-06-30'],
  ['2025-01-01', '2025-12-31'],
];
const YEAR = WINDOWS[0]!;

async function unitAt(path: string, level: string): Promise<Unit> {
  const u = await w.database.db
    .selectFrom('org_units')
    .select(['id', 'path', 'name'])
    .where('path', '=', path)
    .executeTakeFirstOrThrow();
  return { ...u, level };
}

/** Two counties, a township and villages in one, a village under the other, a village under the city; rows in all. */
async function world() {
  w = await createWorld();
  const countyA = await w.county();
  const villageA = await w.village({ name: '甲一村' });
  const villageA2 = await w.village({ name: '甲二村' });
  const townshipA = villageA.township;
  const parts = countyA.path.split('/').filter(Boolean);
  const province = await unitAt(`/${parts[0]}/`, 'province');
  const city = await unitAt(`/${parts[0]}/${parts[1]}/`, 'city');
  const countyB = await w.unitUnder(city, 'county', '乙县');
  const townshipB = await w.unitUnder(countyB, 'township', '乙镇');
  const villageB = await w.unitUnder(townshipB, 'village', '乙村');
  const villageX = await w.unitUnder(city, 'village', '市直村');
  const clerk = await w.user({ role: 'township_admin', unit: province });
  const s = await w.login(clerk);

  const pA1 = await personBorn(w, villageA, '1980-01-01');
  const pA2 = await personBorn(w, villageA, '1981-01-01');
  const pA3 = await personBorn(w, villageA2, '1982-01-01');
  const pB = await personBorn(w, villageB, '1983-01-01');
  const pX = await personBorn(w, villageX, '1984-01-01');

  const session = (unit: Unit, startDate: string, endDate: string) =>
    createRecord(s, 'trainingSessions', {
      unit: unit.id,
      topic: 'planting',
      title: '种植技术培训',
      startDate,
      endDate,
      place: '便民服务中心',
    });
  const attend = (sessionId: number, person: { idNumber: string | null }, signedOn: string) =>
    createRecord(s, 'trainingAttendance', { person: person.idNumber, signedOn }, sessionId);
  const fair = (unit: Unit, heldOn: string) =>
    createRecord(s, 'jobFairs', { unit: unit.id, name: '春风行动招聘会', heldOn, place: '广场' });
  const employer = (fairId: number) =>
    createRecord(s, 'fairEmployers', { name: '某企业', origin: 'outside', jobs: 20 }, fairId);
  const placement = (person: { idNumber: string | null }, placedOn: string) =>
    createRecord(s, 'placements', { person: person.idNumber, employer: '某企业', placedOn });
  const relocation = (unit: Unit, people: number, handoverOn: string) =>
    createRecord(s, 'relocations', {
      unit: unit.id,
      householdHead: '户主',
      people,
      destination: '安置社区',
      handoverOn,
    });
  const enterprise = (unit: Unit, admittedOn: string, jobs: number) =>
    createRecord(s, 'enterprises', {
      unit: unit.id,
      park: '园区',
      name: '某公司',
      sector: '食品',
      admittedOn,
      jobs,
    });
  const project = (unit: Unit, status: string, startedOn: string) =>
    createRecord(s, 'projects', {
      unit: unit.id,
      name: '特色种养',
      product: '蔬菜',
      leader: '书记',
      team: '村两委',
      plan: '方案',
      status,
      startedOn,
    });
  const centre = (unit: Unit, plannedOn: string, builtOn: string | null) =>
    createRecord(s, 'serviceCentres', {
      unit: unit.id,
      name: '党群服务中心',
      status: builtOn ? 'built' : 'planned',
      investmentWan: 10,
      plannedOn,
      ...(builtOn ? { builtOn } : {}),
    });
  const cleaner = (person: { idNumber: string | null }, since: string, until: string | null) =>
    createRecord(s, 'cleaners', {
      person: person.idNumber,
      area: '主干道',
      since,
      ...(until ? { until } : {}),
    });
  const campaign = (unit: Unit, periodFrom: string, periodTo: string) =>
    createRecord(s, 'campaigns', {
      unit: unit.id,
      kind: 'clean_home',
      name: '清洁家园',
      periodFrom,
      periodTo,
    });
  let idSeq = 0;
  const signin = (campaignId: number, unit: Unit, role: string, signedOn: string) =>
    createRecord(
      s,
      'campaignSignins',
      {
        unit: unit.id,
        name: '村民',
        idNumber: fictionalIdNumber(900 + ++idSeq, { y: 1990, m: 1, d: 1 }, false),
        role,
        signedOn,
      },
      campaignId,
    );

  // County A: rows on the edges of March, a centre built on 04-30, a stopped project, an open-ended cleaner.
  const sessionA = await session(townshipA, '2026-03-01', '2026-03-31');
  await attend(sessionA.id, pA1, '2026-03-01');
  await attend(sessionA.id, pA2, '2026-03-31');
  await attend(sessionA.id, pA3, '2026-03-15');
  const fairA = await fair(townshipA, '2026-04-15');
  await employer(fairA.id);
  await employer(fairA.id);
  await placement(pA1, '2026-04-20');
  await relocation(villageA, 4, '2021-06-01');
  await relocation(villageA, 3, '2026-03-31');
  const moving = await relocation(villageA2, 5, '2026-05-01');
  const firm = await enterprise(townshipA, '2026-02-01', 30);
  await project(villageA, 'active', '2026-01-10');
  await project(villageA2, 'stopped', '2025-01-01');
  await project(villageA2, 'finished', '2026-03-31');
  await centre(villageA, '2025-01-01', '2026-04-30');
  await centre(villageA2, '2026-02-01', null);
  await createRecord(s, 'welfarePosts', {
    person: pA2.idNumber,
    post: '保洁',
    months: 6,
    payFrom: '2026-01-01',
    payTo: '2026-06-30',
  });
  await cleaner(pA1, '2025-06-01', null);
  await cleaner(pA2, '2026-01-01', '2026-03-01');
  const campaignA = await campaign(townshipA, '2026-06-01', '2026-06-30');
  await signin(campaignA.id, villageA, 'cadre', '2026-06-02');
  await signin(campaignA.id, villageA2, 'villager', '2026-06-03');
  await signin(campaignA.id, villageB, 'villager', '2026-06-04'); // a sign-in in county B under A's campaign
  // County B.
  const sessionB = await session(townshipB, '2026-05-10', '2026-05-10');
  await attend(sessionB.id, pB, '2026-05-10');
  const fairB = await fair(townshipB, '2026-05-10');
  await employer(fairB.id);
  await placement(pB, '2026-05-11');
  await cleaner(pB, '2026-05-01', '2026-05-31');
  // Under no county: a village under the city, and the city itself.
  const sessionX = await session(city, '2026-03-10', '2026-03-10');
  await attend(sessionX.id, pX, '2026-03-10');
  await relocation(villageX, 2, '2026-01-15');
  await enterprise(city, '2026-03-03', 7);
  await centre(villageX, '2026-03-01', null);

  const scopes = [province, city, countyA, countyB, townshipA, villageA, villageA2, villageB, villageX];
  return {
    s,
    clerk,
    province,
    countyA,
    countyB,
    villageA,
    villageB,
    townshipB,
    pA1,
    scopes,
    ids: {
      sessionB: sessionB.id,
      fairA: fairA.id,
      campaignA: campaignA.id,
      moving: moving.id,
      firm: firm.id,
    },
    placement,
  };
}

const summaryOf = async (s: Session, unit: Unit, [from, to]: [string, string]) => {
  const res = await s.get(`/api/development/summary?from=${from}&to=${to}&unitId=${unit.id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<DevelopmentSummary>();
};

/** Every scope and period: the index's answer is the SQL's. */
async function expectSameAsSql(s: Session, scopes: Unit[]) {
  for (const unit of scopes)
    for (const window of WINDOWS)
      expect(await summaryOf(s, unit, window), `${unit.name} ${window.join('…')}`).toEqual(
        await summaryFor(w.database.db, unit.path, ...window),
      );
}

/** Updates a record through the API with some values changed. */
async function update(s: Session, registry: string, id: number, changes: Record<string, unknown>) {
  const url = `/api/development/registries/${registry}/${id}`;
  const record = (await s.get(url)).json<{ version: number; values: Record<string, unknown> }>();
  const res = await s.request(
    'PUT',
    url,
    { values: { ...record.values, ...changes } },
    {
      'if-match': `"${record.version}"`,
    },
  );
  expect(res.statusCode, res.body).toBe(200);
}

describe('the summary index', () => {
  it('answers what the SQL answers at every scope and period, and again after every kind of write', async () => {
    const t = await world();
    const { s, scopes, province, countyA, countyB } = t;
    const year = await summaryOf(s, province, YEAR);
    expect(year.training).toEqual({ attendances: 5, people: 5 });
    expect(year.relocation).toEqual({ villages: 3, people: 14 });
    expect(year.serviceCentres).toEqual({ planned: 2, built: 1 });
    expect(year.environment).toMatchObject({ cleaners: 3, cadres: 1, villagers: 2 });
    await expectSameAsSql(s, scopes);

    // create: a placement in county B
    const before = await summaryOf(s, countyB, YEAR);
    await t.placement(await personBorn(w, t.villageB, '1990-01-01'), '2026-07-01');
    expect((await summaryOf(s, countyB, YEAR)).jobFairs.placed).toBe(before.jobFairs.placed + 1);
    await expectSameAsSql(s, scopes);

    // update moving a row to another county: a household's village, from county A to county B
    const aBefore = await summaryOf(s, countyA, YEAR);
    await update(s, 'relocations', t.ids.moving, { unit: t.villageB.id });
    expect((await summaryOf(s, countyA, YEAR)).relocation.people).toBe(aBefore.relocation.people - 5);
    expect((await summaryOf(s, countyB, YEAR)).relocation).toEqual({ villages: 1, people: 5 });
    await expectSameAsSql(s, scopes);

    // delete
    const del = await s.request('DELETE', `/api/development/registries/enterprises/${t.ids.firm}`);
    expect(del.statusCode).toBe(204);
    expect((await summaryOf(s, countyA, YEAR)).incubator).toEqual({ enterprises: 0, jobs: 0 });
    await expectSameAsSql(s, scopes);

    // a fair moved to county B: its employers stay where they were recorded (county A)
    expect((await summaryOf(s, countyA, YEAR)).jobFairs).toMatchObject({ fairs: 1, employers: 2 });
    await update(s, 'jobFairs', t.ids.fairA, { unit: t.townshipB.id });
    expect((await summaryOf(s, countyA, YEAR)).jobFairs).toMatchObject({ fairs: 0, employers: 2 });
    await expectSameAsSql(s, scopes);
    // and its date moves them (in county A) out of the period
    await update(s, 'jobFairs', t.ids.fairA, { heldOn: '2025-04-15' });
    expect((await summaryOf(s, countyA, YEAR)).jobFairs).toMatchObject({ fairs: 0, employers: 0 });
    await expectSameAsSql(s, scopes);

    // a campaign's period moves its sign-ins (in both counties) out of the period
    expect((await summaryOf(s, countyB, YEAR)).environment.villagers).toBe(1);
    await update(s, 'campaigns', t.ids.campaignA, { periodFrom: '2025-06-01', periodTo: '2025-06-30' });
    expect((await summaryOf(s, countyB, YEAR)).environment.villagers).toBe(0);
    expect((await summaryOf(s, province, YEAR)).environment).toMatchObject({ cadres: 0, villagers: 0 });
    await expectSameAsSql(s, scopes);
  });

  it('counts a person in two counties once above them; rows written directly show after a bump', async () => {
    const t = await world();
    const { s, province, countyA, countyB } = t;
    const { db } = w.database;
    const before = await summaryOf(s, province, YEAR);
    // As a seeder would: an attendance of a county-A person at county B's session, past the registry service.
    await db
      .insertInto('dev_training_attendance')
      .values({
        org_unit_id: t.villageB.id,
        unit_path: t.villageB.path,
        parent_id: t.ids.sessionB,
        person_id: t.pA1.id,
        id_number_hash: null,
        signed_on: '2026-05-10',
        created_by: null,
        created_at: w.clock.now(),
        updated_at: w.clock.now(),
      })
      .execute();
    await bumpEverySummaryShard(db); // without the process's registry: seen at its next version check
    await w.app.caches.refresh();
    const after = await summaryOf(s, province, YEAR);
    expect(after.training).toEqual({
      attendances: before.training.attendances + 1,
      people: before.training.people,
    });
    expect((await summaryOf(s, countyA, YEAR)).training.people).toBe(3);
    expect((await summaryOf(s, countyB, YEAR)).training).toEqual({ attendances: 2, people: 2 });
    await expectSameAsSql(s, t.scopes);
  });

  it('a second server process sees a write made through the first after its version check', async () => {
    const t = await world();
    const other = await buildApp({
      database: w.database,
      keys: TEST_KEYS,
      clock: w.clock,
      hashCost: FAST_HASH,
      settings: { totpRoles: [] }, // password-only, as the world's app
    });
    await other.ready();
    try {
      const o = await login(other, t.clerk.username);
      const before = await summaryOf(o, t.province, YEAR);
      expect(before).toEqual(await summaryFor(w.database.db, t.province.path, ...YEAR));
      await update(t.s, 'relocations', t.ids.moving, { people: 9 });
      expect(await summaryOf(t.s, t.province, YEAR)).not.toEqual(before);
      await other.caches.refresh();
      const seen = await summaryOf(o, t.province, YEAR);
      expect(seen.relocation.people).toBe(before.relocation.people + 4);
      await expectSameAsSql(o, t.scopes);
    } finally {
      await other.close();
    }
  });
});
