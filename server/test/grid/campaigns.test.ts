import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import { gridTownship, seedCampaign, seedCampaignCase } from './grid.builders.ts';

/** Campaigns (专项行动): a period and sub-categories, cases filed under them, tallies of the caller's area. */
describe('grid campaigns', () => {
  let w: World;
  afterEach(async () => w.close());

  it('create, edit the period and sub-categories (one in use stays), tally by sub-category, scope', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const { centre } = t;
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
    const cases = async (body: object) =>
      (await centre.post(`/api/grid/campaigns/${campaign.id}/cases`, body)).json();
    await cases({ unitId: t.village.id, subCategory: '防火', title: '秸秆焚烧', occurredOn: '2023-03-05' });
    const listed = await cases({
      unitId: t.otherVillage.id,
      subCategory: '防火',
      title: '电动车飞线充电',
      occurredOn: '2023-03-06',
    });
    expect(listed.map((c: { unitName: string; title: string }) => [c.unitName, c.title])).toEqual([
      ['东村', '秸秆焚烧'],
      ['西村', '电动车飞线充电'],
    ]);

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
    expect((await centre.get('/api/grid/campaigns')).json()[0]).toMatchObject({
      name: '六防六促',
      endDate: '2023-06-30',
      subCategories: ['防火', '防汛'],
    });
    // the tally is the caller's scope: the secretary sees its own village's one case
    const mine = (await t.secretary.get('/api/grid/campaigns')).json();
    expect(mine.find((c: { id: number }) => c.id === campaign.id).bySubCategory).toEqual({
      防火: 1,
      防汛: 0,
    });
    expect((await t.secretary.patch(`/api/grid/campaigns/${campaign.id}`, { name: 'x' })).statusCode).toBe(
      403,
    );
    expect((await centre.patch('/api/grid/campaigns/999999', { name: 'x' })).statusCode).toBe(404);

    // a campaign run by the county is outside the township's scope: 404, like a missing one
    const countyCampaign = await seedCampaign(w, {
      unit: await w.county(),
      code: 'county-night',
      name: '夜间巡逻（县）',
      startDate: '2023-01-01',
      endDate: '2023-12-31',
      subCategories: ['巡逻'],
    });
    expect((await centre.patch(`/api/grid/campaigns/${countyCampaign}`, { name: 'x' })).statusCode).toBe(404);

    const audit = await w.database.db
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

  it('a case goes under one of its campaign’s sub-categories, in a village of the caller’s area', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const id = await seedCampaign(w, {
      unit: t.township,
      code: 'homicide-100-days',
      name: '命案防范百日行动',
      startDate: '2023-04-28',
      endDate: '2023-08-05',
      subCategories: ['情感纠纷', '宅基地·赡养'],
    });
    await seedCampaignCase(w, id, { village: t.village, subCategory: '情感纠纷', occurredOn: '2023-05-01' });
    const add = (session = t.centre, body: Record<string, unknown> = {}) =>
      session.post(`/api/grid/campaigns/${id}/cases`, {
        unitId: t.village.id,
        subCategory: '宅基地·赡养',
        title: '赡养纠纷排查',
        occurredOn: '2023-05-02',
        ...body,
      });
    const bad = await add(t.centre, { subCategory: '不存在' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('subCategory');
    expect((await add(t.otherSecretary)).json().error.fields[0].path).toBe('unitId');
    expect((await add(t.secretary)).statusCode).toBe(201);
    const missing = { unitId: t.village.id, subCategory: '情感纠纷', title: 'x', occurredOn: '2023-05-03' };
    expect((await t.centre.post('/api/grid/campaigns/999999/cases', missing)).statusCode).toBe(404);
    const campaign = (await t.centre.get('/api/grid/campaigns')).json()[0];
    expect(campaign).toMatchObject({ cases: 2, bySubCategory: { 情感纠纷: 1, '宅基地·赡养': 1 } });
    expect((await t.otherSecretary.get(`/api/grid/campaigns/${id}/cases`)).json()).toEqual([]);
    expect((await t.centre.get('/api/grid/campaigns/999999/cases')).statusCode).toBe(404);
  });
});
