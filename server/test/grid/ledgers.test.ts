import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import type { Session } from '../test-app.ts';
import { gridTownship, seedDispute, seedEvent, seedRisk } from './grid.builders.ts';
import { chinaStartOfDay } from '@fivestar/common';

async function sheetOf(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  return { wb, ws: wb.worksheets[0]! };
}

/** The dispute ledger (矛盾纠纷分类台账) and the risk ledger (风险台账), on screen and as Excel. */
describe('grid ledgers', () => {
  let w: World;
  afterEach(async () => w.close());

  /** A file route's bytes. */
  const download = async (session: Session, url: string) =>
    (await w.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } })).rawPayload;

  it('the dispute ledger lists valid disputes of the period in the caller’s area, ID numbers masked', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const at = (day: string) => chinaStartOfDay(day) + 9 * 3_600_000;
    const settled = await seedDispute(w, {
      village: t.village,
      reportedAt: at('2023-03-01'),
      parties: [{ name: '张三', idNumberMasked: '410926********1234' }, { name: '李四' }],
    });
    const pending = await seedDispute(w, {
      village: t.otherVillage,
      reportedAt: at('2023-03-02'),
      status: 'in_handling',
      mediation: 'mediating',
      agreement: null,
    });
    await seedDispute(w, { village: t.village, reportedAt: at('2023-03-03'), status: 'invalid' });
    await seedDispute(w, { village: t.village, reportedAt: at('2023-05-01') });
    await seedEvent(w, { village: t.village, reportedAt: at('2023-03-01') }); // not a dispute
    const ledger = (await t.centre.get('/api/grid/disputes?from=2023-03-01&to=2023-03-31')).json();
    expect(ledger.total).toBe(2);
    expect(ledger.items).toEqual([
      expect.objectContaining({
        id: settled,
        unitName: '东村',
        disputeTypeName: '邻里纠纷',
        parties: '张三(410926********1234)、李四',
        outcome: 'resolved',
        status: 'closed',
        mediationStatus: 'archived',
      }),
      expect.objectContaining({ id: pending, unitName: '西村', outcome: 'pending', status: 'in_handling' }),
    ]);
    const own = (await t.otherSecretary.get('/api/grid/disputes?from=2023-03-01&to=2023-03-31')).json();
    expect(own.items.map((r: { id: number }) => r.id)).toEqual([pending]);
    const page2 = (await t.centre.get('/api/grid/disputes?from=2023-01-01&pageSize=2&page=2')).json();
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.items).toHaveLength(1);
  });

  it('an exported dispute ledger re-imports as it is; the ledger grows by its rows', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    for (const day of ['2023-01-05', '2023-02-10', '2023-03-20'])
      await seedDispute(w, { village: t.village, reportedAt: chinaStartOfDay(day) + 9 * 3_600_000 });
    const file = await download(t.centre, '/api/grid/disputes/export?from=2023-01-01&to=2023-03-31');
    const { ws } = await sheetOf(file);
    expect(String(ws.getCell(1, 1).value)).toContain('矛盾纠纷分类台账');
    expect(ws.getRow(2).getCell(2).value).toBe('登记日期');
    const rows = ws.rowCount - 2;
    expect(rows).toBe(3);
    const ledger = () => t.centre.get('/api/grid/disputes?from=2023-01-01&to=2023-03-31');
    const before = (await ledger()).json().total;
    const res = await t.centre.post('/api/grid/disputes/import', { data: file.toString('base64') });
    expect(res.statusCode).toBe(200);
    expect(res.json().imported).toBe(rows);
    const after = (await ledger()).json();
    expect(after.total).toBe(before + rows);
    // an imported settled dispute comes in closed and archived, named parties without ID numbers
    expect(after.items.filter((r: { parties: string }) => r.parties === '甲、乙')).toHaveLength(6);
    expect(new Set(after.items.map((r: { outcome: string }) => r.outcome))).toEqual(new Set(['resolved']));
  });

  it('the risk ledger: create, review dates, scope', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const created = await t.secretary.post('/api/grid/risks', {
      unitId: t.village.id,
      category: 'safety_hazard',
      level: 'high',
      title: '坑塘防溺水',
      ownerName: '王五',
      reviewDate: '2026-12-01',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ status: 'open', overdueReview: false, unitName: '东村' });
    expect((await t.otherSecretary.patch(`/api/grid/risks/${id}`, { level: 'low' })).statusCode).toBe(404);
    expect((await t.secretary.patch(`/api/grid/risks/${id}`, { status: 'controlled' })).json().status).toBe(
      'controlled',
    );
    const elsewhere = await t.secretary.post('/api/grid/risks', {
      unitId: t.otherVillage.id,
      category: 'other',
      level: 'low',
      title: 'x',
      ownerName: 'y',
      reviewDate: '2026-12-01',
    });
    expect(elsewhere.statusCode).toBe(400);
    // a review date before today is overdue unless the risk is resolved
    await seedRisk(w, { village: t.otherVillage, level: 'high', reviewDate: '2026-10-01' });
    await seedRisk(w, {
      village: t.otherVillage,
      level: 'low',
      reviewDate: '2026-10-01',
      status: 'resolved',
    });
    const high = (await t.centre.get('/api/grid/risks?level=high')).json();
    expect(
      high.items.map((r: { unitName: string; overdueReview: boolean }) => [r.unitName, r.overdueReview]),
    ).toEqual([
      ['西村', true],
      ['东村', false],
    ]);
    const all = (await t.centre.get('/api/grid/risks')).json();
    expect(all.total).toBe(3);
    expect(all.items.find((r: { status: string }) => r.status === 'resolved').overdueReview).toBe(false);
    expect((await t.secretary.get('/api/grid/risks')).json().total).toBe(1);
  });

  it('risk import is all or nothing, with each bad cell named by row and column', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    for (const level of ['high', 'medium', 'low', 'low'] as const)
      await seedRisk(w, { village: t.village, level });
    const file = await download(t.centre, '/api/grid/risks/export');
    const { wb, ws } = await sheetOf(file);
    const exported = ws.rowCount - 2;
    expect(exported).toBe(4);
    const total = async () => (await t.centre.get('/api/grid/risks')).json().total;
    const before = await total();

    // Round trip: the template re-imports.
    const ok = await t.centre.post('/api/grid/risks/import', { data: file.toString('base64') });
    expect(ok.json().imported).toBe(exported);
    expect(await total()).toBe(before + exported);

    // Three bad rows: nothing is written.
    ws.getRow(3).getCell(4).value = '极高';
    ws.getRow(5).getCell(8).value = '明天';
    ws.getRow(6).getCell(2).value = '不存在村';
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await t.centre.post('/api/grid/risks/import', { data: bad.toString('base64') });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(['rows.3.level', 'rows.5.reviewDate', 'rows.6.unit']);
    expect(await total()).toBe(before + exported);

    // Not a spreadsheet, or another layout.
    const garbage = Buffer.from('hello world').toString('base64');
    expect((await t.centre.post('/api/grid/risks/import', { data: garbage })).statusCode).toBe(400);
    await seedDispute(w, { village: t.village });
    const disputeFile = await download(t.centre, '/api/grid/disputes/export');
    const wrong = await t.centre.post('/api/grid/risks/import', { data: disputeFile.toString('base64') });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].path).toBe('data');
    // A village secretary may not import.
    const denied = await t.secretary.post('/api/grid/risks/import', { data: file.toString('base64') });
    expect(denied.statusCode).toBe(403);
  });
});
