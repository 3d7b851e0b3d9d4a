import { chinaDate, chinaStartOfDay } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { rebuildCounts, splitRange } from '../../src/modules/grid/grid.counts.ts';
import { createWorld, type World } from '../builders.ts';
import { gridTownship, report, seedDispute, seedEvent, syncCounts } from './grid.builders.ts';

/**
 * A county (and above) reads its summary from pre-aggregated counts; a township counts its rows. The two must agree
 * after every kind of write, and after a rebuild.
 */
describe('grid county counts', () => {
  it('a period is read from whole months and the days at either edge', () => {
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
  });
});

describe('grid county counts', () => {
  let w: World;
  afterEach(async () => w.close());

  it('agree with the rows after every kind of write, and after a rebuild', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const county = await w.login(await w.user({ role: 'county_admin', unit: await w.county() }));
    const at = (day: string) => chinaStartOfDay(day) + 9 * 3_600_000;
    // History, seeded as rows and counted by a rebuild.
    for (const [day, status] of [
      ['2023-01-31', 'closed'],
      ['2023-02-10', 'closed'],
      ['2023-05-20', 'in_handling'],
      ['2023-08-06', 'closed'],
      ['2023-08-07', 'closed'],
      ['2024-02-29', 'invalid'],
      ['2024-02-29', 'closed'],
    ] as const)
      await seedEvent(w, { village: t.village, reportedAt: at(day), status });
    await seedDispute(w, { village: t.otherVillage, reportedAt: at('2023-03-01') });
    await syncCounts(w);

    // Today, through the API: reports, a closure, a recall, an invalidation, a merge and an imported ledger.
    const [a, b, c, d, e] = [
      await report(t.worker, t.village),
      await report(t.worker, t.village, { typeCode: 'security.hazard' }),
      await report(t.worker, t.village),
      await report(t.worker, t.village),
      await report(t.outsider, t.otherVillage, { class: 'dispute', typeCode: 'dispute.labour' }),
    ];
    for (const action of ['accept', 'dispatch', 'reply', 'verify', 'close'])
      await t.centre.post(`/api/grid/events/${a}/${action}`, {
        handlerUnitId: t.village.id,
        reason: '已处理',
      });
    await t.worker.post(`/api/grid/events/${b}/recall`, { reason: '误报' });
    await t.centre.post(`/api/grid/events/${c}/invalidate`, { reason: '无效' });
    await t.centre.post(`/api/grid/events/${d}/merge`, { intoId: e });
    const ledger = await w.app.inject({
      method: 'GET',
      url: '/api/grid/disputes/export?from=2023-01-01&to=2023-12-31',
      headers: { cookie: t.centre.cookie },
    });
    expect(
      (
        await t.centre.post('/api/grid/disputes/import', { data: ledger.rawPayload.toString('base64') })
      ).json(),
    ).toEqual({
      imported: 1,
    });

    const today = chinaDate(w.clock.now());
    const ranges = [
      ['2023-01-01', '2023-08-06', 6],
      ['2023-02-10', '2023-05-20', 4],
      ['2023-01-01', '2024-12-31', 8],
      ['2026-01-01', today, 2],
      [today, today, 2],
      ['2024-02-01', '2024-02-29', 1],
    ] as const;
    const check = async () => {
      for (const [from, to, total] of ranges) {
        const direct = (await t.centre.get(`/api/grid/summary?from=${from}&to=${to}`)).json();
        const rolled = (await county.get(`/api/grid/summary?from=${from}&to=${to}`)).json();
        expect(rolled, `${from}..${to}`).toEqual(direct);
        expect(direct.total, `${from}..${to}`).toBe(total);
      }
    };
    await check();
    const today_ = (await county.get(`/api/grid/summary?from=${today}&to=${today}`)).json();
    expect(today_).toMatchObject({ byClass: { event: 1, dispute: 1 }, onTimeRate: 1 });
    await rebuildCounts(w.database.db, w.database.dialect);
    await check();
  });
});
