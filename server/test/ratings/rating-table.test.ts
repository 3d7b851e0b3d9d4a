import type { Summary } from '@fivestar/common';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { ratingsWorld, seedAwards, seedStandard, type RatingsWorld } from './ratings.builders.ts';

const raw = (res: unknown) => (res as { rawPayload: Buffer }).rawPayload;

/** The stars each branch of the world holds in the source year (a capstone only on top of the other four). */
const HELD = [
  ['strong_branch', 'industry', 'ecology', 'safety', 'civility'],
  ['industry', 'ecology', 'safety'],
  ['industry', 'civility', 'safety'],
  ['ecology', 'civility'],
  [],
] as const;

describe('the rating table (Excel)', () => {
  let w: RatingsWorld;
  afterEach(async () => w.close());

  it('exports a year as Excel and imports a past year from that layout, all or nothing', async () => {
    w = await ratingsWorld();
    const { county, township } = w.as;
    const source = w.year - 1;
    const target = w.year - 2;
    await seedStandard(w, { year: source, kind: 'rural' });
    await seedStandard(w, { year: source, kind: 'urban' });
    const villages = [w.home];
    for (let i = 1; i < HELD.length; i++) villages.push(await w.village({ name: `村${i}` }));
    for (const [i, stars] of HELD.entries())
      await seedAwards(w, { village: villages[i]!, year: source, stars: [...stars] });
    const community = await w.village({ name: '新社区', kind: 'urban' });
    await seedAwards(w, { village: community, year: source, stars: ['cobuild', 'livable'] });

    const xlsx = await township.get(`/api/ratings/export?year=${source}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(raw(xlsx)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(1).getCell(1).value)).toContain(`${source}年度`);
    expect(ws.rowCount).toBe(2 + villages.length + 1); // title, header, one row per branch
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const imp = (year: number, body: Buffer) =>
      county.request('POST', `/api/ratings/import?year=${year}`, body, {
        'content-type': 'application/octet-stream',
      });

    // A bad row: nothing is written, and the report names the row and column.
    const bad = new ExcelJS.Workbook();
    await bad.xlsx.load(buf as unknown as ArrayBuffer);
    bad.worksheets[0]!.getRow(5).getCell(6).value = 'X';
    bad.worksheets[0]!.getRow(7).getCell(4).value = '不存在村党支部';
    const report = await imp(target, Buffer.from(await bad.xlsx.writeBuffer()));
    expect(report.statusCode).toBe(422);
    expect(report.json().errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [5, '支部过硬星'], // not a mark
      [5, '星级（颗）'], // so the level no longer adds up
      [7, '支部名称'],
    ]);
    expect((await township.get(`/api/ratings/summary?year=${target}`)).json().threeOrMore).toBe(0);

    const good = await imp(target, buf);
    expect(good.json()).toMatchObject({ ok: true, rows: 6, written: 6, errors: [] });
    const imported: Summary = (await township.get(`/api/ratings/summary?year=${target}`)).json();
    const original: Summary = (await township.get(`/api/ratings/summary?year=${source}`)).json();
    expect(original).toMatchObject({ branches: 6, threeOrMore: 3, threeOrMoreShare: 50 });
    // The same figures (the target year has no published standard, so its byStar lists only the stars held).
    const held = (s: Summary) => Object.fromEntries(Object.entries(s.byStar).filter(([, n]) => n > 0));
    expect({ ...imported, year: source, byStar: held(imported) }).toEqual({
      ...original,
      byStar: held(original),
    });
    expect((await imp(w.year, buf)).statusCode).toBe(400); // only past years
  });

  it('refuses a star the branch kind does not have, the capstone alone, and a level that does not add up', async () => {
    w = await ratingsWorld();
    const year = w.year - 1;
    const community = await w.village({ name: '新社区', kind: 'urban' });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('五星支部评定表');
    ws.addRow(['标题']);
    ws.addRow([
      '序号',
      '管区',
      '村（社区）',
      '支部名称',
      '类型',
      '支部过硬星',
      '产业兴旺星',
      '生态宜居星',
      '平安法治星',
      '文明幸福星',
      '宜居宜业星',
      '共建共享星',
      '星级（颗）',
      '备注',
    ]);
    ws.addRow([1, '', w.home.name, `${w.home.name}党支部`, '农村', '★', '', '', '', '', '', '', 1, '']);
    ws.addRow([
      2,
      '',
      community.name,
      `${community.name}党支部`,
      '城市社区',
      '',
      '★',
      '',
      '',
      '',
      '',
      '',
      1,
      '',
    ]);
    ws.addRow([3, '', w.home.name, `${w.home.name}党支部`, '农村', '', '★', '', '', '', '', '', 2, '']);
    const res = await w.as.county.request(
      'POST',
      `/api/ratings/import?year=${year}`,
      Buffer.from(await wb.xlsx.writeBuffer()),
      {
        'content-type': 'application/octet-stream',
      },
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { row: 3, column: '支部过硬星', message: '支部过硬星须同时具备其他四星' },
      { row: 4, column: '产业兴旺星', message: '产业兴旺星不适用于该类型支部' },
      { row: 4, column: '星级（颗）', message: '星级 1 与所标星数 0 不符' },
      { row: 5, column: '支部名称', message: `“${w.home.name}党支部”重复` },
    ]);
  });
});
