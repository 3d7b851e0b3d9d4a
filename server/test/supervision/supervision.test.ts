import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type Village, type World } from '../builders.ts';
import type { Session } from '../test-app.ts';
import { award, PNG, publishStandard } from './supervision.builders.ts';

const DAY = 86_400_000;
const YEAR = 2026; // the test clock's year (2026-11-02, a Monday)

let worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds) await w.close();
  worlds = [];
});

/** A township with a village, its secretary, the township office, a star-team checker and the county. */
async function setup() {
  const w = await createWorld();
  worlds.push(w);
  const village = await w.village();
  const secretary = await w.user({ role: 'village_secretary', unit: village });
  const township = await w.user({ role: 'township_admin', unit: village.township });
  const checker = await w.user({ role: 'star_team', unit: village.township });
  const district = await w.user({ role: 'district_leader', unit: village.district });
  const county = await w.user({ role: 'county_admin', unit: await w.county() });
  const users = { secretary, township, checker, district, county };
  const s = {} as Record<keyof typeof users, Session>;
  const signIn = async () => {
    for (const [k, u] of Object.entries(users)) s[k as keyof typeof users] = await w.login(u);
  };
  await signIn();
  /** Moves the test clock (sessions end after 30 idle minutes, so everyone signs in again). */
  const advance = async (ms: number) => {
    w.clock.advance(ms);
    await signIn();
  };
  return { w, village, users, s, advance };
}

async function newItem(
  s: Session,
  village: Village,
  ownerUserId: number,
  extra: Record<string, unknown> = {},
) {
  const res = await s.post('/api/supervision/items', {
    unitId: village.id,
    year: YEAR,
    list: 'task',
    starCode: 'ecology',
    title: '整治村内坑塘',
    measures: '清理垃圾，建立保洁责任区',
    evidenceMin: 1,
    ownerUserId,
    deadline: '2026-11-27',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; version: number; status: string; slip: string | null };
}

const upload = (s: Session, id: number, name = 'photo.png', body: Buffer = PNG) =>
  s.request('POST', `/api/supervision/items/${id}/files?name=${encodeURIComponent(name)}`, body, {
    'content-type': 'application/octet-stream',
  });

async function row(w: World, id: number) {
  return w.database.db.selectFrom('sv_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('销号: evidence in, signed off by someone other than the owner', () => {
  it('no evidence: submit refused (409, nothing changes); with it the owner submits', async () => {
    const { w, village, users, s } = await setup();
    const item = await newItem(s.township, village, users.secretary.id);
    const before = await row(w, item.id);
    const res = await s.secretary.post(`/api/supervision/items/${item.id}/submit`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('佐证');
    expect(await row(w, item.id)).toEqual(before);
    expect((await upload(s.secretary, item.id)).statusCode).toBe(201);
    const ok = await s.secretary.post(`/api/supervision/items/${item.id}/submit`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('submitted');
  });

  it('the owner cannot sign off their own item; another checker can; the history is kept', async () => {
    const { w, village, users, s } = await setup();
    // The township office both works and checks: as owner it still may not strike its own item off.
    const item = await newItem(s.township, village, users.township.id);
    expect((await upload(s.township, item.id)).statusCode).toBe(201);
    expect((await s.township.post(`/api/supervision/items/${item.id}/submit`, {})).statusCode).toBe(200);
    const before = await row(w, item.id);
    const own = await s.township.post(`/api/supervision/items/${item.id}/close`, {});
    expect(own.statusCode).toBe(409);
    expect(own.json().error.message).toContain('责任人以外');
    expect(await row(w, item.id)).toEqual(before);
    const ok = await s.checker.post(`/api/supervision/items/${item.id}/close`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'closed', slip: null, progress: 100 });
    expect(ok.json().history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'file',
      'submit',
      'close',
    ]);
  });

  it('a secretary holds no checking permission (403); an open item cannot be closed (409, unchanged)', async () => {
    const { w, village, users, s } = await setup();
    const item = await newItem(s.township, village, users.secretary.id);
    expect((await s.secretary.post(`/api/supervision/items/${item.id}/close`, {})).statusCode).toBe(403);
    const before = await row(w, item.id);
    const res = await s.checker.post(`/api/supervision/items/${item.id}/close`, {});
    expect(res.statusCode).toBe(409);
    expect(await row(w, item.id)).toEqual(before);
  });

  it('a named checker only; reject and reopen need a reason', async () => {
    const { w, village, users, s } = await setup();
    const item = await newItem(s.township, village, users.secretary.id, { checkerUserId: users.district.id });
    await upload(s.secretary, item.id);
    await s.secretary.post(`/api/supervision/items/${item.id}/submit`, {});
    const before = await row(w, item.id);
    const other = await s.checker.post(`/api/supervision/items/${item.id}/close`, {});
    expect(other.statusCode).toBe(409);
    expect(await row(w, item.id)).toEqual(before);
    const noReason = await s.district.post(`/api/supervision/items/${item.id}/reject`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].path).toBe('reason');
    const back = await s.district.post(`/api/supervision/items/${item.id}/reject`, { reason: '照片看不清' });
    expect(back.json().status).toBe('open');
    await s.secretary.post(`/api/supervision/items/${item.id}/submit`, {});
    expect((await s.district.post(`/api/supervision/items/${item.id}/close`, {})).json().status).toBe(
      'closed',
    );
    expect((await s.township.post(`/api/supervision/items/${item.id}/reopen`, {})).statusCode).toBe(400);
    const reopened = await s.township.post(`/api/supervision/items/${item.id}/reopen`, {
      reason: '复查发现反弹',
    });
    expect(reopened.json().status).toBe('open');
    expect(reopened.json().history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'file',
      'submit',
      'reject',
      'submit',
      'close',
      'reopen',
    ]);
  });

  it('uploads are checked by their bytes', async () => {
    const { village, users, s } = await setup();
    const item = await newItem(s.township, village, users.secretary.id);
    const res = await upload(s.secretary, item.id, 'a.png', Buffer.from('not an image at all'));
    expect(res.statusCode).toBe(415);
  });
});

describe('slips on the working-day calendar, escalation', () => {
  it('none → yellow (behind) → blue stays behind yellow → red after the deadline, escalated to the 管区', async () => {
    const { village, users, s, advance } = await setup();
    // Mon 2026-11-02 → Fri 11-27: 19 working days; no progress: yellow from 11-10 (30 % used), red from 11-28.
    const item = await newItem(s.township, village, users.secretary.id);
    const slip = async () => (await s.township.get(`/api/supervision/items/${item.id}`)).json();
    expect((await slip()).slip).toBeNull();
    await advance(8 * DAY); // 11-10
    expect((await slip()).slip).toBe('yellow');
    // Progress reported: 80 % → not behind; blue from 3 working days before the deadline (11-24).
    const p = await s.secretary.post(`/api/supervision/items/${item.id}/progress`, {
      progress: 80,
      note: '已清理大部分',
    });
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json().slip).toBeNull();
    await advance(14 * DAY); // 11-24
    expect((await slip()).slip).toBe('blue');
    await advance(3 * DAY); // 11-27, the deadline day
    expect((await slip()).slip).toBe('blue');
    await advance(DAY); // 11-28
    const red = await slip();
    expect(red.slip).toBe('red');
    expect(red.escalatedTo).toEqual({ id: village.district.id, name: village.district.name });
    const esc = await s.district.get('/api/supervision/items?mine=escalated');
    expect(esc.json().items.map((i: { id: number }) => i.id)).toEqual([item.id]);
    const sum = (await s.township.get('/api/supervision/summary')).json();
    expect(sum).toEqual({
      tasks: { total: 1, open: 1, closed: 0, overdue: 1 },
      slips: { blue: 0, yellow: 0, red: 1 },
      links: { cadres: 0, villages: 0, households: 0 },
    });
    // The district leader's workbench names it with the path of the next action.
    const wb = (await s.district.get('/api/workbench')).json();
    expect(wb.groups).toContainEqual(
      expect.objectContaining({
        key: 'supervision.escalated',
        count: 1,
        path: '/supervision/items?mine=escalated',
      }),
    );
    expect(wb.menu.supervision).toBeGreaterThanOrEqual(1);
  });

  it('the daily pass tells the owner and the unit above once when an item goes red', async () => {
    const { w, village, users, s, advance } = await setup();
    const item = await newItem(s.township, village, users.secretary.id, { deadline: '2026-11-03' });
    const { supervisionModule } = await import('../../src/modules/supervision/index.ts');
    const { supervision } = w.app.module(supervisionModule);
    expect(await supervision.runDailyOnce()).toEqual({ reviews: 0, red: 0 });
    await advance(2 * DAY); // 11-04: overdue
    expect(await supervision.runDailyOnce()).toEqual({ reviews: 0, red: 1 });
    expect(await supervision.runDailyOnce()).toBeNull(); // once a day
    const red = (x: { items: { kind: string; path: string }[] }) =>
      x.items.filter((m) => m.kind === 'supervision.red');
    expect(red((await s.secretary.get('/api/notifications')).json())).toHaveLength(1);
    // The 管区 above it holds no supervision:manage; the township office does (it answers for the 管区).
    expect(red((await s.township.get('/api/notifications')).json())[0]).toMatchObject({
      path: `/supervision/items/${item.id}`,
    });
    // The nearest office only: the county above is not told of every village's item.
    expect(red((await s.county.get('/api/notifications')).json())).toHaveLength(0);
    await advance(DAY);
    expect(await supervision.runDailyOnce()).toEqual({ reviews: 0, red: 0 });
  });

  it('blue counts working days: over the 国庆 break and a 调休 Saturday', async () => {
    const { village, users, s, advance } = await setup();
    await advance(-40 * DAY); // 2026-09-23
    const item = await newItem(s.township, village, users.secretary.id, { deadline: '2026-10-09' });
    await s.secretary.post(`/api/supervision/items/${item.id}/progress`, { progress: 90, note: '基本完成' });
    // Three working days before 10-09 are 10-08, 09-30, 09-29: blue from 09-29, not on 09-28.
    await advance(5 * DAY); // 09-28
    expect((await s.township.get(`/api/supervision/items/${item.id}`)).json().slip).toBeNull();
    await advance(DAY); // 09-29
    expect((await s.township.get(`/api/supervision/items/${item.id}`)).json().slip).toBe('blue');
  });

  it('settings move the thresholds of open items', async () => {
    const { village, users, s, advance } = await setup();
    const item = await newItem(s.township, village, users.secretary.id);
    await s.secretary.post(`/api/supervision/items/${item.id}/progress`, { progress: 90, note: '基本完成' });
    await advance(15 * DAY); // 11-17: 8 working days before the deadline
    expect((await s.township.get(`/api/supervision/items/${item.id}`)).json().slip).toBeNull();
    const put = await s.township.request('PUT', '/api/supervision/settings', {
      unitId: village.township.id,
      blueDays: 10,
      behindPoints: 30,
      flagCount: 3,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await s.township.get(`/api/supervision/items/${item.id}`)).json().slip).toBe('blue');
  });
});

describe('extensions', () => {
  it('asked with a reason, counted approved or refused; one pending at a time; only to a later date', async () => {
    const { w, village, users, s } = await setup();
    const item = await newItem(s.township, village, users.secretary.id);
    const ask = (deadline: string) =>
      s.secretary.post(`/api/supervision/items/${item.id}/extensions`, {
        deadline,
        reason: '连续降雨无法施工',
      });
    expect((await ask('2026-11-20')).statusCode).toBe(400);
    const first = await ask('2026-12-11');
    expect(first.statusCode, first.body).toBe(201);
    const before = await row(w, item.id);
    expect((await ask('2026-12-18')).statusCode).toBe(409);
    expect(await row(w, item.id)).toEqual(before);
    const extId = first.json().extensionList[0].id;
    expect(
      (await s.secretary.post(`/api/supervision/extensions/${extId}/decide`, { approve: true })).statusCode,
    ).toBe(403);
    expect(
      (await s.township.post(`/api/supervision/extensions/${extId}/decide`, { approve: false })).statusCode,
    ).toBe(400);
    const refused = await s.township.post(`/api/supervision/extensions/${extId}/decide`, {
      approve: false,
      reason: '工期可以保证',
    });
    expect(refused.json().status).toBe('refused');
    let r = await row(w, item.id);
    expect([r.deadline, r.extensions]).toEqual(['2026-11-27', 1]);
    expect(
      (await s.township.post(`/api/supervision/extensions/${extId}/decide`, { approve: true })).statusCode,
    ).toBe(409);
    const second = (await ask('2026-12-11')).json().extensionList[1].id;
    expect(
      (await s.township.post(`/api/supervision/extensions/${second}/decide`, { approve: true })).statusCode,
    ).toBe(200);
    r = await row(w, item.id);
    expect([r.deadline, r.extensions]).toEqual(['2026-12-11', 2]);
  });
});

describe('assignment', () => {
  it('an item with no owner named goes to the village secretary, who is told', async () => {
    const { village, users, s } = await setup();
    const res = await s.township.post('/api/supervision/items', {
      unitId: village.id,
      year: YEAR,
      list: 'duty',
      starCode: 'strong_branch',
      title: '落实“三会一课”责任',
      deadline: '2026-12-31',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ ownerUserId: users.secretary.id, list: 'duty', source: 'manual' });
    const inbox = (await s.secretary.get('/api/notifications')).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'supervision.assigned' });
  });
});

describe('edits carry a version', () => {
  it('no If-Match → 428; a stale one → 412, nothing written', async () => {
    const { w, village, users, s } = await setup();
    const item = await newItem(s.township, village, users.secretary.id);
    const patch = (v?: string) =>
      s.township.request(
        'PATCH',
        `/api/supervision/items/${item.id}`,
        { title: '新标题' },
        v ? { 'if-match': v } : {},
      );
    expect((await patch()).statusCode).toBe(428);
    const ok = await patch(`"${item.version}"`);
    expect(ok.statusCode, ok.body).toBe(200);
    const before = await row(w, item.id);
    expect((await patch(`"${item.version}"`)).statusCode).toBe(412);
    expect(await row(w, item.id)).toEqual(before);
  });
});

describe('scope', () => {
  it("another township's item answers 404 like a missing one; its unit in a filter too", async () => {
    const { w, village, users, s } = await setup();
    const item = await newItem(s.township, village, users.secretary.id);
    const other = await w.township();
    const od = await w.district({ township: other });
    const ov = await w.village({ district: od });
    const stranger = await w.login(await w.user({ role: 'township_admin', unit: other }));
    expect((await stranger.get(`/api/supervision/items/${item.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/supervision/items/999999`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/supervision/summary?unitId=${village.id}`)).statusCode).toBe(404);
    expect((await stranger.get('/api/supervision/items')).json().total).toBe(0);
    const create = await s.township.post('/api/supervision/items', {
      unitId: ov.id,
      year: YEAR,
      list: 'task',
      starCode: 'ecology',
      title: 'x',
      ownerName: '某人',
      deadline: '2026-11-30',
    });
    expect(create.statusCode).toBe(400);
    expect(create.json().error.fields[0].path).toBe('unitId');
  });
});

describe('task lists from star shortfalls', () => {
  it('one item per indicator of each star not held; failed indicators only where the star was applied for; idempotent', async () => {
    const { w, village, s } = await setup();
    await publishStandard(w, 2025);
    for (const star of ['strong_branch', 'industry', 'ecology']) await award(w, village, 2025, star, 'seed');
    const res = await s.township.post('/api/supervision/generate', {
      unitId: village.township.id,
      year: YEAR,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { defaultRuralStandard } = await import('@fivestar/common');
    const def = defaultRuralStandard();
    const expected = def.indicators.filter((i) => i.starCode === 'safety' || i.starCode === 'civility');
    expect(res.json()).toEqual({ villages: 1, created: expected.length, skipped: 0 });
    const items = await w.database.db
      .selectFrom('sv_items')
      .select(['indicator_code', 'owner_name', 'deadline', 'list', 'source'])
      .orderBy('id')
      .execute();
    expect(items.map((i) => i.indicator_code).sort()).toEqual(expected.map((i) => i.code).sort());
    expect(
      items.every((i) => i.list === 'task' && i.source === 'shortfall' && i.deadline === '2026-11-30'),
    ).toBe(true);
    const again = await s.township.post('/api/supervision/generate', {
      unitId: village.township.id,
      year: YEAR,
    });
    expect(again.json()).toEqual({ villages: 1, created: 0, skipped: expected.length });
  });

  it('an applied star yields only its failed indicators', async () => {
    const { w, village, s } = await setup();
    const stdId = await publishStandard(w, 2025);
    for (const star of ['strong_branch', 'industry', 'ecology', 'civility'])
      await award(w, village, 2025, star);
    const { defaultRuralStandard } = await import('@fivestar/common');
    const safety = defaultRuralStandard().indicators.filter((i) => i.starCode === 'safety');
    const { db } = w.database;
    const app = await db
      .insertInto('star_applications')
      .values({
        branch_id: village.branchId,
        org_unit_id: village.id,
        unit_path: village.path,
        year: 2025,
        star_code: 'safety',
        standard_id: stdId,
        status: 'rejected',
        round: 1,
        notice_id: null,
        created_at: 0,
        updated_at: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Everything passes but one boolean indicator, which was not met.
    const failing = safety.find((i) => i.type === 'boolean')!;
    for (const i of safety)
      await db
        .insertInto('indicator_results')
        .values({
          application_id: app.id,
          code: i.code,
          met: i.code === failing.code ? 0 : 1,
          value: i.threshold !== null ? i.threshold + 1 : null,
          triggered: i.type === 'veto' ? 0 : null,
          note: null,
          review: 'accepted',
          review_comment: null,
          reviewed_by: null,
          reviewed_at: null,
          reviewed_snapshot: null,
          changed_since_review: 0,
          updated_at: 0,
        })
        .execute();
    for (const i of safety)
      for (let f = 0; f < i.minFiles; f++)
        await db
          .insertInto('evidence_files')
          .values({
            application_id: app.id,
            indicator_code: i.code,
            org_unit_id: village.id,
            unit_path: village.path,
            sha256: 'x',
            mime: 'image/png',
            ext: 'png',
            size: 1,
            name: 'a.png',
            uploaded_by: null,
            created_at: 0,
          })
          .execute();
    const res = await s.township.post('/api/supervision/generate', { unitId: village.id, year: YEAR });
    expect(res.statusCode, res.body).toBe(200);
    const codes = (await db.selectFrom('sv_items').select('indicator_code').execute()).map(
      (r) => r.indicator_code,
    );
    // Derived indicators fail too where this small world has no records for their facts (e.g. grid workers).
    const facts = (
      await w.app.facts.compute(
        db,
        safety.flatMap((i) => (i.fact ? [i.fact] : [])),
        [village.branchId],
        2025,
      )
    ).get(village.branchId)!;
    const { evaluateIndicator } = await import('@fivestar/common');
    const derivedFailing = safety
      .filter((i) => i.type === 'derived' && !evaluateIndicator(i, { files: i.minFiles }, facts).ok)
      .map((i) => i.code);
    expect(derivedFailing).toContain('safety.grid_workers');
    expect(codes.sort()).toEqual([failing.code, ...derivedFailing].sort());
    expect(codes.length).toBeLessThan(safety.length);
  });
});

describe('supervision teams: a finding becomes a 问题清单 item and goes red', () => {
  it('visit, photo, finding handed over with a deadline; red once overdue', async () => {
    const { w, village, users, s, advance } = await setup();
    const team = await s.township.post('/api/supervision/teams', {
      unitId: village.township.id,
      name: '第一督导组',
      leaderUserId: users.checker.id,
      memberUserIds: [users.district.id],
    });
    expect(team.statusCode, team.body).toBe(201);
    const visit = await s.checker.post('/api/supervision/visits', {
      teamId: team.json().id,
      unitId: village.id,
      visitedOn: '2026-11-02',
      note: '查看人居环境',
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const v = visit.json().id;
    const pic = await s.checker.request('POST', `/api/supervision/visits/${v}/files?name=site.png`, PNG, {
      'content-type': 'application/octet-stream',
    });
    expect(pic.statusCode, pic.body).toBe(201);
    // Not a member: refused and nothing written.
    const outsider = await w.login(await w.user({ role: 'star_team', unit: village.township }));
    const refused = await outsider.post(`/api/supervision/visits/${v}/findings`, {
      starCode: 'ecology',
      title: '坑塘垃圾',
      deadline: '2026-11-06',
    });
    expect(refused.statusCode).toBe(409);
    const finding = await s.district.post(`/api/supervision/visits/${v}/findings`, {
      starCode: 'ecology',
      title: '坑塘垃圾未清理',
      measures: '限期清理',
      deadline: '2026-11-06',
      ownerUserId: users.secretary.id,
      fileIds: [pic.json().id],
    });
    expect(finding.statusCode, finding.body).toBe(201);
    const f = finding.json();
    expect(f).toMatchObject({
      list: 'problem',
      source: 'finding',
      ownerUserId: users.secretary.id,
      visitId: v,
    });
    expect(f.fileList).toHaveLength(1);
    // The secretary is told.
    const inbox = (await s.secretary.get('/api/notifications')).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'supervision.finding', path: `/supervision/items/${f.id}` });
    await advance(5 * DAY); // 11-07
    const item = (await s.township.get(`/api/supervision/items/${f.id}`)).json();
    expect(item.slip).toBe('red');
    const teams = (await s.township.get('/api/supervision/teams')).json();
    expect(teams[0]).toMatchObject({ visits: 1, findings: 1 });
  });
});

describe('dynamic star management', () => {
  it('the county revokes an imported star; only another decision restores it; the figures move', async () => {
    const { w, village, s } = await setup();
    await publishStandard(w, YEAR);
    const id = await award(w, village, YEAR, 'ecology', 'import');
    await award(w, village, YEAR, 'industry', 'import');
    const stars = async () =>
      (
        await w.database.db
          .selectFrom('branch_ratings')
          .select(['star_count', 'stars'])
          .where('branch_id', '=', village.branchId)
          .where('year', '=', YEAR)
          .executeTakeFirstOrThrow()
      ).star_count;
    expect(await stars()).toBe(2);
    expect(
      (await s.township.post(`/api/supervision/awards/${id}/revoke`, { reason: '否决' })).statusCode,
    ).toBe(403);
    expect((await s.county.post(`/api/supervision/awards/${id}/revoke`, {})).statusCode).toBe(400);
    const res = await s.county.post(`/api/supervision/awards/${id}/revoke`, {
      reason: '发生越级上访，经研究摘星',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'revoked', source: 'import' });
    expect(await stars()).toBe(1);
    const before = await w.database.db
      .selectFrom('star_awards')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect((await s.county.post(`/api/supervision/awards/${id}/revoke`, { reason: '再次' })).statusCode).toBe(
      409,
    );
    expect(
      await w.database.db
        .selectFrom('star_awards')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
    const pub = await w.app.inject({ method: 'GET', url: '/api/public/revocations' });
    expect(pub.json()[0]).toMatchObject({ unitName: village.name, kind: 'revoke', starName: '生态宜居星' });
    const restored = await s.county.post(`/api/supervision/awards/${id}/restore`, {
      reason: '复核撤销原决定',
    });
    expect(restored.json().status).toBe('active');
    expect(await stars()).toBe(2);
    const decisions = (await s.county.get(`/api/supervision/awards/${id}/decisions`)).json();
    expect(decisions.map((d: { kind: string }) => d.kind)).toEqual(['revoke', 'restore']);
    expect((await s.county.post(`/api/supervision/awards/${id}/restore`, { reason: 'x' })).statusCode).toBe(
      409,
    );
    // The public record survives the award row being replaced (an Excel import rewrites a year's awards).
    await w.database.db.deleteFrom('star_awards').where('id', '=', id).execute();
    const after = (await w.app.inject({ method: 'GET', url: '/api/public/revocations' })).json();
    expect(after.map((r: { kind: string; unitName: string }) => [r.kind, r.unitName])).toEqual([
      ['restore', village.name],
      ['revoke', village.name],
    ]);
  });

  it('a veto event in the grid opens a star review for the township and county; deciding it takes the star', async () => {
    const { w, village, s } = await setup();
    await publishStandard(w, YEAR);
    const awardId = await award(w, village, YEAR - 1, 'safety', 'seed');
    const gw = await w.gridWorker(village);
    const report = await (
      await w.login(gw)
    ).post('/api/grid/events', {
      class: 'event',
      typeCode: 'sentiment.petition',
      unitId: village.id,
      place: '村委会',
      description: '村民越级到省里上访',
    });
    expect(report.statusCode, report.body).toBe(201);
    // Not a veto type: no review.
    await (
      await w.login(gw)
    ).post('/api/grid/events', {
      class: 'event',
      typeCode: 'public_service.road',
      unitId: village.id,
      place: '村口',
      description: '路灯坏了',
    });
    const wb = (await s.county.get('/api/workbench')).json();
    expect(wb.groups).toContainEqual(expect.objectContaining({ key: 'supervision.reviews', count: 1 }));
    const list = (await s.township.get('/api/supervision/reviews')).json();
    expect(list.total).toBe(1);
    const review = list.items[0];
    expect(review).toMatchObject({
      status: 'open',
      starCode: 'safety',
      trigger: 'veto_event',
      awardId,
      event: { id: report.json().event.id, typeCode: 'sentiment.petition' },
    });
    // The township is told, and so is the county.
    expect((await s.township.get('/api/notifications')).json().items[0].kind).toBe('supervision.review');
    expect(
      (
        await s.township.post(`/api/supervision/reviews/${review.id}/decide`, {
          outcome: 'revoke',
          reason: 'x',
        })
      ).statusCode,
    ).toBe(403);
    const decided = await s.county.post(`/api/supervision/reviews/${review.id}/decide`, {
      outcome: 'revoke',
      reason: '越级上访属实',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().status).toBe('revoked');
    const a = await w.database.db
      .selectFrom('star_awards')
      .select('status')
      .where('id', '=', awardId)
      .executeTakeFirstOrThrow();
    expect(a.status).toBe('revoked');
    expect(
      (await s.county.post(`/api/supervision/reviews/${review.id}/decide`, { outcome: 'keep', reason: 'x' }))
        .statusCode,
    ).toBe(409);
    // Reading again opens nothing new.
    expect((await s.county.get('/api/supervision/reviews')).json().total).toBe(1);
  });
});

describe('linked cadres', () => {
  it('a township cadre linked to a village sees its tasks on the workbench; members keep households with visits', async () => {
    const { w, village, users, s, advance } = await setup();
    const cadre = await w.user({ role: 'star_team', unit: village.township });
    const link = await s.township.post('/api/links/cadres', {
      kind: 'village',
      unitId: village.id,
      userId: cadre.id,
      since: '2026-01-05',
    });
    expect(link.statusCode, link.body).toBe(201);
    expect(
      (
        await s.township.post('/api/links/cadres', {
          kind: 'village',
          unitId: village.id,
          userId: cadre.id,
          since: '2026-01-05',
        })
      ).statusCode,
    ).toBe(409);
    const member = await w.person({ unit: village, partyMember: true });
    const notMember = await w.person({ unit: village, partyMember: false });
    const bad = await s.secretary.post('/api/links/households', {
      unitId: village.id,
      memberPersonId: notMember.id,
      household: '张三户',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('memberPersonId');
    const hh = await s.secretary.post('/api/links/households', {
      unitId: village.id,
      memberPersonId: member.id,
      household: '张三户',
    });
    expect(hh.statusCode, hh.body).toBe(201);
    const visit = await s.secretary.post(`/api/links/households/${hh.json().id}/visits`, {
      visitedOn: '2026-11-01',
      note: '了解近况',
    });
    expect(visit.statusCode, visit.body).toBe(201);
    expect(
      (
        await s.secretary.post(`/api/links/households/${hh.json().id}/visits`, {
          visitedOn: '2026-12-01',
          note: 'x',
        })
      ).statusCode,
    ).toBe(400);
    const sum = (await s.township.get('/api/supervision/summary')).json();
    expect(sum.links).toEqual({ cadres: 1, villages: 1, households: 1 });
    const item = await newItem(s.township, village, users.secretary.id);
    await advance(8 * DAY); // yellow
    const cs = await w.login(cadre);
    expect((await cs.get('/api/links/mine')).json().villages).toEqual([
      { unitId: village.id, unitName: village.name, kind: 'village', section: '' },
    ]);
    const wb = (await cs.get('/api/workbench')).json();
    expect(wb.groups).toContainEqual(expect.objectContaining({ key: 'supervision.linked', count: 1 }));
    const mine = (await cs.get('/api/supervision/items?mine=linked')).json();
    expect(mine.items.map((i: { id: number }) => i.id)).toEqual([item.id]);
    const { linksModule } = await import('../../src/modules/links/index.ts');
    const links = w.app.module(linksModule);
    expect(await links.isLinked(w.database.db, { userId: cadre.id }, village.id)).toBe(true);
    expect(await links.isLinked(w.database.db, { personId: member.id }, village.id)).toBe(true);
    expect(await links.isLinked(w.database.db, { userId: users.checker.id }, village.id)).toBe(false);
  });
});

describe('workbench', () => {
  it('the owner sees tasks due; the checker sees items to strike off; each with the next action', async () => {
    const { village, users, s } = await setup();
    const item = await newItem(s.township, village, users.secretary.id);
    let wb = (await s.secretary.get('/api/workbench')).json();
    expect(wb.groups).toContainEqual(
      expect.objectContaining({ key: 'supervision.mine', count: 1, path: '/supervision/items?mine=owner' }),
    );
    await upload(s.secretary, item.id);
    await s.secretary.post(`/api/supervision/items/${item.id}/submit`, {});
    wb = (await s.checker.get('/api/workbench')).json();
    expect(wb.groups).toContainEqual(
      expect.objectContaining({
        key: 'supervision.check',
        count: 1,
        path: '/supervision/items?mine=checker',
      }),
    );
    const list = (await s.checker.get('/api/supervision/items?mine=checker')).json();
    expect(list.items.map((i: { id: number }) => i.id)).toEqual([item.id]);
    // In English the labels come from the modules' messages.
    const en = await s.checker.request('GET', '/api/workbench', undefined, { 'accept-language': 'en' });
    expect(en.json().groups.find((g: { key: string }) => g.key === 'supervision.check').label).toBe(
      'Items to check and strike off',
    );
  });
});

describe('reports', () => {
  it('weekly scheduling, monthly ranking with flags, the circular as PDF and Word', async () => {
    const { w, village, s, advance } = await setup();
    for (let i = 0; i < 4; i++) await w.village({ district: village.district });
    // Village n gets n+1 items due 11-06; n of them are struck off on time by the checker.
    const { db } = w.database;
    const villages = await db
      .selectFrom('org_units')
      .select(['id', 'name', 'path'])
      .where('level', '=', 'village')
      .orderBy('id')
      .execute();
    for (const [n, v] of villages.entries()) {
      const unit = { ...village, id: v.id, path: v.path, name: v.name };
      const owner = await w.user({ role: 'village_secretary', unit });
      const os = await w.login(owner);
      for (let k = 0; k <= n; k++) {
        const it = await newItem(s.township, unit, owner.id, { deadline: '2026-11-06' });
        if (k < n) {
          await upload(os, it.id);
          await os.post(`/api/supervision/items/${it.id}/submit`, {});
          expect((await s.checker.post(`/api/supervision/items/${it.id}/close`, {})).statusCode).toBe(200);
        }
      }
    }
    const weekly = (await s.township.get('/api/supervision/weekly?date=2026-11-04')).json();
    const total = (villages.length * (villages.length + 1)) / 2;
    expect(weekly.totals).toMatchObject({
      total,
      newItems: total,
      closedInWeek: total - villages.length,
      overdue: 0,
    });
    await advance(30 * DAY);
    const ranking = (await s.township.get('/api/supervision/ranking?month=2026-11')).json();
    expect(ranking.rows).toHaveLength(villages.length);
    expect(ranking.rows[0].rate).toBeGreaterThan(ranking.rows[ranking.rows.length - 1].rate);
    expect(ranking.rows.filter((r: { flag: string }) => r.flag === 'red')).toHaveLength(3);
    expect(ranking.rows.at(-1).flag).toBe('yellow');
    expect(ranking.rows.at(-1).overdue).toBe(1);
    const pdf = await s.township.get('/api/supervision/ranking/circular?month=2026-11&format=pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const raw = (pdf as unknown as { rawPayload: Buffer }).rawPayload;
    expect(raw.subarray(0, 5).toString()).toBe('%PDF-');
    const docx = await s.township.get('/api/supervision/ranking/circular?month=2026-11&format=docx');
    expect(docx.statusCode).toBe(200);
    const zip = (docx as unknown as { rawPayload: Buffer }).rawPayload;
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    const dir = mkdtempSync(join(tmpdir(), 'fs-circular-'));
    writeFileSync(join(dir, 'c.pdf'), raw);
    writeFileSync(join(dir, 'c.docx'), zip);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-']).toString('utf8');
    expect(text).toContain('流动红旗');
    expect(text).toContain(ranking.rows[0].unitName);
    const xml = execFileSync('unzip', ['-p', join(dir, 'c.docx'), 'word/document.xml']).toString('utf8');
    expect(xml).toContain('流动红旗');
    expect(xml).toContain(ranking.rows[0].unitName);
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'supervision.export.circular')
      .execute();
    expect(audit).toHaveLength(2);
  });
});
