import { chinaDate, chinaStartOfDay } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import { gridTownship, JPEG_1PX, report, reportBody, seedEvent } from './grid.builders.ts';

/** A report's workflow: the state machine's actions, their checks, the stage clock, 督办 and reminders. */
describe('the grid workflow', () => {
  let w: World;
  afterEach(async () => w.close());

  it('a report goes from a grid worker’s phone to closure, every step logged and audited', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const today = chinaDate(w.clock.now());
    const summary = async () => (await t.centre.get(`/api/grid/summary?from=${today}&to=${today}`)).json();

    const photo = await t.worker.post('/api/grid/attachments', { contentType: 'image/jpeg', data: JPEG_1PX });
    expect(photo.statusCode).toBe(201);
    const created = await t.worker.request(
      'POST',
      '/api/grid/events',
      reportBody(t.village, { photoIds: [photo.json().id] }),
      { 'idempotency-key': 'phone-0001-abcdef' },
    );
    expect(created.statusCode).toBe(201);
    const event = created.json().event;
    expect(event).toMatchObject({
      status: 'reported',
      photoIds: [photo.json().id],
      gridId: t.workerUser.gridId, // the worker's own grid
    });
    const id = event.id;
    const before = await summary();
    expect(before.total).toBe(1);

    expect((await t.centre.post(`/api/grid/events/${id}/accept`, {})).statusCode).toBe(200);
    const dispatched = await t.centre.post(`/api/grid/events/${id}/dispatch`, {
      handlerUnitId: t.village.id,
    });
    expect(dispatched.statusCode).toBe(200);
    expect(dispatched.json().handlerUnitName).toBe(t.village.name);
    expect((await t.secretary.post(`/api/grid/events/${id}/start`, {})).statusCode).toBe(200);
    const replyPhoto = await t.secretary.post('/api/grid/attachments', {
      contentType: 'image/jpeg',
      data: JPEG_1PX,
    });
    const replied = await t.secretary.post(`/api/grid/events/${id}/reply`, {
      reason: '已组织维修，桥面恢复通行',
      attachmentIds: [replyPhoto.json().id],
    });
    expect(replied.statusCode).toBe(200);
    expect((await t.centre.post(`/api/grid/events/${id}/verify`, {})).statusCode).toBe(200);
    const closed = await t.centre.post(`/api/grid/events/${id}/close`, {});
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
    // the report's own photo stays the report's; the reply's photo sits on its log entry
    expect(detail.photoIds).toEqual([photo.json().id]);
    const audited = await w.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'grid_event')
      .where('object_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(
      detail.log.map((l: { action: string }) => `grid.event.${l.action}`),
    );

    // closing changes no count of reports; it closes one on time
    const after = await summary();
    expect(after.total).toBe(before.total);
    expect(after.byType).toEqual({ 'public_service.road': 1 });
    expect(after.onTimeRate).toBe(1);
    // the photo is served to someone in scope, not to another village
    const served = await t.secretary.get(`/api/grid/attachments/${photo.json().id}`);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['cache-control']).toBe('no-store');
    expect((await t.otherSecretary.get(`/api/grid/attachments/${photo.json().id}`)).statusCode).toBe(404);
  });

  it('forbidden transitions answer 409 and change nothing; a missing reason is a 400', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const id = await report(t.worker, t.village);
    expect((await t.centre.post(`/api/grid/events/${id}/close`, {})).statusCode).toBe(409);
    expect(
      (await t.centre.post(`/api/grid/events/${id}/dispatch`, { handlerUnitId: t.village.id })).statusCode,
    ).toBe(409);
    expect((await t.secretary.post(`/api/grid/events/${id}/reply`, { reason: 'x' })).statusCode).toBe(409);
    const noReason = await t.centre.post(`/api/grid/events/${id}/invalidate`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].path).toBe('reason');
    // a secretary may not accept at all (no permission)
    expect((await t.secretary.post(`/api/grid/events/${id}/accept`, {})).statusCode).toBe(403);
    // only the reporter recalls
    expect((await t.secretary.post(`/api/grid/events/${id}/recall`, { reason: '误报' })).statusCode).toBe(
      409,
    );
    expect((await t.worker.post(`/api/grid/events/${id}/recall`, { reason: '误报' })).json().status).toBe(
      'recalled',
    );
    expect((await t.centre.post(`/api/grid/events/${id}/accept`, {})).statusCode).toBe(409);
    const detail = (await t.centre.get(`/api/grid/events/${id}`)).json();
    expect(detail.status).toBe('recalled');
    expect(detail.log).toHaveLength(2);
    expect(detail.allowedActions).toEqual([]);
  });

  it('each action checks what it needs: a handler to dispatch, a level to supervise, days to extend', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const id = await report(t.worker, t.village);
    await t.centre.post(`/api/grid/events/${id}/accept`, {});
    const field = async (action: string, body: object) =>
      (await t.centre.post(`/api/grid/events/${id}/${action}`, body)).json().error.fields[0].path;
    expect(await field('dispatch', {})).toBe('handlerUnitId');
    expect(await field('dispatch', { handlerUnitId: t.township.id + 100_000 })).toBe('handlerUnitId');
    expect(await field('supervise', { reason: '督办' })).toBe('level');
    expect(await field('extend', { reason: '延期' })).toBe('days');
    expect(await field('escalate', { reason: '上报' })).toBe('escalateTo');
    const escalated = (
      await t.centre.post(`/api/grid/events/${id}/escalate`, { reason: '需县级协调', escalateTo: 'county' })
    ).json();
    expect(escalated).toMatchObject({ status: 'escalated', escalatedTo: 'county' });
    const toDept = (await t.centre.post(`/api/grid/events/${id}/dispatch`, { handlerDept: '水利站' })).json();
    expect(toDept).toMatchObject({ status: 'dispatched', handlerDept: '水利站', handlerUnitName: null });
    expect(toDept.log.at(-1)).toMatchObject({
      action: 'dispatch',
      fromStatus: 'escalated',
      toStatus: 'dispatched',
    });
  });

  it('time limits run on working days: a report before the Spring Festival is due after it', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    // Friday 2024-02-09 10:00 in China; the accept stage has 1 working day → due end of Sunday 02-18 (调休).
    w.clock.advance(chinaStartOfDay('2024-02-09') + 10 * 3600_000 - w.clock.now());
    const e = (await t.worker.post('/api/grid/events', reportBody(t.village, { place: '春节前' }))).json()
      .event;
    expect(chinaDate(e.dueAt)).toBe('2024-02-18');
    expect(e.supervision).toBe('normal');
    w.clock.advance(chinaStartOfDay('2024-02-19') - w.clock.now() + 3600_000);
    expect((await t.centre.get(`/api/grid/events/${e.id}`)).json().supervision).toBe('red');
    // accepting starts the handling clock: 5 working days from Monday 02-19 → Monday 02-26
    const accepted = (await t.centre.post(`/api/grid/events/${e.id}/accept`, {})).json();
    expect(chinaDate(accepted.dueAt)).toBe('2024-02-26');
    const extended = (
      await t.centre.post(`/api/grid/events/${e.id}/extend`, { days: 2, reason: '需协调水利站' })
    ).json();
    expect(chinaDate(extended.dueAt)).toBe('2024-02-28');
    expect(extended.extensionDays).toBe(2);
    const supervised = (
      await t.centre.post(`/api/grid/events/${e.id}/supervise`, { level: 'red', reason: '挂牌督办' })
    ).json();
    expect(supervised.supervision).toBe('red');
    expect(supervised.manualSupervision).toBe('red');
  });

  it('the overdue list and the reminders hold the caller’s open work that is late or nearly so', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const now = w.clock.now();
    const hour = 3_600_000;
    const late = await seedEvent(w, {
      village: t.village,
      status: 'dispatched',
      dueAt: now - hour,
      yellowAt: now - 9 * hour,
    });
    const soon = await seedEvent(w, {
      village: t.village,
      status: 'in_handling',
      dueAt: now + hour,
      yellowAt: now - hour,
    });
    await seedEvent(w, {
      village: t.village,
      status: 'accepted',
      dueAt: now + 9 * hour,
      yellowAt: now + hour,
    });
    await seedEvent(w, { village: t.village, status: 'closed', dueAt: now - hour, yellowAt: now - 9 * hour });
    const elsewhere = await seedEvent(w, {
      village: t.otherVillage,
      status: 'dispatched',
      dueAt: now - 2 * hour,
    });

    const overdue = (await t.centre.get('/api/grid/events/overdue')).json();
    expect(overdue.map((e: { id: number }) => e.id)).toEqual([elsewhere, late]); // most overdue first
    const reminders = (await t.secretary.get('/api/grid/reminders')).json();
    expect(reminders.map((r: { eventId: number; level: string }) => [r.eventId, r.level])).toEqual([
      [late, 'red'],
      [soon, 'yellow'],
    ]);
    expect(reminders.map((r: { message: string }) => r.message)).toEqual([
      'grid.reminder.overdue',
      'grid.reminder.due_soon',
    ]);
    // the board's supervision filter agrees
    const red = (await t.secretary.get('/api/grid/events?supervision=red')).json();
    expect(red.items.map((e: { id: number }) => e.id)).toEqual([late]);
  });
});
