import { chinaStartOfDay } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import { gridTownship, seedCampaign, seedCampaignCase, seedDispute, seedEvent } from './grid.builders.ts';

const at = (day: string) => chinaStartOfDay(day) + 9 * 3_600_000;

/** Figures of the caller's area: the summary, the statistics page and the map, counted from known records. */
describe('grid statistics', () => {
  let w: World;
  afterEach(async () => w.close());

  async function records() {
    const t = await gridTownship(w);
    const [v, o] = [t.village, t.otherVillage];
    const grid = t.workerUser.gridId;
    await seedEvent(w, { village: v, reportedAt: at('2023-01-10'), status: 'closed', gridId: grid });
    await seedEvent(w, {
      village: v,
      reportedAt: at('2023-01-20'),
      status: 'closed',
      gridId: grid,
      closedOnTime: false,
    });
    await seedEvent(w, { village: v, reportedAt: at('2023-02-03'), status: 'dispatched', escalated: true });
    await seedEvent(w, {
      village: o,
      reportedAt: at('2023-02-14'),
      typeCode: 'security.hazard',
      status: 'closed',
    });
    await seedDispute(w, { village: o, reportedAt: at('2023-02-20') });
    await seedEvent(w, { village: v, reportedAt: at('2023-02-21'), status: 'recalled' }); // counts for nothing
    await seedEvent(w, { village: v, reportedAt: at('2023-04-01') }); // outside the period
    const campaign = await seedCampaign(w, {
      unit: t.township,
      code: 'night',
      name: '夜间巡逻',
      startDate: '2023-01-01',
      endDate: '2023-12-31',
      subCategories: ['巡逻发现', '群众求助'],
    });
    await seedCampaignCase(w, campaign, { village: v, subCategory: '巡逻发现', occurredOn: '2023-01-15' });
    await seedCampaignCase(w, campaign, { village: o, subCategory: '巡逻发现', occurredOn: '2023-02-15' });
    await seedCampaignCase(w, campaign, { village: o, subCategory: '群众求助', occurredOn: '2023-05-15' });
    return t;
  }

  it('the summary counts valid reports of the period by class and type, with campaign tallies', async () => {
    w = await createWorld();
    const t = await records();
    const s = (await t.centre.get('/api/grid/summary?from=2023-01-01&to=2023-03-31')).json();
    expect(s).toEqual({
      total: 5,
      byClass: { event: 4, dispute: 1 },
      disputesClosed: 1,
      onTimeRate: 0.75, // 3 of the 4 closed on time
      byType: { 'public_service.road': 3, 'security.hazard': 1, 'dispute.neighbour': 1 },
      campaigns: [{ name: '夜间巡逻', total: 2, bySubCategory: { 巡逻发现: 2 } }],
    });
    const own = (await t.otherSecretary.get('/api/grid/summary?from=2023-01-01&to=2023-03-31')).json();
    expect(own).toMatchObject({ total: 2, byClass: { event: 1, dispute: 1 } });
    const backwards = await t.centre.get('/api/grid/summary?from=2023-03-31&to=2023-01-01');
    expect(backwards.json().error.fields[0].path).toBe('from');
  });

  it('statistics by month, village, grid and type, with the rates', async () => {
    w = await createWorld();
    const t = await records();
    const stats = (await t.centre.get('/api/grid/stats?from=2023-01-01&to=2023-03-31')).json();
    expect(stats).toEqual({
      byMonth: [
        { month: '2023-01', event: 2, dispute: 0 },
        { month: '2023-02', event: 2, dispute: 1 },
      ],
      byVillage: [
        { unitId: t.village.id, unitName: '东村', total: 3 },
        { unitId: t.otherVillage.id, unitName: '西村', total: 2 },
      ],
      byGrid: [{ gridId: t.workerUser.gridId, gridName: `东村第${t.workerUser.personId}网格`, total: 2 }],
      byType: [
        { typeCode: 'dispute.neighbour', typeName: '邻里纠纷', total: 1 },
        { typeCode: 'public_service.road', typeName: '道路设施', total: 3 },
        { typeCode: 'security.hazard', typeName: '安全隐患', total: 1 },
      ],
      closureRate: 0.8,
      onTimeRate: 0.75,
      avgHandlingDays: 0.04, // each closed an hour after it came in
      escalations: 1,
    });
  });

  it('the grid map: one feature per village in scope with its figures', async () => {
    w = await createWorld();
    const t = await records();
    const now = w.clock.now();
    await seedEvent(w, { village: t.village, status: 'dispatched', dueAt: now - 3_600_000 }); // this year, overdue
    const map = (await t.centre.get('/api/grid/map?year=2023')).json();
    expect(map.type).toBe('FeatureCollection');
    expect(map.truncated).toBe(false);
    expect(map.features.map((f: { properties: object }) => f.properties)).toEqual([
      { name: '东村', unitId: t.village.id, grids: 2, open: 3, overdue: 1, total: 5 },
      { name: '西村', unitId: t.otherVillage.id, grids: 1, open: 0, overdue: 0, total: 2 },
    ]);
    expect(map.features[0].geometry.coordinates[0]).toHaveLength(5);
    const thisYear = (await t.centre.get('/api/grid/map')).json();
    expect(thisYear.features[0].properties.total).toBe(1);
    const own = (await t.secretary.get('/api/grid/map')).json();
    expect(own.features.map((f: { properties: { unitId: number } }) => f.properties.unitId)).toEqual([
      t.village.id,
    ]);
    const grids = (await t.centre.get(`/api/grid/grids?unitId=${t.village.id}`)).json();
    expect(grids.map((g: { workerUsername: string; openEvents: number }) => g.openEvents)).toEqual([0, 0]);
    expect(grids[0].workerUsername).toBe(t.workerUser.username);
  });
});
