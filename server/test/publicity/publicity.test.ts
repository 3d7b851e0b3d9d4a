import type { PublicityNotice } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnv, settingsFromEnv } from '../../src/config/env.ts';
import { publicityWorld, type PublicityWorld } from './publicity.builders.ts';

const DAY = 86_400_000;
/** The test clock starts on Monday 2026-11-02, 09:00 in China. */
const MONDAY = '2026-11-02';

let w: PublicityWorld;
afterEach(async () => w?.close());

const anon = (method: 'GET' | 'POST', url: string, payload?: object, remoteAddress = '10.1.1.1') =>
  w.app.inject({ method, url, ...(payload ? { payload } : {}), remoteAddress });

async function auditRows(action: string) {
  return w.database.db
    .selectFrom('audit_log')
    .select(['action', 'object_id', 'actor_name', 'new_value'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

describe('publishing a notice through the service', () => {
  it('counts its window in working days across a weekend, and the default comes from the setting', async () => {
    w = await publicityWorld();
    const first = await w.publish();
    // Monday: the day of posting does not count; Tue–Fri are 4, the weekend is skipped, Monday the 9th is the 5th.
    expect(first.endsOn).toBe('2026-11-09');
    const s = await w.publicity.state(w.database.db, first.id);
    expect(s).toMatchObject({
      id: first.id,
      status: 'open',
      startsOn: MONDAY,
      endsOn: '2026-11-09',
      openObjections: 0,
      objections: 0,
      upheldRefs: [],
    });
    await w.close();

    expect(settingsFromEnv(loadEnv({})).publicityWorkingDays).toBe(5);
    expect(settingsFromEnv(loadEnv({ FIVESTAR_PUBLICITY_WORKING_DAYS: '3' })).publicityWorkingDays).toBe(3);
    expect(() => loadEnv({ FIVESTAR_PUBLICITY_WORKING_DAYS: '0' })).toThrow(
      /FIVESTAR_PUBLICITY_WORKING_DAYS/,
    );
    w = await publicityWorld({ settings: { publicityWorkingDays: 3 } });
    expect((await w.publish()).endsOn).toBe('2026-11-05');
    expect((await w.publish({ workingDays: 7 })).endsOn).toBe('2026-11-11');
  });

  it('skips statutory holidays and counts 调休 working days, and follows a day the township marks off', async () => {
    w = await publicityWorld();
    // From 30 September: 1–7 October are off, 8, 9, 10 (a Saturday worked), 12 and 13 are the five working days.
    const national = await w.publish({ startsOn: '2026-09-30' });
    expect(national.endsOn).toBe('2026-10-13');
    expect((await w.publicity.state(w.database.db, national.id)).status).toBe('ended');

    const officer = await w.login(w.officer);
    const set = await officer.post('/api/calendar', {
      date: '2026-11-04',
      kind: 'holiday',
      name: '临时休假',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect((await w.publish()).endsOn).toBe('2026-11-10');
  });

  it('is audited, and refuses a unit outside the actor’s scope, repeated items, a future start and bad fields', async () => {
    w = await publicityWorld();
    const { id } = await w.publish({}, w.officer);
    const rows = await auditRows('publicity.publish');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ object_id: String(id), actor_name: w.officer.username });
    expect(JSON.parse(rows[0]!.new_value!)).toMatchObject({
      source: 'contests',
      sourceId: 1,
      workingDays: 5,
      endsOn: '2026-11-09',
    });

    const fieldsOf = async (p: Promise<unknown>) => {
      const err = (await p.then(
        () => null,
        (e: unknown) => e,
      )) as { statusCode: number; fields: { path: string; message: string }[] } | null;
      expect(err?.statusCode).toBe(400);
      return err!.fields.map((f) => f.path);
    };
    expect(await fieldsOf(w.publish({ unitId: w.other.id }))).toEqual(['unitId']);
    expect(
      await fieldsOf(
        w.publish({
          items: [
            { ref: 'a', label: '甲村' },
            { ref: 'a', label: '乙村' },
          ],
        }),
      ),
    ).toEqual(['items.1.ref']);
    expect(await fieldsOf(w.publish({ startsOn: '2026-11-03' }))).toEqual(['startsOn']);
    expect(await fieldsOf(w.publish({ items: [], title: ' ' }))).toEqual(
      expect.arrayContaining(['items', 'title']),
    );
    expect(await fieldsOf(w.publish({ source: 'Bad Source!' }))).toEqual(['source']);
    // Nothing of the refused ones was written.
    expect(await auditRows('publicity.publish')).toHaveLength(1);
    expect((await anon('GET', '/api/publicity/notices')).json().total).toBe(1);
  });

  it('lists the notices of a source record newest first', async () => {
    w = await publicityWorld();
    const a = await w.publish({ sourceId: 7 });
    await w.publish({ sourceId: 8 });
    const c = await w.publish({ sourceId: 7, title: '更正后的公示' });
    await w.publish({ source: 'partylife', sourceId: 7 });
    const notices = await w.publicity.bySource(w.database.db, 'contests', 7);
    expect(notices.map((n) => [n.id, n.title])).toEqual([
      [c.id, '更正后的公示'],
      [a.id, '2026年第四季度观摩评比结果公示'],
    ]);
  });
});

describe('the public notice', () => {
  it('is listed and shown without signing in, paged and by source, with items and its window', async () => {
    w = await publicityWorld();
    const a = await w.publish();
    const b = await w.publish({
      source: 'partylife',
      title: '党员积分公示',
      items: [{ ref: 'member:5', label: '张三' }],
    });
    const all = (await anon('GET', '/api/publicity/notices?pageSize=1')).json();
    expect(all.total).toBe(2);
    expect(all.items.map((n: { id: number }) => n.id)).toEqual([b.id]);
    const contests = (await anon('GET', '/api/publicity/notices?source=contests')).json();
    expect(contests.items).toEqual([
      expect.objectContaining({
        id: a.id,
        unitName: w.home.township.name,
        status: 'open',
        items: 2,
        objections: 0,
      }),
    ]);
    const one: PublicityNotice = (await anon('GET', `/api/publicity/notices/${a.id}`)).json();
    expect(one).toMatchObject({ startsOn: MONDAY, endsOn: '2026-11-09', workingDays: 5, status: 'open' });
    expect(one.itemList).toEqual([
      { ref: `unit:${w.home.id}`, label: w.home.name, detail: '第一名' },
      { ref: 'unit:999', label: '南坡村', detail: '第二名' },
    ]);
    expect((await anon('GET', '/api/publicity/notices/99999')).statusCode).toBe(404);
    const bad = await anon('GET', '/api/publicity/notices?status=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('status');
  });

  it('takes objections only while open, names bad fields, and is rate-limited per address', async () => {
    w = await publicityWorld();
    const { id } = await w.publish();
    const ok = await anon('POST', `/api/publicity/notices/${id}/objections`, {
      itemRef: `unit:${w.home.id}`,
      reason: '该村评分材料与实际不符',
      contact: '13812345678',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ endsOn: '2026-11-09' });

    const unknown = await anon('POST', `/api/publicity/notices/${id}/objections`, {
      itemRef: 'unit:404',
      reason: '对不存在的条目有异议',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['itemRef']);
    const short = await anon('POST', `/api/publicity/notices/${id}/objections`, { reason: '短' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['reason']);
    expect(
      (await anon('POST', '/api/publicity/notices/99999/objections', { reason: '没有这个公示' })).statusCode,
    ).toBe(404);

    // Five an hour from one address (the unknown item and the missing notice count; a body its schema refuses does
    // not); another address is not held back.
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        (await anon('POST', `/api/publicity/notices/${id}/objections`, { reason: `第${i}条整体异议内容` }))
          .statusCode,
      );
    expect(codes).toEqual([201, 201, 429]);
    expect(
      (
        await anon(
          'POST',
          `/api/publicity/notices/${id}/objections`,
          { reason: '另一位群众的异议' },
          '10.2.2.2',
        )
      ).statusCode,
    ).toBe(201);

    // Through the whole of the last day, then closed.
    w.clock.advance(7 * DAY + 14 * 3_600_000); // Monday 9th, 23:00 in China
    expect(
      (
        await anon(
          'POST',
          `/api/publicity/notices/${id}/objections`,
          { reason: '最后一天晚上的异议' },
          '10.3.3.3',
        )
      ).statusCode,
    ).toBe(201);
    w.clock.advance(3_600_000); // Tuesday 10th, 00:00
    const late = await anon(
      'POST',
      `/api/publicity/notices/${id}/objections`,
      { reason: '公示期结束后的异议' },
      '10.4.4.4',
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().error.fields[0].path).toBe('id');
    const view: PublicityNotice = (await anon('GET', `/api/publicity/notices/${id}`)).json();
    expect(view.status).toBe('ended');
    expect(view.objections).toBe(5);
    expect((await auditRows('publicity.objection_create')).map((r) => r.actor_name)).toEqual(
      Array(5).fill('public'),
    );
  });

  it('shows what was decided and the reply, never the objector’s reason or contact', async () => {
    w = await publicityWorld();
    const { id } = await w.publish();
    await anon('POST', `/api/publicity/notices/${id}/objections`, {
      itemRef: 'unit:999',
      reason: '南坡村的名次有水分',
      contact: '13812345678',
    });
    const officer = await w.login(w.officer);
    const [o] = (await officer.get('/api/publicity/objections')).json().items;
    await officer.post(`/api/publicity/objections/${o.id}/resolve`, {
      outcome: 'dismissed',
      reply: '经核实，名次无误',
    });
    const res = await anon('GET', `/api/publicity/notices/${id}`);
    expect(res.body).not.toContain('13812345678');
    expect(res.body).not.toContain('水分');
    expect(res.json().objectionList).toEqual([
      expect.objectContaining({
        itemRef: 'unit:999',
        itemLabel: '南坡村',
        status: 'dismissed',
        reply: '经核实，名次无误',
      }),
    ]);
  });
});

describe('handling objections', () => {
  /** A notice with one objection to the first item and one to the whole notice. */
  async function twoObjections() {
    const notice = await w.publish();
    await anon('POST', `/api/publicity/notices/${notice.id}/objections`, {
      itemRef: `unit:${w.home.id}`,
      reason: '东岭村的得分有误，请复核',
      contact: '13812345678',
    });
    await anon('POST', `/api/publicity/notices/${notice.id}/objections`, {
      reason: '评比过程不公开，请说明',
      contact: 'zhang@example.cn',
    });
    return notice;
  }

  it('resolves on the record; state and canConclude follow the window and the open objections', async () => {
    w = await publicityWorld();
    const notice = await twoObjections();
    const db = w.database.db;
    const officer = await w.login(w.officer);
    const list = (await officer.get('/api/publicity/objections?status=open')).json();
    expect(list.total).toBe(2);
    const [whole, item] = list.items as { id: number; itemRef: string | null }[];
    expect([whole!.itemRef, item!.itemRef]).toEqual([null, `unit:${w.home.id}`]);
    expect(await w.publicity.state(db, notice.id)).toMatchObject({ openObjections: 2, objections: 2 });

    const upheld = await officer.post(`/api/publicity/objections/${item!.id}/resolve`, {
      outcome: 'upheld',
      reply: '经复核，得分有误，予以更正',
    });
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(upheld.json()).toMatchObject({ status: 'upheld', reply: '经复核，得分有误，予以更正' });
    expect(upheld.json().resolvedBy).toBe(w.officer.username);
    const again = await officer.post(`/api/publicity/objections/${item!.id}/resolve`, {
      outcome: 'dismissed',
      reply: '再次处理',
    });
    expect(again.statusCode).toBe(409);
    const noReply = await officer.post(`/api/publicity/objections/${whole!.id}/resolve`, {
      outcome: 'dismissed',
    });
    expect(noReply.statusCode).toBe(400);
    expect(noReply.json().error.fields[0].path).toBe('reply');

    expect(await w.publicity.state(db, notice.id)).toMatchObject({
      openObjections: 1,
      upheldRefs: [`unit:${w.home.id}`],
      upheldWhole: false,
    });
    expect(await w.publicity.canConclude(db, notice.id)).toBe(false);
    // The window ends with an objection still open: not yet.
    w.clock.advance(8 * DAY);
    expect((await w.publicity.state(db, notice.id)).status).toBe('ended');
    expect(await w.publicity.canConclude(db, notice.id)).toBe(false);
    // Objections may still be answered after the window (a new session: the old one has idled out).
    const later = await w.login(w.officer);
    const last = await later.post(`/api/publicity/objections/${whole!.id}/resolve`, {
      outcome: 'dismissed',
      reply: '过程已公开',
    });
    expect(last.statusCode, last.body).toBe(200);
    expect(await w.publicity.canConclude(db, notice.id)).toBe(true);
    expect((await later.get('/api/publicity/objections?status=resolved')).json().total).toBe(2);
    expect((await later.get('/api/publicity/objections?status=open')).json().total).toBe(0);

    const audits = await auditRows('publicity.objection_resolve');
    expect(audits.map((r) => [r.object_id, r.actor_name])).toEqual([
      [String(item!.id), w.officer.username],
      [String(whole!.id), w.officer.username],
    ]);
    expect(JSON.parse(audits[0]!.new_value!)).toMatchObject({
      status: 'upheld',
      itemRef: `unit:${w.home.id}`,
    });
  });

  it('is closed to another township (404, nothing listed) and to roles without the permission (403)', async () => {
    w = await publicityWorld();
    await twoObjections();
    const officer = await w.login(w.officer);
    const [o] = (await officer.get('/api/publicity/objections')).json().items;
    const stranger = await w.login(w.stranger);
    expect((await stranger.get('/api/publicity/objections')).json().total).toBe(0);
    const res = await stranger.post(`/api/publicity/objections/${o.id}/resolve`, {
      outcome: 'upheld',
      reply: '越权',
    });
    expect(res.statusCode).toBe(404);
    const secretary = await w.login(await w.user({ role: 'village_secretary', unit: w.home }));
    expect((await secretary.get('/api/publicity/objections')).statusCode).toBe(403);
    expect(
      (
        await secretary.post(`/api/publicity/objections/${o.id}/resolve`, {
          outcome: 'upheld',
          reply: '越权',
        })
      ).statusCode,
    ).toBe(403);
    // The county above sees its townships' objections.
    const county = await w.login(await w.user({ role: 'county_admin', unit: await w.county() }));
    expect((await county.get('/api/publicity/objections')).json().total).toBe(2);
    expect((await auditRows('publicity.objection_resolve')).length).toBe(0);
  });

  it('masks the contact; only an officer who also holds pii:view sees it, with a reason, audited', async () => {
    w = await publicityWorld();
    await twoObjections();
    const officer = await w.login(w.officer);
    const items = (await officer.get('/api/publicity/objections')).json().items as {
      id: number;
      contact: string;
    }[];
    expect(items.map((o) => o.contact)).toEqual(['z******n', '138****5678']);
    const raw = await w.database.db.selectFrom('publicity_objections').select('contact_enc').execute();
    expect(raw.map((r) => r.contact_enc).join()).not.toContain('13812345678');
    // The township officer holds no pii:view.
    expect(
      (await officer.post(`/api/publicity/objections/${items[1]!.id}/contact`, { reason: '回访' }))
        .statusCode,
    ).toBe(403);
    // A role with both (roles are data): the contact in full, one audit row with the reason.
    await w.database.db
      .insertInto('roles')
      .values({
        code: 'publicity_officer',
        name_zh: '公示专员',
        name_en: 'Notice officer',
        permissions: JSON.stringify(['org:read', 'pii:view', 'publicity:handle']),
        builtin: 0,
      })
      .execute();
    const special = await w.user({ role: 'township_admin', unit: w.home.township });
    await w.database.db
      .updateTable('users')
      .set({ role_code: 'publicity_officer' })
      .where('id', '=', special.id)
      .execute();
    const s = await w.login(special);
    const noReason = await s.post(`/api/publicity/objections/${items[1]!.id}/contact`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].path).toBe('reason');
    const shown = await s.post(`/api/publicity/objections/${items[1]!.id}/contact`, {
      reason: '电话回访异议人',
    });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toEqual({ contact: '13812345678' });
    const audits = await auditRows('publicity.contact_reveal');
    expect(audits.map((r) => [r.object_id, r.actor_name, JSON.parse(r.new_value!).reason])).toEqual([
      [String(items[1]!.id), special.username, '电话回访异议人'],
    ]);
    // Even so, only within scope; and a pii:view holder who does not handle objections is refused.
    const otherSpecial = await w.user({ role: 'township_admin', unit: w.other });
    await w.database.db
      .updateTable('users')
      .set({ role_code: 'publicity_officer' })
      .where('id', '=', otherSpecial.id)
      .execute();
    expect(
      (
        await (
          await w.login(otherSpecial)
        ).post(`/api/publicity/objections/${items[1]!.id}/contact`, { reason: '越权查看' })
      ).statusCode,
    ).toBe(404);
    const centre = await w.login(await w.user({ role: 'grid_centre', unit: w.home.township }));
    expect(
      (await centre.post(`/api/publicity/objections/${items[1]!.id}/contact`, { reason: '越权查看' }))
        .statusCode,
    ).toBe(403);
  });

  it('tells the publishing unit’s officers, without the reason or contact, and counts on their workbench', async () => {
    w = await publicityWorld();
    const notice = await w.publish({ unitId: w.home.id });
    const secretary = await w.login(await w.user({ role: 'village_secretary', unit: w.home }));
    await anon('POST', `/api/publicity/notices/${notice.id}/objections`, {
      itemRef: 'unit:999',
      reason: '南坡村的名次有水分',
      contact: '13812345678',
    });
    // A village's notice: the nearest unit with someone who handles objections is the township.
    const officer = await w.login(w.officer);
    const inbox = (await officer.get('/api/notifications')).json();
    expect(inbox.items).toEqual([
      expect.objectContaining({ kind: 'publicity.objection', path: '/publicity/objections' }),
    ]);
    expect(JSON.stringify(inbox.items)).not.toMatch(/13812345678|水分/);
    expect((await secretary.get('/api/notifications')).json().total).toBe(0);
    expect((await (await w.login(w.stranger)).get('/api/notifications')).json().total).toBe(0);
    const bench = (await officer.get('/api/workbench')).json();
    expect(bench.groups).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'publicity.objections', count: 1 })]),
    );
  });

  it('lets a module lodge an objection inside its own transaction (demo seeders); a rollback leaves nothing', async () => {
    w = await publicityWorld();
    const { id } = await w.publish();
    const db = w.database.db;
    await db
      .transaction()
      .execute(async (trx) => {
        await w.publicity.lodge(trx, id, { itemRef: 'unit:999', reason: '演示用的一条异议' }, 'seed');
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect((await w.publicity.state(db, id)).objections).toBe(0);
    await db
      .transaction()
      .execute((trx) => w.publicity.lodge(trx, id, { reason: '演示用的整体异议' }, 'seed'));
    expect(await w.publicity.state(db, id)).toMatchObject({ objections: 1, openObjections: 1 });
    expect(await auditRows('publicity.objection_create')).toHaveLength(1);
  });
});
