import { defaultRuralStandard, evaluateStar, type StandardDefinition } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import { PNG } from '../supervision/supervision.builders.ts';
import { meeting, partyVillage, present, sessions } from './partylife.builders.ts';

// The test clock's day is 2026-11-02 (China time).
const DAY = 86_400_000;
let worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds) await w.close();
  worlds = [];
});
async function world() {
  const w = await createWorld();
  worlds.push(w);
  return w;
}

describe('meetings: attendance, quorum, make-ups', () => {
  it('records attendance; quorate above half of those who should attend; absent and on-leave members get 补课', async () => {
    const w = await world();
    const { village, members } = await partyVillage(w, 5);
    const { s } = await sessions(w, village);
    const [a, b, c, d, e] = members;
    const m = await meeting(s.secretary, village, {
      type: 'assembly',
      heldOn: '2026-10-20',
      attendance: [
        { personId: a!.id, status: 'present' },
        { personId: b!.id, status: 'present' },
        { personId: c!.id, status: 'leave' },
        { personId: d!.id, status: 'absent' },
        { personId: e!.id, status: 'leave' },
      ],
    });
    // 2 of 5 present: not quorate (leave counts among those who should attend)
    expect(m).toMatchObject({ expected: 5, present: 2, quorate: false });
    expect(m.makeUps.map((k) => [k.personId, k.reason, k.deadline])).toEqual([
      [c!.id, 'leave', '2026-11-19'],
      [d!.id, 'absent', '2026-11-19'],
      [e!.id, 'leave', '2026-11-19'],
    ]);
    const q = await meeting(s.secretary, village, {
      type: 'committee',
      heldOn: '2026-10-21',
      attendance: [
        ...present(members.slice(0, 3)),
        { personId: d!.id, status: 'absent' },
        { personId: e!.id, status: 'absent' },
      ],
    });
    expect(q).toMatchObject({ expected: 5, present: 3, quorate: true });

    // the make-ups are the secretary's to-do until done
    const todo = async () =>
      (await s.secretary.get('/api/workbench'))
        .json()
        .groups.find((g: { key: string }) => g.key === 'partylife.make_ups').count;
    expect(await todo()).toBe(5);
    const list = (await s.secretary.get('/api/party-life/make-ups?open=true')).json();
    expect(list.total).toBe(5);
    const done = await s.secretary.post(`/api/party-life/make-ups/${list.items[0].id}/done`, {
      doneOn: '2026-11-01',
      note: '个别补学会议精神',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().doneOn).toBe('2026-11-01');
    expect(await todo()).toBe(4);
    const again = await s.secretary.post(`/api/party-life/make-ups/${list.items[0].id}/done`, {
      doneOn: '2026-11-01',
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses non-members, duplicates, future dates and villages outside scope, naming the field; writes nothing', async () => {
    const w = await world();
    const { village, members } = await partyVillage(w, 2);
    const other = await partyVillage(w, 1);
    const { s } = await sessions(w, village);
    const outsider = await w.person({
      unit: village,
      name: '群众甲',
      partyMember: false,
      idNumber: null,
      phone: null,
    });
    const bad = async (body: Record<string, unknown>, path: string) => {
      const res = await s.secretary.post('/api/party-life/meetings', {
        unitId: village.id,
        type: 'committee',
        heldOn: '2026-10-01',
        topic: '支委会',
        attendance: present(members),
        ...body,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields[0].path).toBe(path);
    };
    await bad(
      { attendance: [...present(members), { personId: outsider.id, status: 'present' }] },
      'attendance.2.personId',
    );
    await bad(
      { attendance: [...present(members), { personId: members[0]!.id, status: 'absent' }] },
      'attendance.2.personId',
    );
    await bad({ heldOn: '2026-11-03' }, 'heldOn');
    await bad({ unitId: other.village.id, attendance: present(other.members) }, 'unitId');
    await bad({ topic: '' }, 'topic');
    await bad({ fixedActions: [{ action: '重温入党誓词', done: true }] }, 'fixedActions.0');
    const rows = await w.database.db.selectFrom('pl_meetings').select('id').execute();
    expect(rows).toEqual([]);
  });

  it('a theme day checks off the fixed actions (the township’s list) with photos, and records its N items', async () => {
    const w = await world();
    const { village, members } = await partyVillage(w, 3);
    const { s } = await sessions(w, village);
    const settings = (await s.secretary.get('/api/party-life/settings')).json();
    expect(settings.isDefault).toBe(true);
    expect(settings.fixedActions).toHaveLength(6);
    const m = await meeting(s.secretary, village, {
      type: 'theme_day',
      heldOn: '2026-10-09',
      topic: '重阳节 敬老情 忆初心',
      attendance: present(members),
      fixedActions: settings.fixedActions.map((action: string, i: number) => ({ action, done: i < 5 })),
      items: ['走访慰问老党员', '为老人义务理发'],
    });
    const up = await s.secretary.request(
      'POST',
      `/api/party-life/meetings/${m.id}/photos?name=day.png`,
      PNG,
      {
        'content-type': 'application/octet-stream',
      },
    );
    expect(up.statusCode, up.body).toBe(201);
    const notImage = await s.secretary.request(
      'POST',
      `/api/party-life/meetings/${m.id}/photos?name=x.txt`,
      Buffer.from('hello'),
      { 'content-type': 'application/octet-stream' },
    );
    expect(notImage.statusCode).toBe(415);
    const detail = (await s.township.get(`/api/party-life/meetings/${m.id}`)).json();
    expect(detail.photos).toBe(1);
    expect(detail.fixedActions.filter((f: { done: boolean }) => f.done)).toHaveLength(5);
    expect(detail.items).toEqual(['走访慰问老党员', '为老人义务理发']);
    const photo = await s.township.get(`/api/party-life/photos/${up.json().id}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');

    // the township edits its six fixed actions: the old list no longer checks off
    const { isDefault: _d, ...editable } = settings;
    const put = await s.township.request('PUT', '/api/party-life/settings', {
      ...editable,
      unitId: village.township.id,
      fixedActions: ['一', '二', '三', '四', '五', '六'],
    });
    expect(put.statusCode, put.body).toBe(200);
    const refused = await s.secretary.post('/api/party-life/meetings', {
      unitId: village.id,
      type: 'theme_day',
      heldOn: '2026-10-10',
      topic: '主题党日',
      attendance: present(members),
      fixedActions: [{ action: '重温入党誓词', done: true }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].path).toBe('fixedActions.0.action');
  });
});

describe('the frequency engine', () => {
  it('windows across month and quarter ends: compliance counts closed windows and open ones once met', async () => {
    const w = await world();
    const { village, members } = await partyVillage(w, 2);
    const { s } = await sessions(w, village);
    const compliance = async () => (await s.township.get('/api/party-life/compliance?year=2026')).json();
    // up to 2026-11-02: committee, group, theme day monthly (Jan–Oct closed: 3 × 10), assembly and lecture
    // quarterly (Q1–Q3: 2 × 3); 组织生活会 and 民主评议 yearly (still open)
    expect(await compliance()).toMatchObject({ asOf: '2026-11-02', due: 36, met: 0, compliance: 0 });
    for (const heldOn of ['2026-03-31', '2026-04-01'])
      await meeting(s.secretary, village, { type: 'committee', heldOn, attendance: present(members) });
    for (const heldOn of ['2026-06-30', '2026-07-01'])
      await meeting(s.secretary, village, { type: 'assembly', heldOn, attendance: present(members) });
    // a second meeting in a met window changes nothing
    await meeting(s.secretary, village, {
      type: 'committee',
      heldOn: '2026-04-30',
      attendance: present(members),
    });
    expect(await compliance()).toMatchObject({ due: 36, met: 4, compliance: 0.111 });
    // the yearly 组织生活会, held in the open window: due and met
    await meeting(s.secretary, village, {
      type: 'life_meeting',
      heldOn: '2026-10-30',
      attendance: present(members),
    });
    const c = await compliance();
    expect(c).toMatchObject({ due: 37, met: 5 });
    expect(c.rows).toEqual([
      { unitId: village.id, unitName: village.name, branches: 1, due: 37, met: 5, compliance: 0.135 },
    ]);
    // the county sees the township as one row
    const county = (await s.county.get('/api/party-life/compliance?year=2026')).json();
    expect(county.rows).toEqual([
      expect.objectContaining({ unitId: village.township.id, branches: 1, due: 37, met: 5 }),
    ]);

    // frequencies are settings: the township makes 党员大会 monthly
    const settings = (await s.township.get('/api/party-life/settings')).json();
    await s.township.request('PUT', '/api/party-life/settings', {
      ...settings,
      unitId: village.township.id,
      isDefault: undefined,
      frequencies: { ...settings.frequencies, assembly: 'month' },
    });
    expect((await compliance()).due).toBe(37 - 3 + 10);
  });

  it('opens on the latest year with meetings recorded in the area, and says when a year has none', async () => {
    const w = await world();
    const { village, members } = await partyVillage(w, 2);
    const { s } = await sessions(w, village);
    const get = async (query = '') => (await s.township.get(`/api/party-life/compliance${query}`)).json();
    // nothing recorded anywhere: this year, said to hold no records
    expect(await get()).toMatchObject({ year: 2026, recorded: false, latestYear: null });
    await meeting(s.secretary, village, {
      type: 'committee',
      heldOn: '2025-05-12',
      attendance: present(members),
    });
    // the latest year with records, counted to its end
    expect(await get()).toMatchObject({
      year: 2025,
      asOf: '2025-12-31',
      recorded: true,
      latestYear: 2025,
      met: 1,
    });
    // a year asked for by name is answered as asked, and said to hold no records
    expect(await get('?year=2026')).toMatchObject({ year: 2026, recorded: false, latestYear: 2025, met: 0 });
    expect(await get('?year=2024')).toMatchObject({ year: 2024, recorded: false, latestYear: 2025 });
    // another township's area holds none of this village's records
    const other = await w.township();
    expect((await s.county.get(`/api/party-life/compliance?unitId=${other.id}`)).json()).toMatchObject({
      year: 2026,
      recorded: false,
      latestYear: null,
    });
    await meeting(s.secretary, village, {
      type: 'committee',
      heldOn: '2026-02-03',
      attendance: present(members),
    });
    expect(await get()).toMatchObject({ year: 2026, recorded: true, latestYear: 2026 });
  });

  it('warns the secretary and the township when a window is about to close with nothing held', async () => {
    const w = await world();
    const { village, members } = await partyVillage(w, 2);
    const { users } = await sessions(w, village);
    const warnings = async (who: 'secretary' | 'township') =>
      (await (await w.login(users[who])).get('/api/party-life/warnings')).json() as {
        type: string;
        daysLeft: number;
        window: string;
      }[];
    expect(await warnings('secretary')).toEqual([]); // 2026-11-02: November has 28 days left
    w.clock.advance(23 * DAY); // 2026-11-25
    const soon = await warnings('township');
    expect(soon.map((x) => [x.type, x.window, x.daysLeft])).toEqual([
      ['committee', '2026-11', 5],
      ['group', '2026-11', 5],
      ['theme_day', '2026-11', 5],
    ]);
    const s = await w.login(users.secretary);
    await meeting(s, village, { type: 'committee', heldOn: '2026-11-25', attendance: present(members) });
    expect((await warnings('secretary')).map((x) => x.type)).toEqual(['group', 'theme_day']);
    const wb = (await s.get('/api/workbench')).json();
    expect(wb.groups.find((g: { key: string }) => g.key === 'partylife.warnings').count).toBe(2);
    // across the quarter end: on 2026-12-26 the quarterly windows warn too
    w.clock.advance(31 * DAY);
    const q = await warnings('township');
    expect(q.filter((x) => x.window === '2026-Q4').map((x) => x.type)).toEqual(['assembly', 'lecture']);
  });
});

describe('member points', () => {
  it('attendance credits within each rule’s cap per period; claims are decided; every year starts from zero', async () => {
    const w = await world();
    const { village, members } = await partyVillage(w, 2);
    const { s } = await sessions(w, village);
    const [a, b] = members;
    // theme day: 2 points, cap 2 a month — the second theme day of October credits nothing
    for (const heldOn of ['2026-10-09', '2026-10-20', '2026-09-15'])
      await meeting(s.secretary, village, {
        type: 'theme_day',
        heldOn,
        attendance: [
          { personId: a!.id, status: 'present' },
          { personId: b!.id, status: heldOn === '2026-09-15' ? 'present' : 'absent' },
        ],
      });
    // one in December of the year before
    w.clock.advance(0);
    await w.database.db
      .insertInto('pl_points')
      .values({
        person_id: b!.id,
        org_unit_id: village.id,
        unit_path: village.path,
        rule_code: 'volunteer',
        rule_name: '志愿服务',
        year: 2025,
        period_key: '2025-Q4',
        earned_on: '2025-12-20',
        points: 6,
        source: 'claim',
        meeting_id: null,
        status: 'credited',
        note: '',
        reason: '',
        created_by: null,
        decided_by: null,
        created_at: w.clock.now(),
      })
      .execute();
    const ranking = async (year = 2026) =>
      (await s.township.get(`/api/party-life/points/ranking?year=${year}`)).json();
    let r = await ranking();
    expect(r.members.map((m: { personId: number; points: number }) => [m.personId, m.points])).toEqual([
      [a!.id, 4],
      [b!.id, 2],
    ]);
    // claims: volunteer 2 points, cap 6 a quarter — the fourth approval in Q4 credits nothing
    const claim = async (earnedOn: string) => {
      const res = await s.secretary.post('/api/party-life/points/claims', {
        personId: b!.id,
        ruleCode: 'volunteer',
        earnedOn,
        note: '参加村内环境整治志愿服务',
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    };
    const decided = [];
    for (const day of ['2026-10-03', '2026-10-10', '2026-10-17', '2026-10-24']) {
      const id = await claim(day);
      const res = await s.township.post(`/api/party-life/points/claims/${id}/decide`, { approve: true });
      expect(res.statusCode, res.body).toBe(200);
      decided.push(res.json().points);
    }
    expect(decided).toEqual([2, 2, 2, 0]);
    // a secretary may not decide; a refusal needs its reason; an attendance rule cannot be claimed
    const id = await claim('2026-10-25');
    expect(
      (await s.secretary.post(`/api/party-life/points/claims/${id}/decide`, { approve: true })).statusCode,
    ).toBe(403);
    const noReason = await s.township.post(`/api/party-life/points/claims/${id}/decide`, { approve: false });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].path).toBe('reason');
    const bad = await s.secretary.post('/api/party-life/points/claims', {
      personId: b!.id,
      ruleCode: 'attend_assembly',
      earnedOn: '2026-10-01',
      note: 'x',
    });
    expect(bad.json().error.fields[0].path).toBe('ruleCode');
    r = await ranking();
    expect(r.members.find((m: { personId: number }) => m.personId === b!.id).points).toBe(8);
    expect(r.branches).toEqual([
      expect.objectContaining({ rank: 1, unitId: village.id, members: 2, total: 12, average: 6 }),
    ]);
    // the year before keeps its own total (the yearly reset: 2026 starts from zero)
    expect((await ranking(2025)).members).toEqual([expect.objectContaining({ personId: b!.id, points: 6 })]);
    expect(
      (await s.township.get('/api/party-life/points/ranking?year=2026&quarter=3')).json().members,
    ).toEqual([
      expect.objectContaining({ personId: a!.id, points: 2 }),
      expect.objectContaining({ personId: b!.id, points: 2 }),
    ]);
  });
});

describe('the quarterly points 公示', () => {
  it('after the quarter ends: members by name, branch and points; objections are the publicity module’s', async () => {
    const w = await world();
    const { village, members } = await partyVillage(w, 2);
    const { s } = await sessions(w, village);
    await meeting(s.secretary, village, {
      type: 'assembly',
      heldOn: '2026-08-20',
      attendance: present(members),
    });
    await meeting(s.secretary, village, {
      type: 'assembly',
      heldOn: '2026-10-20',
      attendance: present(members.slice(0, 1)),
    });
    const q4 = await s.township.post('/api/party-life/points/notices', { year: 2026, quarter: 4 });
    expect(q4.statusCode).toBe(400);
    expect(q4.json().error.fields[0]).toEqual({ path: 'quarter', message: '该季度尚未结束' });
    expect(
      (await s.secretary.post('/api/party-life/points/notices', { year: 2026, quarter: 3 })).statusCode,
    ).toBe(403);
    const q3 = await s.township.post('/api/party-life/points/notices', { year: 2026, quarter: 3 });
    expect(q3.statusCode, q3.body).toBe(201);
    expect(q3.json()).toMatchObject({
      year: 2026,
      quarter: 3,
      members: 2,
      status: 'open',
      openObjections: 0,
    });
    const notice = (
      await w.app.inject({ method: 'GET', url: `/api/publicity/notices/${q3.json().publicityId}` })
    ).json();
    expect(notice.itemList.map((i: { label: string; detail: string }) => [i.label, i.detail])).toEqual([
      [members[0]!.name, `${village.name} 2分`],
      [members[1]!.name, `${village.name} 2分`],
    ]);
    await w.app.inject({
      method: 'POST',
      url: `/api/publicity/notices/${q3.json().publicityId}/objections`,
      payload: { itemRef: `person:${members[1]!.id}`, reason: '该党员当天外出务工未参会' },
      remoteAddress: '10.9.9.8',
    });
    const list = (await s.township.get('/api/party-life/points/notices')).json();
    expect(list).toEqual([expect.objectContaining({ quarter: 3, openObjections: 1 })]);
  });
});

describe('honour selections', () => {
  it('quotas by village size; nomination → recommendation → review → 公示 → award; the registry', async () => {
    const w = await world();
    const { village } = await partyVillage(w, 1, { memberCount: 45 });
    const { s, users } = await sessions(w, village);
    const round = await s.township.post('/api/party-life/honours/rounds', {
      title: '文明家庭',
      kind: 'household',
      year: 2026,
      quotaBase: 1,
      quotaPer: 20,
    });
    expect(round.statusCode, round.body).toBe(201);
    const id = round.json().id;
    expect(round.json().quotas).toEqual([{ unitId: village.id, unitName: village.name, quota: 3, used: 0 }]);
    const nominate = async (nominee: string) => {
      const res = await s.secretary.post(`/api/party-life/honours/rounds/${id}/nominations`, {
        unitId: village.id,
        nominee,
        reason: '孝老爱亲，邻里和睦',
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    };
    const step = (who: 'secretary' | 'township', n: number, action: string) =>
      s[who].post(`/api/party-life/honours/nominations/${n}/step`, { action });
    const ids = [];
    for (const name of ['张家', '李家', '王家', '赵家']) ids.push(await nominate(name));
    for (const n of ids.slice(0, 3)) expect((await step('secretary', n, 'recommend')).statusCode).toBe(200);
    const full = await step('secretary', ids[3]!, 'recommend');
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toBe('推荐名额已满');
    // the secretary cannot approve; the township approves two and rejects one
    expect((await step('secretary', ids[0]!, 'approve')).statusCode).toBe(403);
    expect((await step('township', ids[0]!, 'approve')).statusCode).toBe(200);
    expect((await step('township', ids[1]!, 'approve')).statusCode).toBe(200);
    expect((await step('township', ids[2]!, 'reject')).statusCode).toBe(200);
    // steps in order only
    const roundStep = (action: string) =>
      s.township.post(`/api/party-life/honours/rounds/${id}/step`, { action });
    expect((await roundStep('award')).statusCode).toBe(409);
    expect((await roundStep('review')).statusCode).toBe(200);
    expect(
      (
        await s.secretary.post(`/api/party-life/honours/rounds/${id}/nominations`, {
          unitId: village.id,
          nominee: '孙家',
        })
      ).statusCode,
    ).toBe(409);
    const published = (await roundStep('publish')).json();
    expect(published.status).toBe('publicity');
    // the 公示: the approved two, by name; anyone objects to one of them
    const notice = (
      await w.app.inject({ method: 'GET', url: `/api/publicity/notices/${published.publicityId}` })
    ).json();
    expect(notice.itemList.map((i: { label: string }) => i.label)).toEqual(['张家', '李家']);
    const objection = await w.app.inject({
      method: 'POST',
      url: `/api/publicity/notices/${published.publicityId}/objections`,
      payload: { itemRef: `nomination:${ids[1]}`, reason: '该户存在邻里纠纷未化解' },
      remoteAddress: '10.9.9.9',
    });
    expect(objection.statusCode, objection.body).toBe(201);
    // while the notice runs (and an objection is open) nothing is awarded
    const early = await roundStep('award');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe('公示期未结束或仍有异议未答复，暂不能授予');
    const open = (await s.township.get('/api/publicity/objections?status=open')).json();
    const upheld = await s.township.post(`/api/publicity/objections/${open.items[0].id}/resolve`, {
      outcome: 'upheld',
      reply: '经核实，取消该户推荐',
    });
    expect(upheld.statusCode, upheld.body).toBe(200);
    w.clock.advance(10 * DAY);
    const t = await w.login(users.township);
    const awarded = await t.post(`/api/party-life/honours/rounds/${id}/step`, { action: 'award' });
    expect(awarded.statusCode, awarded.body).toBe(200);
    expect(awarded.json()).toMatchObject({ status: 'awarded', awarded: 1 });
    expect(
      awarded.json().nominationList.map((n: { nominee: string; status: string }) => [n.nominee, n.status]),
    ).toEqual([
      ['张家', 'awarded'],
      ['李家', 'rejected'],
      ['王家', 'rejected'],
      ['赵家', 'nominated'],
    ]);
    const registry = (await (await w.login(users.secretary)).get('/api/party-life/honours?year=2026')).json();
    expect(registry.map((h: { holder: string }) => h.holder)).toEqual(['张家']);
    const summary = (await t.get('/api/party-life/summary?from=2026-01-01&to=2026-12-31')).json();
    expect(summary.honours).toEqual({ rounds: 1, awarded: 1 });
  });

  it('a village-title round: the township-wide quota', async () => {
    const w = await world();
    const { village } = await partyVillage(w, 1);
    const second = await partyVillage(w, 1);
    const { s } = await sessions(w, village);
    const round = (
      await s.township.post('/api/party-life/honours/rounds', {
        title: '生态宜居明星村',
        kind: 'village',
        year: 2026,
        quotaBase: 1,
      })
    ).json();
    expect(round.quotas).toEqual([expect.objectContaining({ quota: 1, used: 0 })]);
    const n1 = (
      await s.township.post(`/api/party-life/honours/rounds/${round.id}/nominations`, {
        unitId: village.id,
        nominee: 'x',
      })
    ).json();
    const n2 = (
      await s.township.post(`/api/party-life/honours/rounds/${round.id}/nominations`, {
        unitId: second.village.id,
        nominee: 'x',
      })
    ).json();
    expect(n1.nominee).toBe(village.name);
    expect(
      (await s.township.post(`/api/party-life/honours/nominations/${n1.id}/step`, { action: 'recommend' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await s.township.post(`/api/party-life/honours/nominations/${n2.id}/step`, { action: 'recommend' }))
        .statusCode,
    ).toBe(409);
  });
});

describe('the secretaries’ forum', () => {
  it('sessions with speakers and attendance; a follow-up becomes a supervision task of the village', async () => {
    const w = await world();
    const { village } = await partyVillage(w, 1);
    const { s, users } = await sessions(w, village);
    const res = await s.township.post('/api/party-life/forum', {
      heldOn: '2026-10-30',
      title: '创五星 论发展 第19期',
      topics: '产业发展、人居环境',
      speakers: [{ unitId: village.id, strengths: '党员带头', gaps: '集体收入不足' }],
      presentUnitIds: [village.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ speakers: 1, present: 1, expected: 1 });
    const secretaryForum = await s.secretary.post('/api/party-life/forum', {
      heldOn: '2026-10-30',
      title: 'x',
    });
    expect(secretaryForum.statusCode).toBe(403);
    const f = await s.township.post(`/api/party-life/forum/${res.json().id}/follow-ups`, {
      unitId: village.id,
      title: '谋划村集体增收项目',
      deadline: '2026-11-30',
    });
    expect(f.statusCode, f.body).toBe(201);
    const item = await w.database.db
      .selectFrom('sv_items')
      .selectAll()
      .where('id', '=', f.json().itemId)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({
      org_unit_id: village.id,
      owner_user_id: users.secretary.id,
      status: 'open',
      title: '谋划村集体增收项目',
    });
    const summary = await s.township.get('/api/party-life/summary?from=2026-01-01&to=2026-11-02');
    expect(Object.keys(summary.json()).sort()).toEqual(['forumSessions', 'honours', 'meetings', 'themeDays']);
    expect(summary.json().forumSessions).toBe(1);
    expect(
      (await s.township.get('/api/party-life/summary?from=2026-11-01&to=2026-11-02')).json().forumSessions,
    ).toBe(0);
    expect((await s.township.get('/api/party-life/summary?from=2026-11-03&to=2026-11-02')).statusCode).toBe(
      400,
    );
  });
});

describe('facts for the star engine', () => {
  it('theme days held move 支部过硬星 once the standard counts them; the facts are offered in the picker', async () => {
    const w = await world();
    const { village, members } = await partyVillage(w, 2);
    const { s } = await sessions(w, village);
    const facts = (await s.county.get('/api/ratings/facts')).json().map((f: { code: string }) => f.code);
    for (const code of [
      'partylife.meeting_compliance',
      'partylife.theme_days',
      'partylife.average_points',
      'partylife.honours',
    ])
      expect(facts).toContain(code);
    const def: StandardDefinition = defaultRuralStandard();
    def.indicators = def.indicators.map((i) =>
      i.code === 'strong_branch.theme_days'
        ? { ...i, type: 'derived', fact: 'partylife.theme_days', op: '>=', threshold: 10 }
        : i,
    );
    const inputs = Object.fromEntries(
      def.indicators
        .filter((i) => i.starCode === 'strong_branch' && i.type !== 'derived')
        .map((i) => [
          i.code,
          i.type === 'veto' ? { triggered: false } : { met: true, files: i.minFiles, value: i.threshold },
        ]),
    );
    const codes = def.indicators.filter((i) => i.starCode === 'strong_branch' && i.fact).map((i) => i.fact!);
    const star = async () => {
      const values = (await w.app.facts.compute(w.database.db, codes, [village.branchId], 2026)).get(
        village.branchId,
      )!;
      return evaluateStar(def, 'strong_branch', inputs, values).eligible;
    };
    for (let m = 1; m <= 9; m++)
      await meeting(s.secretary, village, {
        type: 'theme_day',
        heldOn: `2026-${String(m).padStart(2, '0')}-10`,
        attendance: present(members),
      });
    expect(await star()).toBe(false);
    await meeting(s.secretary, village, {
      type: 'theme_day',
      heldOn: '2026-10-10',
      attendance: present(members),
    });
    expect(await star()).toBe(true);
    const values = (
      await w.app.facts.compute(
        w.database.db,
        ['partylife.meeting_compliance', 'partylife.average_points'],
        [village.branchId],
        2026,
      )
    ).get(village.branchId)!;
    // 10 of the year's 12 theme-day windows, nothing else: 10 of 12 + 12 + 12 + 4 + 4 + 1 + 1 = 46 windows
    expect(values['partylife.meeting_compliance']).toBe(21.7);
    expect(values['partylife.average_points']).toBe(20);
  });
});
