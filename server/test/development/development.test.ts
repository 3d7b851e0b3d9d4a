import { developmentSummarySchema, evaluateStar, defaultRuralStandard } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { fictionalIdNumber } from '../../src/kernel/seed-kit.ts';
import { createWorld, type World } from '../builders.ts';
import { createRecord, personBorn, trainingSession } from './development.builders.ts';

/** The clock of every world: 2026-11-02 09:00 in China. */
const TODAY = '2026-11-02';

let w: World;
afterEach(async () => w?.close());

async function township() {
  w = await createWorld();
  const village = await w.village({ name: '王英庄村' });
  const other = await w.village({ name: '前房村' });
  const clerk = await w.user({ role: 'township_admin', unit: village.township });
  const s = await w.login(clerk);
  return { village, other, clerk, s };
}

describe('labour registry: ages 16–60 from the ID number', () => {
  it('takes a person in on their 16th birthday and lets them go on their 61st', async () => {
    const world = await township();
    const { village, clerk } = world;
    let s = world.s;
    const turns16Today = await personBorn(w, village, '2010-11-02', '满十六');
    const turns16Tomorrow = await personBorn(w, village, '2010-11-03', '差一天');
    const is60 = await personBorn(w, village, '1965-11-03', '六十岁');
    const turns61Today = await personBorn(w, village, '1965-11-02', '六十一');
    const ids = async (on?: string) => {
      const res = await s.get(`/api/development/labour?unitId=${village.id}${on ? `&on=${on}` : ''}`);
      expect(res.statusCode).toBe(200);
      return new Set(res.json<{ items: { personId: number; age: number }[] }>().items.map((i) => i.personId));
    };
    const today = await ids();
    expect(today.has(turns16Today.id)).toBe(true);
    expect(today.has(turns16Tomorrow.id)).toBe(false);
    expect(today.has(is60.id)).toBe(true);
    expect(today.has(turns61Today.id)).toBe(false);
    // a day earlier the birthdays have not come yet
    const yesterday = await ids('2026-11-01');
    expect(yesterday.has(turns16Today.id)).toBe(false);
    expect(yesterday.has(turns61Today.id)).toBe(true);
    // and the clock moving a day on takes the next one in
    w.clock.advance(86_400_000);
    s = await w.login(clerk); // the session idled out over the day
    expect((await ids()).has(turns16Tomorrow.id)).toBe(true);
  });

  it('a profile needs labour age and the version seen (412 when stale, 409 outside 16–60)', async () => {
    const { village, s } = await township();
    const p = await personBorn(w, village, '1990-01-01');
    const old = await personBorn(w, village, '1950-01-01');
    const profile = {
      ability: 'full',
      whereabouts: 'away',
      awayPlace: '郑州',
      skills: '电焊',
      trainingWish: '电商',
    };
    const put = (id: number, version: string | null, body = profile) =>
      s.request(
        'PUT',
        `/api/development/labour/${id}`,
        body,
        version === null ? {} : { 'if-match': version },
      );
    expect((await put(p.id, null)).statusCode).toBe(400);
    const first = await put(p.id, '0');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 1, profile: { whereabouts: 'away', awayPlace: '郑州' } });
    const stale = await put(p.id, '0', { ...profile, skills: '木工' });
    expect(stale.statusCode).toBe(412);
    const row = await w.database.db
      .selectFrom('dev_labour')
      .selectAll()
      .where('person_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ skills: '电焊', version: 1 });
    expect((await put(old.id, '0')).statusCode).toBe(409);
    expect(
      await w.database.db
        .selectFrom('dev_labour')
        .select('person_id')
        .where('person_id', '=', old.id)
        .executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe('labour profile under concurrency', () => {
  it('ten clerks recording the same first profile at once: one wins, the others are told it is stale', async () => {
    const { village, s } = await township();
    const p = await personBorn(w, village, '1990-06-06');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.request(
          'PUT',
          `/api/development/labour/${p.id}`,
          { ability: 'full', whereabouts: 'home', skills: `技能${i}` },
          { 'if-match': '0' },
        ),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 412)).toHaveLength(9);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    const row = await w.database.db
      .selectFrom('dev_labour')
      .selectAll()
      .where('person_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ version: 1, skills: winner.profile.skills });
  });
});

describe('training attendance', () => {
  it('20 parallel registrations of one person for one session: exactly one succeeds', async () => {
    const { village, s } = await township();
    const p = await personBorn(w, village, '1985-03-03');
    const session = await trainingSession(s, village.township);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        s.post('/api/development/registries/trainingAttendance', {
          parentId: session.id,
          values: { person: p.idNumber, signedOn: '2026-10-10' },
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    const conflict = results.find((r) => r.statusCode === 409)!.json();
    expect(conflict.error.fields).toEqual([
      { path: 'values.person', message: expect.stringContaining('已在本次培训签到') },
    ]);
    const rows = await w.database.db
      .selectFrom('dev_training_attendance')
      .select('id')
      .where('parent_id', '=', session.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('names the bad field: unknown person, date outside the session, person from another area', async () => {
    const { village, s } = await township();
    const session = await trainingSession(s, village.township, {
      startDate: '2026-10-10',
      endDate: '2026-10-12',
    });
    const otherTown = await w.township({ name: '外镇' });
    const outsider = await personBorn(w, otherTown, '1980-01-01');
    const p = await personBorn(w, village, '1980-01-01');
    const post = (values: Record<string, unknown>) =>
      s.post('/api/development/registries/trainingAttendance', { parentId: session.id, values });
    const late = await post({ person: p.idNumber, signedOn: '2026-10-13' });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.fields).toEqual([
      { path: 'values.signedOn', message: '签到日期不在培训起止日期内' },
    ]);
    const away = await post({ person: outsider.idNumber, signedOn: '2026-10-11' });
    expect(away.json().error.fields).toEqual([
      { path: 'values.person', message: '该身份证号未在本辖区人员信息中登记' },
    ]);
    const bad = await post({ person: '410926198001011235', signedOn: '2026-10-11' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('values.person');
  });
});

describe('placements', () => {
  it('follow-ups fall due 3 and 6 months on; early, out of order or twice answers 409 and changes nothing', async () => {
    const { village, s, clerk } = await township();
    const p = await personBorn(w, village, '1992-05-31');
    const placement = await createRecord(s, 'placements', {
      person: p.idNumber,
      employer: '白杨创新孵化园某电子厂',
      placedOn: '2026-05-31',
    });
    const view = await s.get(`/api/development/placements/${placement.id}/follow-up`);
    expect(view.json()).toMatchObject({
      m3: { due: '2026-08-31', doneOn: null },
      m6: { due: '2026-11-30', doneOn: null },
    });
    const follow = (stage: 3 | 6, doneOn: string) =>
      s.post(`/api/development/placements/${placement.id}/follow-up`, { stage, doneOn, stillEmployed: true });
    const before = await w.database.db
      .selectFrom('dev_placements')
      .selectAll()
      .where('id', '=', placement.id)
      .executeTakeFirstOrThrow();
    expect((await follow(6, '2026-11-01')).statusCode).toBe(409); // the 3-month one first
    expect((await follow(3, '2026-08-30')).statusCode).toBe(409); // not due
    expect(
      await w.database.db
        .selectFrom('dev_placements')
        .selectAll()
        .where('id', '=', placement.id)
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
    const ok = await follow(3, '2026-09-01');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().m3).toEqual({ due: '2026-08-31', doneOn: '2026-09-01', stillEmployed: true });
    expect((await follow(3, '2026-09-02')).statusCode).toBe(409); // twice
    expect((await follow(6, '2026-11-29')).statusCode).toBe(409); // not due
    expect((await follow(6, '2026-11-30')).statusCode).toBe(409); // after today (the clock says 11-02)
    w.clock.advance(30 * 86_400_000);
    const again = await w.login(clerk);
    const late = await again.post(`/api/development/placements/${placement.id}/follow-up`, {
      stage: 6,
      doneOn: '2026-11-30',
      stillEmployed: false,
    });
    expect(late.statusCode).toBe(200);
    expect(late.json().m6).toEqual({ due: '2026-11-30', doneOn: '2026-11-30', stillEmployed: false });
  });
});

describe('environment campaigns', () => {
  it('count a person once per campaign period', async () => {
    const { village, s } = await township();
    const may = await createRecord(s, 'campaigns', {
      unit: village.township.id,
      kind: 'clean_home',
      name: '全民动手·清洁家园（5月）',
      periodFrom: '2026-05-01',
      periodTo: '2026-05-31',
    });
    const june = await createRecord(s, 'campaigns', {
      unit: village.township.id,
      kind: 'clean_home',
      name: '全民动手·清洁家园（6月）',
      periodFrom: '2026-06-01',
      periodTo: '2026-06-30',
    });
    const id = fictionalIdNumber(77, { y: 1980, m: 1, d: 1 }, false);
    const villager = { unit: village.id, name: '张秀英', idNumber: id, role: 'villager' };
    const sign = (campaign: number, signedOn: string) =>
      s.post('/api/development/registries/campaignSignins', {
        parentId: campaign,
        values: { ...villager, signedOn },
      });
    expect((await sign(may.id, '2026-05-03')).statusCode).toBe(201);
    const again = await sign(may.id, '2026-05-20');
    expect(again.statusCode).toBe(409);
    expect((await sign(june.id, '2026-06-05')).statusCode).toBe(201);
    const sum = await s.get('/api/development/summary?from=2026-05-01&to=2026-06-30');
    expect(sum.json().environment.villagers).toBe(2);
    const mayOnly = await s.get('/api/development/summary?from=2026-05-01&to=2026-05-31');
    expect(mayOnly.json().environment.villagers).toBe(1);
    // the ID number is kept masked in what the API shows
    const list = await s.get(`/api/development/registries/campaignSignins?parentId=${may.id}`);
    expect(list.json().items[0].values.idNumber).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
    expect(list.body).not.toContain(id);
  });
});

describe('summary', () => {
  it('answers exactly the contract’s shape, counted from rows in the caller’s area', async () => {
    const { village, other, s } = await township();
    const a = await personBorn(w, village, '1985-01-01');
    const b = await personBorn(w, other, '1986-01-01');
    const session = await trainingSession(s, village.township);
    for (const p of [a, b])
      await createRecord(s, 'trainingAttendance', { person: p.idNumber, signedOn: '2026-10-10' }, session.id);
    const second = await trainingSession(s, village.township, {
      startDate: '2026-10-20',
      topic: 'ecommerce',
    });
    await createRecord(s, 'trainingAttendance', { person: a.idNumber, signedOn: '2026-10-20' }, second.id);
    await createRecord(s, 'relocations', {
      unit: village.id,
      householdHead: '王建国',
      people: 4,
      destination: '凤凰社区',
      handoverOn: '2021-06-01',
    });
    await createRecord(s, 'serviceCentres', {
      unit: other.id,
      name: '前房村党群服务中心',
      status: 'planned',
      investmentWan: 120.5,
      plannedOn: '2026-03-01',
    });
    const res = await s.get('/api/development/summary?from=2026-01-01&to=2026-10-31');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(developmentSummarySchema.strict().parse(body)).toBeTruthy();
    expect(Object.keys(body).sort()).toEqual(
      ['environment', 'incubator', 'jobFairs', 'projects', 'relocation', 'serviceCentres', 'training'].sort(),
    );
    expect(body.training).toEqual({ attendances: 3, people: 2 });
    expect(body.relocation).toEqual({ villages: 1, people: 4 });
    expect(body.serviceCentres).toEqual({ planned: 1, built: 0 });

    // the secretary of 前房村 sees only 前房村's rows
    const sec = await w.user({ role: 'village_secretary', unit: other });
    const ss = await w.login(sec);
    const mine = (await ss.get('/api/development/summary?from=2026-01-01&to=2026-10-31')).json();
    expect(mine.training).toEqual({ attendances: 1, people: 1 });
    expect(mine.relocation).toEqual({ villages: 0, people: 0 });
    // another village's id answers 404, like a missing one
    expect(
      (await ss.get(`/api/development/summary?from=2026-01-01&to=2026-10-31&unitId=${village.id}`))
        .statusCode,
    ).toBe(404);
    expect((await ss.get(`/api/development/registries/trainingSessions/${session.id}`)).statusCode).toBe(404);
    // from after to names the field
    const bad = await s.get('/api/development/summary?from=2026-02-01&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
  });
});

describe('records', () => {
  it('an edit names the version it edits: a stale one answers 412 and changes nothing', async () => {
    const { village, s } = await township();
    const project = await createRecord(s, 'projects', {
      unit: village.id,
      name: '王英庄村蔬菜大棚',
      product: '蔬菜',
      leader: '王德胜',
      team: '村两委 + 合作社',
      plan: '三年建成 100 座大棚',
      followedThrough: true,
      enterprise: '某农业公司',
      households: 120,
      landMu: 350.5,
      status: 'active',
      startedOn: '2026-03-01',
    });
    const values = (name: string) => ({
      unit: village.id,
      name,
      product: '蔬菜',
      leader: '王德胜',
      team: '村两委 + 合作社',
      plan: '三年建成 100 座大棚',
      followedThrough: true,
      landMu: 350.5,
      status: 'active',
      startedOn: '2026-03-01',
    });
    const put = (name: string, version: number) =>
      s.request(
        'PUT',
        `/api/development/registries/projects/${project.id}`,
        { values: values(name) },
        {
          'if-match': `"${version}"`,
        },
      );
    const first = await put('王英庄村蔬菜产业园', 1);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, values: { name: '王英庄村蔬菜产业园', landMu: 350.5 } });
    const stale = await put('别的名字', 1);
    expect(stale.statusCode).toBe(412);
    const row = await w.database.db
      .selectFrom('dev_projects')
      .selectAll()
      .where('id', '=', project.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: '王英庄村蔬菜产业园', version: 2, land_mu: 35050 });
    // every write is audited
    const audits = await w.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'dev_projects')
      .execute();
    expect(audits.map((a) => a.action)).toEqual([
      'development.projects.create',
      'development.projects.update',
    ]);
  });

  it('an unknown field or a wrong type is a 400 naming the field, never a 500', async () => {
    const { village, s } = await township();
    const extra = await s.post('/api/development/registries/relocations', {
      values: {
        unit: village.id,
        householdHead: '王',
        people: 2,
        destination: '凤凰社区',
        handoverOn: '2021-01-01',
        x: 1,
      },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.fields).toEqual([{ path: 'values.x', message: '不认识的字段' }]);
    const wrong = await s.post('/api/development/registries/relocations', {
      values: { unit: 'abc', householdHead: ['王'], people: 'many', destination: null, handoverOn: 20210101 },
    });
    expect(wrong.statusCode).toBe(400);
    expect(
      wrong
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(
      [
        'values.destination',
        'values.handoverOn',
        'values.householdHead',
        'values.people',
        'values.unit',
      ].sort(),
    );
    const noRegistry = await s.get('/api/development/registries/nope');
    expect(noRegistry.statusCode).toBe(400);
  });

  it('a session with attendance cannot be deleted (409, unchanged); an empty one can', async () => {
    const { village, s } = await township();
    const p = await personBorn(w, village, '1980-02-02');
    const session = await trainingSession(s, village.township);
    await createRecord(s, 'trainingAttendance', { person: p.idNumber, signedOn: '2026-10-10' }, session.id);
    const del = await s.request('DELETE', `/api/development/registries/trainingSessions/${session.id}`);
    expect(del.statusCode).toBe(409);
    expect(
      await w.database.db
        .selectFrom('dev_training_sessions')
        .select('id')
        .where('id', '=', session.id)
        .executeTakeFirst(),
    ).toBeTruthy();
    const empty = await trainingSession(s, village.township);
    expect(
      (await s.request('DELETE', `/api/development/registries/trainingSessions/${empty.id}`)).statusCode,
    ).toBe(204);
  });

  it('a village secretary writes in their own village only', async () => {
    const { village, other } = await township();
    const sec = await w.user({ role: 'village_secretary', unit: village });
    const ss = await w.login(sec);
    const mine = await ss.post('/api/development/registries/collectiveIncome', {
      values: {
        unit: village.id,
        category: 'rent',
        amountYuan: 50000,
        receivedOn: '2026-04-01',
        voucherNo: '记-001',
      },
    });
    expect(mine.statusCode).toBe(201);
    const theirs = await ss.post('/api/development/registries/collectiveIncome', {
      values: {
        unit: other.id,
        category: 'rent',
        amountYuan: 50000,
        receivedOn: '2026-04-01',
        voucherNo: '记-002',
      },
    });
    expect(theirs.statusCode).toBe(400);
    expect(theirs.json().error.fields).toEqual([{ path: 'values.unit', message: '单位不在本辖区内' }]);
  });
});

describe('facts for the star engine', () => {
  it('a branch gains and loses 产业兴旺星’s record-based indicators as the records change', async () => {
    const { village, s } = await township();
    const registry = w.app.facts;
    const def = defaultRuralStandard();
    const industryFacts = def.indicators
      .filter((i) => i.starCode === 'industry' && i.type === 'derived')
      .map((i) => i.fact!);
    expect(industryFacts.sort()).toEqual(
      ['development.collective_income', 'development.one_product', 'development.training_attendances'].sort(),
    );
    for (const code of industryFacts) expect(registry.has(code)).toBe(true);
    // every other indicator of the star passes as the village assessed it
    const inputs = Object.fromEntries(
      def.indicators
        .filter((i) => i.starCode === 'industry' && i.type !== 'derived')
        .map((i) => [i.code, i.type === 'veto' ? { triggered: false } : { met: true, files: i.minFiles }]),
    );
    const star = async () => {
      const facts = (await registry.compute(w.database.db, industryFacts, [village.branchId], 2026)).get(
        village.branchId,
      )!;
      return evaluateStar(def, 'industry', inputs, facts).eligible;
    };
    expect(await star()).toBe(false);

    await createRecord(s, 'projects', {
      unit: village.id,
      name: '王英庄村蔬菜大棚',
      product: '蔬菜',
      leader: '王德胜',
      team: '村两委 + 合作社',
      plan: '三年建成 100 座大棚',
      followedThrough: true,
      status: 'active',
      startedOn: '2026-03-01',
    });
    const income = await createRecord(s, 'collectiveIncome', {
      unit: village.id,
      category: 'operation',
      amountYuan: 100000,
      receivedOn: '2026-06-30',
      voucherNo: '记-2026-018',
    });
    const session = await trainingSession(s, village.township);
    for (let i = 0; i < 19; i++) {
      const p = await personBorn(w, village, `19${70 + i}-01-01`);
      await createRecord(s, 'trainingAttendance', { person: p.idNumber, signedOn: '2026-10-10' }, session.id);
    }
    expect(await star()).toBe(false); // 19 attendances: one short of 20
    const twentieth = await personBorn(w, village, '1995-01-01');
    await createRecord(
      s,
      'trainingAttendance',
      { person: twentieth.idNumber, signedOn: '2026-10-10' },
      session.id,
    );
    expect(await star()).toBe(true);

    // the income voucher corrected to 9.99 万元: the star is lost
    const put = await s.request(
      'PUT',
      `/api/development/registries/collectiveIncome/${income.id}`,
      {
        values: {
          unit: village.id,
          category: 'operation',
          amountYuan: 99900,
          receivedOn: '2026-06-30',
          voucherNo: '记-2026-018',
        },
      },
      { 'if-match': String(income.version) },
    );
    expect(put.statusCode).toBe(200);
    const facts = (await registry.compute(w.database.db, industryFacts, [village.branchId], 2026)).get(
      village.branchId,
    )!;
    expect(facts['development.collective_income']).toBe(9.99);
    expect(await star()).toBe(false);
  });

  it('the villages overview shows the indicators of a published standard moving', async () => {
    const { village, s } = await township();
    await w.database.db
      .insertInto('rating_standards')
      .values({
        year: 2026,
        branch_kind: 'rural',
        status: 'published',
        definition: JSON.stringify(defaultRuralStandard()),
        created_at: w.clock.now(),
        updated_at: w.clock.now(),
        published_at: w.clock.now(),
        published_by: null,
      })
      .execute();
    const look = async () => {
      const res = await s.get(`/api/development/villages?year=2026&unitId=${village.id}`);
      expect(res.statusCode).toBe(200);
      return res.json()[0];
    };
    const before = await look();
    expect(before.industry.met).toBe(false);
    expect(before.facts['development.one_product']).toBe(false);
    await createRecord(s, 'projects', {
      unit: village.id,
      name: '王英庄村蔬菜大棚',
      product: '蔬菜',
      leader: '王德胜',
      team: '村两委 + 合作社',
      plan: '三年建成 100 座大棚',
      followedThrough: true,
      status: 'active',
      startedOn: '2026-03-01',
    });
    const after = await look();
    expect(after.facts['development.one_product']).toBe(true);
    expect(
      after.industry.indicators.find((i: { code: string }) => i.code === 'industry.one_product').ok,
    ).toBe(true);
  });
});

export { TODAY };
