import { chinaDate, chinaStartOfDay, idCheckChar } from '@fivestar/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MURDER_CAMPAIGN,
  REPORT_DISPUTES,
  REPORT_EVENTS,
  REPORT_PERIOD,
} from '../src/modules/grid/demo/grid.demo.ts';
import { rebuildCounts, splitRange } from '../src/modules/grid/grid.counts.ts';
import { threeZeroStatuses } from '../src/modules/grid/records/three-zero.service.ts';
const threeZeroStatus = async (db: Parameters<typeof threeZeroStatuses>[0], id: number, y: number) =>
  (await threeZeroStatuses(db, [id], y)).get(id)!;
import { createAuditService } from '../src/modules/audit/audit.service.ts';
import { createTestApp, login, TEST_KEYS, type Session, type TestContext } from './test-app.ts';

/** A tiny but real 1×1 JPEG. */
const JPEG_1PX =
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=';

describe('grid governance', () => {
  let ctx: TestContext;
  let centre: Session;
  let grid001: Session;
  let secretary01: Session;
  let secretary02: Session;
  let village1: number;
  let village2: number;

  const report = (extra: Record<string, unknown> = {}) => ({
    class: 'event',
    typeCode: 'public_service.road',
    unitId: village1,
    place: '村东头桥',
    lat: 35.8,
    lng: 115.45,
    description: '桥面塌陷，需要维修',
    ...extra,
  });

  beforeAll(async () => {
    ctx = await createTestApp();
    centre = await login(ctx.app, 'centre');
    grid001 = await login(ctx.app, 'grid001');
    secretary01 = await login(ctx.app, 'secretary01');
    secretary02 = await login(ctx.app, 'secretary02');
    village1 = (await secretary01.get('/api/me')).json().user.unit.id;
    village2 = (await secretary02.get('/api/me')).json().user.unit.id;
  });
  afterAll(async () => ctx.close());

  it('the demo summary for the report’s period gives the report’s figures, counted from the rows', async () => {
    const res = await centre.get(`/api/grid/summary?from=${REPORT_PERIOD.from}&to=${REPORT_PERIOD.to}`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.total).toBe(3875);
    expect(s.byClass).toEqual({ event: 3825, dispute: 50 });
    expect(s.disputesClosed).toBe(50);
    expect(REPORT_EVENTS + REPORT_DISPUTES).toBe(3875);
    expect(Object.values(s.byType as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(3875);
    expect(s.onTimeRate).toBeGreaterThan(0.9);
    expect(s.onTimeRate).toBeLessThan(1);
    expect(s.campaigns).toHaveLength(1);
    expect(s.campaigns[0].name).toBe('命案防范百日行动');
    expect(s.campaigns[0].total).toBe(425);
    expect(s.campaigns[0].bySubCategory['情感纠纷']).toBe(89);
    expect(s.campaigns[0].bySubCategory['宅基地·赡养']).toBe(76);
    expect(MURDER_CAMPAIGN.name).toBe(s.campaigns[0].name);

    // The same figures straight from the table.
    const { db } = ctx.database;
    const start = chinaStartOfDay(REPORT_PERIOD.from);
    const end = chinaStartOfDay(REPORT_PERIOD.to) + 86_400_000;
    const rows = await db
      .selectFrom('grid_events')
      .select(['class', 'status', 'org_unit_id', 'reported_at'])
      .where('reported_at', '>=', start)
      .where('reported_at', '<', end)
      .execute();
    expect(rows.length).toBe(s.total);
    expect(rows.filter((r) => r.class === 'dispute' && r.status === 'closed').length).toBe(50);
    expect(new Set(rows.map((r) => r.org_unit_id)).size).toBe(55);
    expect(new Set(rows.map((r) => chinaDate(Number(r.reported_at)).slice(0, 7))).size).toBe(8);

    // The county sees the same township; a village sees only its own share.
    const county = await login(ctx.app, 'county');
    expect((await county.get(`/api/grid/summary?from=2023-01-01&to=2023-08-06`)).json().total).toBe(3875);
    const own = (await secretary01.get(`/api/grid/summary?from=2023-01-01&to=2023-08-06`)).json();
    expect(own.total).toBeGreaterThan(0);
    expect(own.total).toBeLessThan(200);
  });

  it('the dispute ledger holds all 50 disputes of the period, mediated, archived and closed', async () => {
    const res = await centre.get('/api/grid/disputes?from=2023-01-01&to=2023-08-06&pageSize=500');
    expect(res.statusCode).toBe(200);
    const ledger = res.json();
    expect(ledger.total).toBe(50);
    for (const row of ledger.items) {
      expect(row).toMatchObject({ status: 'closed', mediationStatus: 'archived', outcome: 'resolved' });
      expect(row.mediatorName).toBeTruthy();
      expect(row.parties).toMatch(/\*{4}/); // ID numbers masked
    }
    expect(new Set(ledger.items.map((r: { disputeType: string }) => r.disputeType)).size).toBeGreaterThan(5);
  });

  it('statistics by month, village, grid and type; the centre has today’s work in every state', async () => {
    const stats = (await centre.get('/api/grid/stats?from=2023-01-01&to=2023-08-06')).json();
    expect(stats.byMonth.map((m: { month: string }) => m.month)).toEqual([
      '2023-01',
      '2023-02',
      '2023-03',
      '2023-04',
      '2023-05',
      '2023-06',
      '2023-07',
      '2023-08',
    ]);
    expect(stats.byVillage).toHaveLength(55);
    expect(stats.byGrid.length).toBeGreaterThan(100);
    expect(stats.closureRate).toBe(1);
    expect(stats.avgHandlingDays).toBeGreaterThan(0);
    const today = chinaDate(ctx.clock.now());
    const recent = (await centre.get(`/api/grid/events?from=2026-09-01&to=${today}&pageSize=200`)).json();
    const states = new Set(recent.items.map((e: { status: string }) => e.status));
    for (const s of [
      'reported',
      'accepted',
      'dispatched',
      'in_handling',
      'replied',
      'verified',
      'closed',
      'returned',
      'recalled',
      'escalated',
      'invalid',
    ])
      expect(states, s).toContain(s);
    expect((await centre.get('/api/grid/events/overdue')).json().length).toBeGreaterThan(0);
    expect((await centre.get('/api/grid/reminders')).json().length).toBeGreaterThan(0);
  });

  it('a report goes from a grid worker’s phone to closure, every step logged and audited', async () => {
    const photo = await grid001.post('/api/grid/attachments', { contentType: 'image/jpeg', data: JPEG_1PX });
    expect(photo.statusCode).toBe(201);
    const created = await grid001.request(
      'POST',
      '/api/grid/events',
      report({ photoIds: [photo.json().id] }),
      {
        'idempotency-key': 'phone-0001-abcdef',
      },
    );
    expect(created.statusCode).toBe(201);
    const event = created.json().event;
    expect(event).toMatchObject({
      status: 'reported',
      photoIds: [photo.json().id],
      gridId: expect.any(Number),
    });
    const id = event.id;
    const before = (
      await centre.get(
        `/api/grid/summary?from=${chinaDate(ctx.clock.now())}&to=${chinaDate(ctx.clock.now())}`,
      )
    ).json();

    expect((await centre.post(`/api/grid/events/${id}/accept`, {})).statusCode).toBe(200);
    const dispatched = await centre.post(`/api/grid/events/${id}/dispatch`, { handlerUnitId: village1 });
    expect(dispatched.statusCode).toBe(200);
    expect(dispatched.json().handlerUnitName).toBeTruthy();
    expect((await secretary01.post(`/api/grid/events/${id}/start`, {})).statusCode).toBe(200);
    const replyPhoto = await secretary01.post('/api/grid/attachments', {
      contentType: 'image/jpeg',
      data: JPEG_1PX,
    });
    const replied = await secretary01.post(`/api/grid/events/${id}/reply`, {
      reason: '已组织维修，桥面恢复通行',
      attachmentIds: [replyPhoto.json().id],
    });
    expect(replied.statusCode).toBe(200);
    expect((await centre.post(`/api/grid/events/${id}/verify`, {})).statusCode).toBe(200);
    const closed = await centre.post(`/api/grid/events/${id}/close`, {});
    expect(closed.statusCode).toBe(200);
    const detail = closed.json();
    expect(detail.status).toBe('closed');
    expect(detail.log.map((l: { action: string }) => l.action)).toEqual([
      'report',
      'accept',
      'dispatch',
      'start',
      'reply',
      'verify',
      'close',
    ]);
    expect(detail.log[4]).toMatchObject({
      reason: '已组织维修，桥面恢复通行',
      attachmentIds: [replyPhoto.json().id],
    });
    const audited = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'grid_event')
      .where('object_id', '=', String(id))
      .execute();
    expect(audited.map((a) => a.action)).toEqual(
      detail.log.map((l: { action: string }) => `grid.event.${l.action}`),
    );

    const after = (
      await centre.get(
        `/api/grid/summary?from=${chinaDate(ctx.clock.now())}&to=${chinaDate(ctx.clock.now())}`,
      )
    ).json();
    expect(after.total).toBe(before.total);
    expect(after.byType['public_service.road'] ?? 0).toBeGreaterThanOrEqual(1);
    expect(after.onTimeRate).not.toBeNull();
    // the photo is served to someone in scope, not to another village
    expect((await secretary01.get(`/api/grid/attachments/${photo.json().id}`)).headers['content-type']).toBe(
      'image/jpeg',
    );
    expect((await secretary02.get(`/api/grid/attachments/${photo.json().id}`)).statusCode).toBe(404);
  });

  it('forbidden transitions answer 409 and change nothing; a missing reason is a 400', async () => {
    const id = (await grid001.post('/api/grid/events', report())).json().event.id;
    expect((await centre.post(`/api/grid/events/${id}/close`, {})).statusCode).toBe(409);
    expect(
      (await centre.post(`/api/grid/events/${id}/dispatch`, { handlerUnitId: village1 })).statusCode,
    ).toBe(409);
    expect((await secretary01.post(`/api/grid/events/${id}/reply`, { reason: 'x' })).statusCode).toBe(409);
    const noReason = await centre.post(`/api/grid/events/${id}/invalidate`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].path).toBe('reason');
    // secretary may not dispatch at all (no permission)
    expect((await secretary01.post(`/api/grid/events/${id}/accept`, {})).statusCode).toBe(403);
    // only the reporter recalls
    expect((await secretary01.post(`/api/grid/events/${id}/recall`, { reason: '误报' })).statusCode).toBe(
      409,
    );
    expect((await grid001.post(`/api/grid/events/${id}/recall`, { reason: '误报' })).json().status).toBe(
      'recalled',
    );
    expect((await centre.post(`/api/grid/events/${id}/accept`, {})).statusCode).toBe(409);
    const detail = (await centre.get(`/api/grid/events/${id}`)).json();
    expect(detail.status).toBe('recalled');
    expect(detail.log).toHaveLength(2);
  });

  it('20 parallel retries with one Idempotency-Key store one report; another body with that key is a 422', async () => {
    const body = report({ place: '幂等测试点', description: '重试二十次' });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        grid001.request('POST', '/api/grid/events', body, { 'idempotency-key': 'retry-key-20-parallel' }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.json().event.id)).size).toBe(1);
    const rows = await ctx.database.db
      .selectFrom('grid_events')
      .select('id')
      .where('place', '=', '幂等测试点')
      .execute();
    expect(rows).toHaveLength(1);
    const other = await grid001.request(
      'POST',
      '/api/grid/events',
      { ...body, description: '另一份内容' },
      {
        'idempotency-key': 'retry-key-20-parallel',
      },
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('unprocessable');
    // The same key from another user is that user's own key.
    const grid002 = await login(ctx.app, 'grid002');
    const theirs = await grid002.request('POST', '/api/grid/events', body, {
      'idempotency-key': 'retry-key-20-parallel',
    });
    expect(theirs.statusCode).toBe(201);
  });

  it('the answer to a new report is the event exactly as it reads back', async () => {
    const photo = await grid001.post('/api/grid/attachments', { contentType: 'image/jpeg', data: JPEG_1PX });
    const parties = [
      { name: '李四', role: 'party', idNumber: `41092619850202123${idCheckChar('41092619850202123')}` },
      { name: '王五', role: 'party', phone: '13812345678' },
    ];
    const created = await grid001.post(
      '/api/grid/events',
      report({ class: 'dispute', typeCode: 'dispute.neighbour', parties, photoIds: [photo.json().id] }),
    );
    expect(created.statusCode).toBe(201);
    const read = await grid001.get(`/api/grid/events/${created.json().event.id}`);
    expect(created.json().event).toEqual(read.json());
    expect(read.json().parties.map((p: { idNumber: string | null }) => p.idNumber)).toEqual([
      expect.stringMatching(/^410926\*{8}\d{3}[\dX]$/),
      null,
    ]);
  });

  it('a burst from many phones: each report lands once, they share commits, and the audit chain verifies', async () => {
    const phones = await Promise.all(
      ['grid001', 'grid002', 'grid003', 'grid004'].map((u) => login(ctx.app, u)),
    );
    const units = await Promise.all(
      phones.map(async (p) => (await p.get('/api/me')).json().user.unit.id as number),
    );
    const before = ctx.database.commits.stats();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const k = i % phones.length;
        // One report in the burst names a photo that is not the reporter's: it alone fails.
        const body = report({
          unitId: units[k],
          place: `批量-${i}`,
          ...(i === 17 ? { photoIds: [999_999] } : {}),
        });
        return phones[k]!.request('POST', '/api/grid/events', body, {
          'idempotency-key': `burst-${i}-xxxxxxxx`,
        });
      }),
    );
    expect(results.map((r) => r.statusCode)).toEqual(
      Array.from({ length: 40 }, (_, i) => (i === 17 ? 400 : 201)),
    );
    expect(results[17]!.json().error.fields[0].path).toBe('photoIds');
    const rows = await ctx.database.db
      .selectFrom('grid_events')
      .select('place')
      .where('place', 'like', '批量-%')
      .execute();
    expect(rows).toHaveLength(39);
    const after = ctx.database.commits.stats();
    expect(after.writes - before.writes).toBe(40);
    expect(after.batches - before.batches).toBeLessThan(40);
    const verified = await createAuditService({
      key: TEST_KEYS.audit,
      clock: ctx.clock,
      dialect: ctx.database.dialect,
    }).verify(ctx.database.db);
    expect(verified.ok).toBe(true);
    // The failed one can be sent again, fixed, with the same key.
    const retry = await phones[1]!.request(
      'POST',
      '/api/grid/events',
      report({ unitId: units[1], place: '批量-17' }),
      {
        'idempotency-key': 'burst-17-xxxxxxxx',
      },
    );
    expect(retry.statusCode).toBe(201);
  });

  it('scope: another village’s report is a 404, and a grid worker sees only their own grid', async () => {
    const id = (await grid001.post('/api/grid/events', report())).json().event.id;
    expect((await secretary01.get(`/api/grid/events/${id}`)).statusCode).toBe(200);
    expect((await secretary02.get(`/api/grid/events/${id}`)).statusCode).toBe(404);
    expect((await secretary02.post(`/api/grid/events/${id}/reply`, { reason: 'x' })).statusCode).toBe(404);
    const grid002 = await login(ctx.app, 'grid002'); // same village, another grid
    expect((await grid002.get(`/api/grid/events/${id}`)).statusCode).toBe(404);
    const grid004 = await login(ctx.app, 'grid004'); // another village
    expect((await grid004.get(`/api/grid/events/${id}`)).statusCode).toBe(404);
    const list = (await secretary02.get('/api/grid/events?pageSize=200')).json();
    expect(list.items.every((e: { unitId: number }) => e.unitId === village2)).toBe(true);
    const mine = (await grid001.get('/api/grid/events?pageSize=200')).json();
    const grids = new Set(mine.items.map((e: { gridId: number }) => e.gridId));
    expect(grids.size).toBe(1);
    // reporting into another village is refused on the field
    const outside = await grid001.post('/api/grid/events', report({ unitId: village2 }));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0].path).toBe('unitId');
  });

  it('time limits run on working days: a report before the Spring Festival is due after it', async () => {
    // Friday 2024-02-09 10:00 in China; the accept stage has 1 working day → due end of Sunday 02-18 (调休).
    const saved = ctx.clock.now();
    ctx.clock.advance(chinaStartOfDay('2024-02-09') + 10 * 3600_000 - saved);
    const e = (await grid001.post('/api/grid/events', report({ place: '春节前' }))).json().event;
    expect(chinaDate(e.dueAt)).toBe('2024-02-18');
    expect(e.supervision).toBe('normal');
    ctx.clock.advance(chinaStartOfDay('2024-02-19') - ctx.clock.now() + 3600_000);
    expect((await centre.get(`/api/grid/events/${e.id}`)).json().supervision).toBe('red');
    // accepting starts the handling clock: 5 working days from Monday 02-19 → Monday 02-26
    const accepted = (await centre.post(`/api/grid/events/${e.id}/accept`, {})).json();
    expect(chinaDate(accepted.dueAt)).toBe('2024-02-26');
    const extended = (
      await centre.post(`/api/grid/events/${e.id}/extend`, { days: 2, reason: '需协调水利站' })
    ).json();
    expect(chinaDate(extended.dueAt)).toBe('2024-02-28');
    const supervised = (
      await centre.post(`/api/grid/events/${e.id}/supervise`, { level: 'red', reason: '挂牌督办' })
    ).json();
    expect(supervised.supervision).toBe('red');
    ctx.clock.advance(saved - ctx.clock.now());
  });

  it('photos are content-checked', async () => {
    const fake = Buffer.from('<script>alert(1)</script>').toString('base64');
    const res = await grid001.post('/api/grid/attachments', { contentType: 'image/jpeg', data: fake });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('data');
    const bad = await grid001.post('/api/grid/events', report({ photoIds: [999999] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('photoIds');
  });

  it('duplicate hints at report time, and the centre merges duplicates', async () => {
    const first = (
      await grid001.post(
        '/api/grid/events',
        report({ typeCode: 'public_service.sanitation', place: '垃圾点' }),
      )
    ).json();
    const second = (
      await grid001.post(
        '/api/grid/events',
        report({ typeCode: 'public_service.sanitation', place: '垃圾点旁' }),
      )
    ).json();
    expect(second.duplicateHints.map((h: { id: number }) => h.id)).toContain(first.event.id);
    const hints = (
      await centre.post('/api/grid/duplicates', {
        class: 'event',
        typeCode: 'public_service.sanitation',
        unitId: village1,
        lat: 35.8,
        lng: 115.45,
      })
    ).json();
    expect(hints.length).toBeGreaterThanOrEqual(2);
    const far = (
      await centre.post('/api/grid/duplicates', {
        class: 'event',
        typeCode: 'public_service.sanitation',
        unitId: village1,
        lat: 35.9,
        lng: 115.45,
      })
    ).json();
    expect(far.map((h: { id: number }) => h.id)).not.toContain(first.event.id);
    const merged = await centre.post(`/api/grid/events/${second.event.id}/merge`, { intoId: first.event.id });
    expect(merged.json()).toMatchObject({ status: 'invalid', duplicateOf: first.event.id });

    const parties = [{ name: '张三', idNumber: `41092619900101123${idCheckChar('41092619900101123')}` }];
    const d1 = await grid001.post(
      '/api/grid/events',
      report({ class: 'dispute', typeCode: 'dispute.neighbour', parties }),
    );
    expect(d1.statusCode).toBe(201);
    const d2 = (
      await grid001.post(
        '/api/grid/events',
        report({ class: 'dispute', typeCode: 'dispute.homestead', place: '别处', parties }),
      )
    ).json();
    expect(d2.duplicateHints.some((h: { reason: string }) => h.reason === 'same_parties')).toBe(true);
    expect(d2.event.parties[0].idNumber).toMatch(/\*/);

    // A phone shows the ten most recent nearby ones, not every one.
    for (let i = 0; i < 11; i++)
      await grid001.post('/api/grid/events', report({ typeCode: 'security.hazard' }));
    const many = (await grid001.post('/api/grid/events', report({ typeCode: 'security.hazard' }))).json();
    expect(many.duplicateHints).toHaveLength(10);
  });

  it('a dispute is mediated (mediator, sessions, agreement, follow-up, archive) before it can close', async () => {
    const d = (
      await grid001.post(
        '/api/grid/events',
        report({
          class: 'dispute',
          typeCode: 'dispute.elder_support',
          parties: [{ name: '李四' }, { name: '李五' }],
        }),
      )
    ).json().event;
    expect(chinaDate(d.dueAt)).toBeTruthy();
    await centre.post(`/api/grid/events/${d.id}/accept`, {});
    const accepted = (await centre.get(`/api/grid/events/${d.id}`)).json();
    // disputes: 30 calendar days from acceptance
    expect(Math.round((accepted.dueAt - ctx.clock.now()) / 86_400_000)).toBeGreaterThanOrEqual(29);
    await centre.post(`/api/grid/events/${d.id}/dispatch`, { handlerUnitId: village1 });
    const m = (step: string, extra: Record<string, unknown> = {}) =>
      secretary01.post(`/api/grid/events/${d.id}/mediation`, { step, ...extra });
    expect((await m('archive')).statusCode).toBe(409);
    expect((await m('start')).statusCode).toBe(400);
    expect((await m('start', { mediatorName: '村调委会王主任' })).json().status).toBe('in_handling');
    await m('session', { note: '第一次调解' });
    await m('session', { note: '第二次调解' });
    expect((await m('agreement', { agreement: '兄弟二人轮流赡养，每月各出 500 元' })).statusCode).toBe(200);
    await secretary01.post(`/api/grid/events/${d.id}/reply`, { reason: '达成协议' });
    await centre.post(`/api/grid/events/${d.id}/verify`, {});
    expect((await centre.post(`/api/grid/events/${d.id}/close`, {})).statusCode).toBe(409);
    await m('follow_up', { note: '回访已履行' });
    const archived = (await m('archive')).json();
    expect(archived.mediation).toMatchObject({
      status: 'archived',
      sessions: 2,
      mediatorName: '村调委会王主任',
    });
    expect((await centre.post(`/api/grid/events/${d.id}/close`, {})).statusCode).toBe(200);
    const ledger = (
      await centre.get(`/api/grid/disputes?from=${chinaDate(ctx.clock.now())}&pageSize=500`)
    ).json();
    expect(ledger.items.find((r: { id: number }) => r.id === d.id)).toMatchObject({
      outcome: 'resolved',
      status: 'closed',
    });
    // an ordinary event has no mediation
    const e = (await grid001.post('/api/grid/events', report())).json().event;
    expect(
      (await secretary01.post(`/api/grid/events/${e.id}/mediation`, { step: 'start', mediatorName: 'x' }))
        .statusCode,
    ).toBe(409);
  });

  it('三零 follows from the records and can be overridden with a reason', async () => {
    const list = (await centre.get('/api/grid/three-zero?year=2023')).json();
    expect(list).toHaveLength(55);
    const broken = list.filter((v: { achieved: boolean }) => !v.achieved);
    expect(broken.length).toBe(6);
    const one = broken[0];
    expect(one.petitions + one.accidents + one.cases).toBeGreaterThan(0);
    const direct = await threeZeroStatus(ctx.database.db, one.unitId, 2023);
    expect(direct.achieved).toBe(false);
    const township = await login(ctx.app, 'township');
    const res = await township.post('/api/grid/three-zero', {
      unitId: one.unitId,
      year: 2023,
      achieved: true,
      reason: '经核查系外村人员在本村发生',
    });
    expect(res.json()).toMatchObject({ achieved: true, derived: false, overridden: true });
    expect((await threeZeroStatus(ctx.database.db, one.unitId, 2023)).achieved).toBe(true);
    expect(
      (
        await secretary01.post('/api/grid/three-zero', {
          unitId: one.unitId,
          year: 2023,
          achieved: true,
          reason: 'x',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('the risk ledger: create, review dates, scope', async () => {
    const created = await secretary01.post('/api/grid/risks', {
      unitId: village1,
      category: 'safety_hazard',
      level: 'high',
      title: '坑塘防溺水',
      ownerName: '王五',
      reviewDate: '2026-12-01',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await secretary02.patch(`/api/grid/risks/${id}`, { level: 'low' })).statusCode).toBe(404);
    expect((await secretary01.patch(`/api/grid/risks/${id}`, { status: 'controlled' })).json().status).toBe(
      'controlled',
    );
    expect(
      (
        await secretary01.post('/api/grid/risks', {
          unitId: village2,
          category: 'other',
          level: 'low',
          title: 'x',
          ownerName: 'y',
          reviewDate: '2026-12-01',
        })
      ).statusCode,
    ).toBe(400);
    const ledger = (await centre.get('/api/grid/risks?level=high')).json();
    expect(ledger.items.every((r: { level: string }) => r.level === 'high')).toBe(true);
  });

  it('campaign cases carry sub-categories; the calendar and time limits are editable', async () => {
    const campaigns = (await centre.get('/api/grid/campaigns')).json();
    const murder = campaigns.find((c: { name: string }) => c.name === '命案防范百日行动');
    expect(murder.cases).toBe(425);
    const bad = await centre.post(`/api/grid/campaigns/${murder.id}/cases`, {
      unitId: village1,
      subCategory: '不存在',
      title: 'x',
      occurredOn: '2023-05-01',
    });
    expect(bad.statusCode).toBe(400);
    const township = await login(ctx.app, 'township');
    const cal = await township.post('/api/calendar', {
      date: '2027-02-13',
      kind: 'workday',
      name: '春节调休',
    });
    expect(cal.json().find((d: { date: string }) => d.date === '2027-02-13')).toMatchObject({
      kind: 'workday',
      provisional: false,
    });
    const limits = await centre.post('/api/grid/time-limits', {
      class: 'event',
      typeCode: 'security',
      stage: 'handle',
      days: 3,
    });
    expect(limits.json()).toContainEqual({
      class: 'event',
      typeCode: 'security',
      stage: 'handle',
      days: 3,
      calendarDays: false,
    });
    const types = (await centre.get('/api/grid/types')).json();
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
      expect(types.map((t: { code: string }) => t.code)).toContain(code);
  });

  it('the type dictionary: add a type and a sub-type, rename, deactivate with its sub-types, reactivate; audited', async () => {
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
    expect((await grid001.patch(`/api/grid/types/${parent.id}`, { nameZh: 'x' })).statusCode).toBe(403);

    const renamed = await centre.patch(`/api/grid/types/${sub.json().id}`, { nameZh: '农田灌溉用水' });
    expect(renamed.json()).toMatchObject({ nameZh: '农田灌溉用水', active: true });
    // the sub-type takes reports
    const filed = await grid001.post(
      '/api/grid/events',
      report({ class: 'dispute', typeCode: 'dispute.e2e_water.irrigation' }),
    );
    expect(filed.statusCode).toBe(201);

    // deactivating the type takes its sub-type with it; nothing is deleted, the report keeps its type
    const off = await centre.patch(`/api/grid/types/${parent.id}`, { active: false });
    expect(off.json().active).toBe(false);
    const types = (await centre.get('/api/grid/types')).json() as { code: string; active: boolean }[];
    expect(types.find((t) => t.code === 'dispute.e2e_water.irrigation')?.active).toBe(false);
    const refused = await grid001.post(
      '/api/grid/events',
      report({ class: 'dispute', typeCode: 'dispute.e2e_water.irrigation' }),
    );
    expect(refused.statusCode).toBe(400);
    expect((await centre.get(`/api/grid/events/${filed.json().event.id}`)).json().typeCode).toBe(
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

    const audit = await ctx.database.db
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

  it('campaigns: create, edit the period and sub-categories (one in use stays), tally by sub-category, scope', async () => {
    const created = await centre.post('/api/grid/campaigns', {
      code: 'six-six-test',
      name: '六防六促（测试）',
      startDate: '2023-03-01',
      endDate: '2023-05-31',
      subCategories: ['防火', '防盗'],
    });
    expect(created.statusCode).toBe(201);
    const campaign = created.json();
    expect(campaign).toMatchObject({ cases: 0, bySubCategory: { 防火: 0, 防盗: 0 } });
    await centre.post(`/api/grid/campaigns/${campaign.id}/cases`, {
      unitId: village1,
      subCategory: '防火',
      title: '秸秆焚烧',
      occurredOn: '2023-03-05',
    });
    await centre.post(`/api/grid/campaigns/${campaign.id}/cases`, {
      unitId: village2,
      subCategory: '防火',
      title: '电动车飞线充电',
      occurredOn: '2023-03-06',
    });

    const edited = await centre.patch(`/api/grid/campaigns/${campaign.id}`, {
      name: '六防六促',
      endDate: '2023-06-30',
      subCategories: ['防火', '防汛'],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      name: '六防六促',
      startDate: '2023-03-01',
      endDate: '2023-06-30',
      subCategories: ['防火', '防汛'],
      cases: 2,
      bySubCategory: { 防火: 2, 防汛: 0 },
    });
    // a sub-category with cases filed under it cannot be dropped; a bad period is a 400; nothing changed
    const inUse = await centre.patch(`/api/grid/campaigns/${campaign.id}`, { subCategories: ['防汛'] });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.fields[0].path).toBe('subCategories');
    const badPeriod = await centre.patch(`/api/grid/campaigns/${campaign.id}`, { startDate: '2023-07-01' });
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json().error.fields[0].path).toBe('startDate');
    expect((await centre.patch(`/api/grid/campaigns/${campaign.id}`, { subCategories: [] })).statusCode).toBe(
      400,
    );
    // the tally is the caller's scope: secretary01 sees its own village's one case
    const mine = (await secretary01.get('/api/grid/campaigns')).json();
    expect(mine.find((c: { id: number }) => c.id === campaign.id).bySubCategory).toEqual({
      防火: 1,
      防汛: 0,
    });
    expect((await secretary01.patch(`/api/grid/campaigns/${campaign.id}`, { name: 'x' })).statusCode).toBe(
      403,
    );
    expect((await centre.patch('/api/grid/campaigns/999999', { name: 'x' })).statusCode).toBe(404);

    // a campaign run by the county is outside the township's scope: 404, like a missing one
    const county = await ctx.database.db
      .selectFrom('org_units')
      .select('id')
      .where('level', '=', 'county')
      .executeTakeFirstOrThrow();
    const countyCampaign = await ctx.database.db
      .insertInto('grid_campaigns')
      .values({
        code: 'county-night',
        name: '夜间巡逻（县）',
        org_unit_id: county.id,
        start_date: '2023-01-01',
        end_date: '2023-12-31',
        sub_categories: JSON.stringify(['巡逻']),
        created_at: ctx.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await centre.patch(`/api/grid/campaigns/${countyCampaign.id}`, { name: 'x' })).statusCode).toBe(
      404,
    );

    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'old_value', 'new_value'])
      .where('object_type', '=', 'grid_campaign')
      .where('object_id', '=', String(campaign.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['grid.campaign.create', 'grid.campaign.update']);
    expect(JSON.parse(audit[1]!.old_value!).subCategories).toEqual(['防火', '防盗']);
    expect(JSON.parse(audit[1]!.new_value!).subCategories).toEqual(['防火', '防汛']);
  });

  it('the county’s pre-aggregated counts agree with the rows after every kind of write, and after a rebuild', async () => {
    expect(splitRange('2023-01-01', '2023-08-06')).toEqual({
      months: ['2023-01', '2023-07'],
      days: [['2023-08-01', '2023-08-06']],
    });
    expect(splitRange('2023-01-15', '2023-01-20')).toEqual({
      months: null,
      days: [['2023-01-15', '2023-01-20']],
    });
    expect(splitRange('2023-01-15', '2023-03-31')).toEqual({
      months: ['2023-02', '2023-03'],
      days: [['2023-01-15', '2023-01-31']],
    });
    const county = await login(ctx.app, 'county');
    const today = chinaDate(ctx.clock.now());
    const ranges = [
      ['2023-01-01', '2023-08-06'],
      ['2023-02-10', '2023-05-20'],
      ['2026-01-01', today],
      [today, today],
      ['2024-02-01', '2024-02-29'],
    ];
    const check = async () => {
      for (const [from, to] of ranges) {
        const direct = (await centre.get(`/api/grid/summary?from=${from}&to=${to}`)).json();
        const rolled = (await county.get(`/api/grid/summary?from=${from}&to=${to}`)).json();
        expect(rolled, `${from}..${to}`).toEqual(direct);
      }
    };
    await check();
    await rebuildCounts(ctx.database.db, ctx.database.dialect);
    await check();
  });

  it('the grid map: one feature per village in scope with its figures', async () => {
    const map = (await centre.get('/api/grid/map?year=2023')).json();
    expect(map.type).toBe('FeatureCollection');
    expect(map.features).toHaveLength(55);
    const total = map.features.reduce(
      (s: number, f: { properties: { total: number } }) => s + f.properties.total,
      0,
    );
    expect(total).toBeGreaterThanOrEqual(3875);
    expect(map.features.every((f: { properties: { grids: number } }) => f.properties.grids === 3)).toBe(true);
    const own = (await secretary01.get('/api/grid/map')).json();
    expect(own.features.map((f: { properties: { unitId: number } }) => f.properties.unitId)).toEqual([
      village1,
    ]);
  });
});
