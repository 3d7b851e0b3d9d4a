import { idCheckChar } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditService } from '../../src/modules/audit/audit.service.ts';
import { createWorld, type World } from '../builders.ts';
import { TEST_KEYS } from '../test-app.ts';
import { gridTownship, JPEG_1PX, report, reportBody, seedEvent } from './grid.builders.ts';

const idNumber = (first17: string) => `${first17}${idCheckChar(first17)}`;

/** Reports coming in: idempotency, the answer, bursts from many phones, scope, photos and duplicate hints. */
describe('grid intake', () => {
  let w: World;
  afterEach(async () => w.close());

  it('20 parallel retries with one Idempotency-Key store one report; another body with that key is a 422', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const body = reportBody(t.village, { place: '幂等测试点', description: '重试二十次' });
    const key = { 'idempotency-key': 'retry-key-20-parallel' };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.worker.request('POST', '/api/grid/events', body, key)),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.json().event.id)).size).toBe(1);
    expect(results.every((r) => r.json().replayed === (r.statusCode === 200))).toBe(true);
    const rows = await w.database.db
      .selectFrom('grid_events')
      .select('id')
      .where('place', '=', '幂等测试点')
      .execute();
    expect(rows).toHaveLength(1);
    const other = await t.worker.request(
      'POST',
      '/api/grid/events',
      { ...body, description: '另一份内容' },
      key,
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('unprocessable');
    // The same key from another user is that user's own key.
    const theirs = await t.neighbour.request('POST', '/api/grid/events', body, key);
    expect(theirs.statusCode).toBe(201);
    // A key must look like one.
    const bad = await t.worker.request('POST', '/api/grid/events', body, { 'idempotency-key': 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('Idempotency-Key');
  });

  it('the answer to a new report is the event exactly as it reads back', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const photo = await t.worker.post('/api/grid/attachments', { contentType: 'image/jpeg', data: JPEG_1PX });
    const parties = [
      { name: '李四', role: 'party', idNumber: idNumber('41092619850202123') },
      { name: '王五', role: 'party', phone: '13812345678' },
    ];
    const created = await t.worker.post(
      '/api/grid/events',
      reportBody(t.village, {
        class: 'dispute',
        typeCode: 'dispute.neighbour',
        parties,
        photoIds: [photo.json().id],
      }),
    );
    expect(created.statusCode).toBe(201);
    const read = await t.worker.get(`/api/grid/events/${created.json().event.id}`);
    expect(created.json().event).toEqual(read.json());
    expect(read.json().parties.map((p: { idNumber: string | null }) => p.idNumber)).toEqual([
      expect.stringMatching(/^410926\*{8}\d{3}[\dX]$/),
      null,
    ]);
    expect(read.json().parties[1].phone).toMatch(/^138\*{4}5678$/);
  });

  it('a burst from many phones: each report lands once, they share commits, and the audit chain verifies', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const phones = [
      { session: t.worker, unitId: t.village.id },
      { session: t.neighbour, unitId: t.village.id },
      { session: t.outsider, unitId: t.otherVillage.id },
      { session: t.secretary, unitId: t.village.id },
    ];
    const before = w.database.commits.stats();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const phone = phones[i % phones.length]!;
        // One report in the burst names a photo that is not the reporter's: it alone fails.
        const body = reportBody(t.village, {
          unitId: phone.unitId,
          place: `批量-${i}`,
          ...(i === 17 ? { photoIds: [999_999] } : {}),
        });
        return phone.session.request('POST', '/api/grid/events', body, {
          'idempotency-key': `burst-${i}-xxxxxxxx`,
        });
      }),
    );
    expect(results.map((r) => r.statusCode)).toEqual(
      Array.from({ length: 40 }, (_, i) => (i === 17 ? 400 : 201)),
    );
    expect(results[17]!.json().error.fields[0].path).toBe('photoIds');
    const rows = await w.database.db
      .selectFrom('grid_events')
      .select('place')
      .where('place', 'like', '批量-%')
      .execute();
    expect(rows).toHaveLength(39);
    const after = w.database.commits.stats();
    expect(after.writes - before.writes).toBe(40);
    expect(after.batches - before.batches).toBeLessThan(40);
    const audit = createAuditService({ key: TEST_KEYS.audit, clock: w.clock, dialect: w.database.dialect });
    expect((await audit.verify(w.database.db)).ok).toBe(true);
    // The failed one can be sent again, fixed, with the same key.
    const retry = await phones[1]!.session.request(
      'POST',
      '/api/grid/events',
      reportBody(t.village, { place: '批量-17' }),
      { 'idempotency-key': 'burst-17-xxxxxxxx' },
    );
    expect(retry.statusCode).toBe(201);
  });

  it('scope: another village’s report is a 404, and a grid worker sees only their own grid', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const theirs = await seedEvent(w, { village: t.otherVillage });
    const id = await report(t.worker, t.village);
    expect((await t.secretary.get(`/api/grid/events/${id}`)).statusCode).toBe(200);
    expect((await t.otherSecretary.get(`/api/grid/events/${id}`)).statusCode).toBe(404);
    expect((await t.otherSecretary.post(`/api/grid/events/${id}/reply`, { reason: 'x' })).statusCode).toBe(
      404,
    );
    expect((await t.neighbour.get(`/api/grid/events/${id}`)).statusCode).toBe(404); // same village, another grid
    expect((await t.outsider.get(`/api/grid/events/${id}`)).statusCode).toBe(404); // another village
    const list = (await t.otherSecretary.get('/api/grid/events?pageSize=200')).json();
    expect(list.items.map((e: { id: number }) => e.id)).toEqual([theirs]);
    const mine = (await t.worker.get('/api/grid/events?pageSize=200')).json();
    expect(mine.items.map((e: { gridId: number }) => e.gridId)).toEqual([t.workerUser.gridId]);
    // reporting into another village is refused on the field
    const outside = await t.worker.post('/api/grid/events', reportBody(t.otherVillage));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0].path).toBe('unitId');
    // a report names a village, not the township
    const township = await t.centre.post('/api/grid/events', reportBody(t.township));
    expect(township.json().error.fields[0].path).toBe('unitId');
  });

  it('photos are content-checked, and a report may use only its reporter’s unused photos', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const fake = Buffer.from('<script>alert(1)</script>').toString('base64');
    const res = await t.worker.post('/api/grid/attachments', { contentType: 'image/jpeg', data: fake });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('data');
    const bad = await t.worker.post('/api/grid/events', reportBody(t.village, { photoIds: [999999] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('photoIds');
    const photo = (
      await t.worker.post('/api/grid/attachments', { contentType: 'image/jpeg', data: JPEG_1PX })
    ).json();
    const notMine = await t.neighbour.post(
      '/api/grid/events',
      reportBody(t.village, { photoIds: [photo.id] }),
    );
    expect(notMine.statusCode).toBe(400);
    expect(await report(t.worker, t.village, { photoIds: [photo.id] })).toBeGreaterThan(0);
    const usedTwice = await t.worker.post(
      '/api/grid/events',
      reportBody(t.village, { photoIds: [photo.id] }),
    );
    expect(usedTwice.statusCode).toBe(400);
  });

  it('duplicate hints at report time, and the centre merges duplicates', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const sanitation = { typeCode: 'public_service.sanitation' };
    const first = (
      await t.worker.post('/api/grid/events', reportBody(t.village, { ...sanitation, place: '垃圾点' }))
    ).json();
    const second = (
      await t.worker.post('/api/grid/events', reportBody(t.village, { ...sanitation, place: '垃圾点旁' }))
    ).json();
    expect(second.duplicateHints.map((h: { id: number }) => h.id)).toEqual([first.event.id]);
    const near = { class: 'event', ...sanitation, unitId: t.village.id, lng: 115.45 };
    const hints = (await t.centre.post('/api/grid/duplicates', { ...near, lat: 35.8 })).json();
    expect(hints.map((h: { id: number }) => h.id).sort()).toEqual([first.event.id, second.event.id].sort());
    expect(hints.every((h: { distanceM: number }) => h.distanceM === 0)).toBe(true);
    const far = (await t.centre.post('/api/grid/duplicates', { ...near, lat: 35.9 })).json();
    expect(far.map((h: { id: number }) => h.id)).not.toContain(first.event.id);
    const merged = await t.centre.post(`/api/grid/events/${second.event.id}/merge`, {
      intoId: first.event.id,
    });
    expect(merged.json()).toMatchObject({ status: 'invalid', duplicateOf: first.event.id });
    expect(
      (await t.centre.post(`/api/grid/events/${first.event.id}/merge`, { intoId: first.event.id }))
        .statusCode,
    ).toBe(400);

    const parties = [{ name: '张三', idNumber: idNumber('41092619900101123') }];
    const d1 = await t.worker.post(
      '/api/grid/events',
      reportBody(t.village, { class: 'dispute', typeCode: 'dispute.neighbour', parties }),
    );
    expect(d1.statusCode).toBe(201);
    const d2 = (
      await t.worker.post(
        '/api/grid/events',
        reportBody(t.village, { class: 'dispute', typeCode: 'dispute.homestead', place: '别处', parties }),
      )
    ).json();
    expect(d2.duplicateHints).toEqual([
      expect.objectContaining({ id: d1.json().event.id, reason: 'same_parties', distanceM: null }),
    ]);
    expect(d2.event.parties[0].idNumber).toMatch(/\*/);

    // A phone shows the ten most recent nearby ones, not every one.
    for (let i = 0; i < 11; i++) await report(t.worker, t.village, { typeCode: 'security.hazard' });
    const many = (
      await t.worker.post('/api/grid/events', reportBody(t.village, { typeCode: 'security.hazard' }))
    ).json();
    expect(many.duplicateHints).toHaveLength(10);
  });
});
