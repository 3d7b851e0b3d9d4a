import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestContext } from './test-app.ts';

async function sheetOf(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  return { wb, ws: wb.worksheets[0]! };
}

describe('ledgers as Excel: one template for export and import', () => {
  let ctx: TestContext;
  let centre: Session;

  beforeAll(async () => {
    ctx = await createTestApp();
    centre = await login(ctx.app, 'centre');
  });
  afterAll(async () => ctx.close());

  const raw = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie: centre.cookie } });

  it('exports the dispute ledger for the report’s period in the township layout', async () => {
    const res = await raw('/api/grid/disputes/export?from=2023-01-01&to=2023-08-06');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const { ws } = await sheetOf(res.rawPayload);
    expect(String(ws.getCell(1, 1).value)).toContain('矛盾纠纷分类台账');
    expect(ws.getRow(2).getCell(2).value).toBe('登记日期');
    expect(ws.rowCount - 2).toBe(50);
    const outcomes = new Set<string>();
    for (let r = 3; r <= ws.rowCount; r++) outcomes.add(String(ws.getRow(r).getCell(9).value));
    expect([...outcomes]).toEqual(['化解结案']);
  });

  it('an exported dispute ledger re-imports as it is; the ledger grows by its rows', async () => {
    const file = (await raw('/api/grid/disputes/export?from=2023-01-01&to=2023-03-31')).rawPayload;
    const rows = (await sheetOf(file)).ws.rowCount - 2;
    const before = (await centre.get('/api/grid/disputes?from=2023-01-01&to=2023-03-31')).json().total;
    const res = await centre.post('/api/grid/disputes/import', { data: file.toString('base64') });
    expect(res.statusCode).toBe(200);
    expect(res.json().imported).toBe(rows);
    expect((await centre.get('/api/grid/disputes?from=2023-01-01&to=2023-03-31')).json().total).toBe(
      before + rows,
    );
  });

  it('risk import is all or nothing, with each bad cell named by row and column', async () => {
    const file = (await raw('/api/grid/risks/export')).rawPayload;
    const { wb, ws } = await sheetOf(file);
    const exported = ws.rowCount - 2;
    expect(exported).toBeGreaterThan(0);
    const before = (await centre.get('/api/grid/risks')).json().total;

    // Round trip: the template re-imports.
    const ok = await centre.post('/api/grid/risks/import', { data: file.toString('base64') });
    expect(ok.json().imported).toBe(exported);
    expect((await centre.get('/api/grid/risks')).json().total).toBe(before + exported);

    // Two bad rows: nothing is written.
    ws.getRow(3).getCell(4).value = '极高';
    ws.getRow(5).getCell(8).value = '明天';
    ws.getRow(6).getCell(2).value = '不存在村';
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await centre.post('/api/grid/risks/import', { data: bad.toString('base64') });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['rows.3.level', 'rows.5.reviewDate', 'rows.6.unit']));
    expect((await centre.get('/api/grid/risks')).json().total).toBe(before + exported);

    // Not a spreadsheet, or another layout.
    expect(
      (await centre.post('/api/grid/risks/import', { data: Buffer.from('hello world').toString('base64') }))
        .statusCode,
    ).toBe(400);
    const disputeFile = (await raw('/api/grid/disputes/export')).rawPayload;
    const wrong = await centre.post('/api/grid/risks/import', { data: disputeFile.toString('base64') });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].path).toBe('data');
    // A village secretary may not import.
    const secretary = await login(ctx.app, 'secretary01');
    expect(
      (await secretary.post('/api/grid/risks/import', { data: file.toString('base64') })).statusCode,
    ).toBe(403);
  });
});
