import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import { gridTownship, JPEG_1PX, report } from './grid.builders.ts';

interface Row {
  id: number;
  code: string;
  handlerUnitId: number | null;
}

/** The centre's board tells people what to do: search, what waits for whom, and why a deadline moved. */
describe('the grid board', () => {
  let w: World;
  afterEach(async () => w.close());

  it('searches by words of the place or description, and by the event code', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const bridge = await report(t.worker, t.village, { place: '村东头桥', description: '桥面塌陷' });
    const well = await report(t.worker, t.village, { place: '村西水井', description: '井水浑浊，有异味' });
    const list = async (q: string) =>
      ((await t.centre.get(`/api/grid/events?q=${encodeURIComponent(q)}`)).json().items as Row[]).map(
        (r) => r.id,
      );
    expect(await list('异味')).toEqual([well]);
    expect(await list('东头')).toEqual([bridge]);
    const code = (await t.centre.get(`/api/grid/events/${bridge}`)).json().code as string;
    expect(await list(code)).toEqual([bridge]);
    expect(await list('没有这样的事')).toEqual([]);
  });

  it('lists the events waiting for the caller’s unit to answer, and counts them on the workbench', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const mine = await report(t.worker, t.village);
    const theirs = await report(t.outsider, t.otherVillage);
    const notYet = await report(t.worker, t.village);
    for (const [id, unit] of [
      [mine, t.village.id],
      [theirs, t.otherVillage.id],
    ] as const) {
      expect((await t.centre.post(`/api/grid/events/${id}/accept`, {})).statusCode).toBe(200);
      expect(
        (await t.centre.post(`/api/grid/events/${id}/dispatch`, { handlerUnitId: unit })).statusCode,
      ).toBe(200);
    }
    const waiting = (await t.secretary.get('/api/grid/events?awaiting=me')).json().items as Row[];
    expect(waiting.map((r) => r.id)).toEqual([mine]);
    expect(waiting[0]!.handlerUnitId).toBe(t.village.id);
    const all = ((await t.secretary.get('/api/grid/events')).json().items as Row[]).map((r) => r.id);
    expect(all).toContain(notYet);
    const wb = (await t.secretary.get('/api/workbench')).json();
    const reply = wb.groups.find((g: { key: string }) => g.key === 'grid.reply');
    expect(reply).toMatchObject({ count: 1, path: '/events/board?awaiting=me' });
    // Once answered, it no longer waits.
    const answered = await t.secretary.post(`/api/grid/events/${mine}/reply`, { reason: '已修好' });
    expect(answered.statusCode).toBe(200);
    expect((await t.secretary.get('/api/grid/events?awaiting=me')).json().items).toEqual([]);
  });

  it('records the deadline before and after 受理, so the page can say why it moved', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const id = await report(t.worker, t.village);
    const before = (await t.centre.get(`/api/grid/events/${id}`)).json();
    expect(before.dueAt).not.toBeNull();
    const accepted = (await t.centre.post(`/api/grid/events/${id}/accept`, {})).json();
    const entry = accepted.log.find((l: { action: string }) => l.action === 'accept');
    expect(entry.dueChange).toEqual({ from: before.dueAt, to: accepted.dueAt });
    expect(accepted.dueAt).not.toBe(before.dueAt);
    expect(accepted.log[0].dueChange).toBeNull();
  });

  it('an empty reply names the field; a reply carries a photo of the result', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const id = await report(t.worker, t.village);
    await t.centre.post(`/api/grid/events/${id}/accept`, {});
    await t.centre.post(`/api/grid/events/${id}/dispatch`, { handlerUnitId: t.village.id });
    const empty = await t.secretary.post(`/api/grid/events/${id}/reply`, { reason: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['reason']);
    const photo = await t.secretary.post('/api/grid/attachments', {
      contentType: 'image/jpeg',
      data: JPEG_1PX,
    });
    expect(photo.statusCode).toBe(201);
    const replied = await t.secretary.post(`/api/grid/events/${id}/reply`, {
      reason: '已修好',
      attachmentIds: [photo.json().id],
    });
    expect(replied.statusCode).toBe(200);
    const entry = replied.json().log.at(-1);
    expect(entry).toMatchObject({ action: 'reply', attachmentIds: [photo.json().id] });
    const seen = await t.centre.get(`/api/grid/attachments/${photo.json().id}`);
    expect(seen.statusCode).toBe(200);
  });
});
