import { chinaDate, chinaStartOfDay, EVENT_STATUSES } from '@fivestar/common';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MURDER_CAMPAIGN,
  REPORT_DISPUTES,
  REPORT_EVENTS,
  REPORT_PERIOD,
} from '../../src/modules/grid/demo/grid.demo.ts';
import { createTestApp, login, type Session, type TestContext } from '../test-app.ts';

/**
 * The demo township's grid figures: the demo is generated to match the township's report (3,875 reports in the
 * period, 50 of them disputes, the 命案防范百日行动 with 425 cases…), and these tests are what holds it to them.
 * They share one demo database, read only; each test stands alone on it.
 */
describe('the demo township’s grid figures', () => {
  let ctx: TestContext;
  let centre: Session;
  const period = `from=${REPORT_PERIOD.from}&to=${REPORT_PERIOD.to}`;

  beforeAll(async () => {
    ctx = await createTestApp();
    centre = await login(ctx.app, 'centre');
  });
  afterAll(async () => ctx.close());

  it('the summary for the report’s period gives the report’s figures, counted from the rows', async () => {
    const res = await centre.get(`/api/grid/summary?${period}`);
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
    const rows = await ctx.database.db
      .selectFrom('grid_events')
      .select(['class', 'status', 'org_unit_id', 'reported_at'])
      .where('reported_at', '>=', chinaStartOfDay(REPORT_PERIOD.from))
      .where('reported_at', '<', chinaStartOfDay(REPORT_PERIOD.to) + 86_400_000)
      .execute();
    expect(rows.length).toBe(s.total);
    expect(rows.filter((r) => r.class === 'dispute' && r.status === 'closed').length).toBe(50);
    expect(new Set(rows.map((r) => r.org_unit_id)).size).toBe(55);
    expect(new Set(rows.map((r) => chinaDate(Number(r.reported_at)).slice(0, 7))).size).toBe(8);

    // The county sees the same township (from its pre-aggregated counts); a village only its own share.
    const county = await login(ctx.app, 'county');
    expect((await county.get(`/api/grid/summary?${period}`)).json()).toEqual(s);
    const own = (await (await login(ctx.app, 'secretary01')).get(`/api/grid/summary?${period}`)).json();
    expect(own.total).toBeGreaterThan(0);
    expect(own.total).toBeLessThan(200);
  });

  it('the dispute ledger holds all 50 disputes of the period, mediated, archived and closed', async () => {
    const ledger = (await centre.get(`/api/grid/disputes?${period}&pageSize=500`)).json();
    expect(ledger.total).toBe(50);
    for (const row of ledger.items) {
      expect(row).toMatchObject({ status: 'closed', mediationStatus: 'archived', outcome: 'resolved' });
      expect(row.mediatorName).toBeTruthy(); // null when no mediator was named
      expect(row.parties).toMatch(/\*{4}/); // ID numbers masked
    }
    expect(new Set(ledger.items.map((r: { disputeType: string }) => r.disputeType)).size).toBeGreaterThan(5);
  });

  it('exports the dispute ledger for the report’s period in the township layout', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/grid/disputes/export?${period}`,
      headers: { cookie: centre.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell(1, 1).value)).toContain('矛盾纠纷分类台账');
    expect(ws.getRow(2).getCell(2).value).toBe('登记日期');
    expect(ws.rowCount - 2).toBe(50);
    const outcomes = new Set<string>();
    for (let r = 3; r <= ws.rowCount; r++) outcomes.add(String(ws.getRow(r).getCell(9).value));
    expect([...outcomes]).toEqual(['化解结案']);
  });

  it('statistics by month, village and grid; the centre has today’s work in every state', async () => {
    const stats = (await centre.get(`/api/grid/stats?${period}`)).json();
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
    for (const s of EVENT_STATUSES) expect(states, s).toContain(s);
    expect((await centre.get('/api/grid/events/overdue')).json().length).toBeGreaterThan(0);
    expect((await centre.get('/api/grid/reminders')).json().length).toBeGreaterThan(0);
  });

  it('三零 in the report’s year: 55 villages, 6 of them broken by a record', async () => {
    const list = (await centre.get('/api/grid/three-zero?year=2023')).json();
    expect(list).toHaveLength(55);
    const broken = list.filter((v: { achieved: boolean }) => !v.achieved);
    expect(broken).toHaveLength(6);
    for (const v of broken) expect(v.petitions + v.accidents + v.cases).toBeGreaterThan(0);
  });

  it('the campaigns and the map', async () => {
    const campaigns = (await centre.get('/api/grid/campaigns')).json();
    expect(campaigns.find((c: { name: string }) => c.name === '命案防范百日行动').cases).toBe(425);
    const map = (await centre.get('/api/grid/map?year=2023')).json();
    expect(map.features).toHaveLength(55);
    const total = map.features.reduce(
      (s: number, f: { properties: { total: number } }) => s + f.properties.total,
      0,
    );
    expect(total).toBeGreaterThanOrEqual(3875);
    expect(map.features.every((f: { properties: { grids: number } }) => f.properties.grids === 3)).toBe(true);
    const secretary = await login(ctx.app, 'secretary01');
    const village = (await secretary.get('/api/me')).json().user.unit.id;
    const own = (await secretary.get('/api/grid/map')).json();
    expect(own.features.map((f: { properties: { unitId: number } }) => f.properties.unitId)).toEqual([
      village,
    ]);
  });
});
