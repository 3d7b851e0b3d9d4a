import { chinaDate } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import { gridTownship, report } from './grid.builders.ts';

/** 人民调解 of a dispute: its steps in order, before the dispute may close; the ledger shows the outcome. */
describe('dispute mediation', () => {
  let w: World;
  afterEach(async () => w.close());

  it('a dispute is mediated (mediator, sessions, agreement, follow-up, archive) before it can close', async () => {
    w = await createWorld(); // Monday 2026-11-02, 09:00 in China
    const t = await gridTownship(w);
    const id = await report(t.worker, t.village, {
      class: 'dispute',
      typeCode: 'dispute.elder_support',
      parties: [{ name: '李四' }, { name: '李五' }],
    });
    const d = (await t.worker.get(`/api/grid/events/${id}`)).json();
    // a dispute is accepted within one working day
    expect(chinaDate(d.dueAt)).toBe('2026-11-03');
    expect(d.mediation).toMatchObject({ status: 'none', sessions: 0, mediatorName: null });
    await t.centre.post(`/api/grid/events/${id}/accept`, {});
    const accepted = (await t.centre.get(`/api/grid/events/${id}`)).json();
    // disputes: 30 calendar days from acceptance
    expect(Math.round((accepted.dueAt - w.clock.now()) / 86_400_000)).toBeGreaterThanOrEqual(29);
    expect(chinaDate(accepted.dueAt)).toBe('2026-12-02');
    await t.centre.post(`/api/grid/events/${id}/dispatch`, { handlerUnitId: t.village.id });
    const m = (step: string, extra: Record<string, unknown> = {}) =>
      t.secretary.post(`/api/grid/events/${id}/mediation`, { step, ...extra });
    expect((await m('archive')).statusCode).toBe(409);
    expect((await m('start')).statusCode).toBe(400);
    expect((await m('start', { mediatorName: '村调委会王主任' })).json().status).toBe('in_handling');
    await m('session', { note: '第一次调解' });
    await m('session', { note: '第二次调解' });
    expect((await m('agreement', { agreement: '兄弟二人轮流赡养，每月各出 500 元' })).statusCode).toBe(200);
    expect((await m('referral', { referredTo: '司法所' })).statusCode).toBe(409); // agreed: no referral any more
    await t.secretary.post(`/api/grid/events/${id}/reply`, { reason: '达成协议' });
    await t.centre.post(`/api/grid/events/${id}/verify`, {});
    expect((await t.centre.post(`/api/grid/events/${id}/close`, {})).statusCode).toBe(409);
    await m('follow_up', { note: '回访已履行' });
    const archived = (await m('archive')).json();
    expect(archived.mediation).toMatchObject({
      status: 'archived',
      sessions: 2,
      mediatorName: '村调委会王主任',
      agreement: '兄弟二人轮流赡养，每月各出 500 元',
    });
    expect(archived.log.map((l: { action: string }) => l.action)).toEqual([
      'report',
      'accept',
      'dispatch',
      'mediation.start',
      'mediation.session',
      'mediation.session',
      'mediation.agreement',
      'reply',
      'verify',
      'mediation.follow_up',
      'mediation.archive',
    ]);
    expect((await t.centre.post(`/api/grid/events/${id}/close`, {})).statusCode).toBe(200);
    const ledger = (
      await t.centre.get(`/api/grid/disputes?from=${chinaDate(w.clock.now())}&pageSize=500`)
    ).json();
    expect(ledger.items).toEqual([
      expect.objectContaining({
        id,
        outcome: 'resolved',
        status: 'closed',
        sessions: 2,
        parties: '李四、李五',
      }),
    ]);
  });

  it('only an accepted, open dispute is mediated; a referral is an outcome of its own', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    // an ordinary event has no mediation
    const e = await report(t.worker, t.village);
    const mediate = (id: number, body: object) => t.secretary.post(`/api/grid/events/${id}/mediation`, body);
    expect((await mediate(e, { step: 'start', mediatorName: 'x' })).json().error.message).toBe(
      '只有矛盾纠纷需要调解',
    );
    // a dispute only once the centre has accepted it
    const d = await report(t.worker, t.village, { class: 'dispute', typeCode: 'dispute.neighbour' });
    expect((await mediate(d, { step: 'start', mediatorName: '调解员' })).statusCode).toBe(409);
    await t.centre.post(`/api/grid/events/${d}/accept`, {});
    expect((await mediate(d, { step: 'start', mediatorName: '调解员' })).json().status).toBe('accepted');
    expect((await mediate(d, { step: 'referral' })).json().error.fields[0].path).toBe('referredTo');
    expect((await mediate(d, { step: 'referral', referredTo: '县法院' })).json().mediation).toMatchObject({
      status: 'referred',
      referredTo: '县法院',
    });
    const ledger = (await t.centre.get('/api/grid/disputes')).json();
    expect(ledger.items.map((r: { id: number; outcome: string }) => [r.id, r.outcome])).toEqual([
      [d, 'referred'],
    ]);
  });
});
