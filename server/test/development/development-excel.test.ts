import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_LIMITS } from '../../src/files/excel.ts';
import { zipProblem as guard } from '../../src/files/zip-guard.ts';
import { createWorld, type World } from '../builders.ts';
import { createRecord, personBorn, trainingSession } from './development.builders.ts';
import type { Response, Session } from '../test-app.ts';

/** The bytes of a file answer (inject keeps them as rawPayload). */
const bytes = (res: Response) => (res as unknown as { rawPayload: Buffer }).rawPayload;

let w: World;
afterEach(async () => w?.close());

const upload = (s: Session, url: string, file: Buffer) =>
  s.request('POST', url, file, { 'content-type': 'application/octet-stream' });

/** The registry's own template, filled with rows (cells by column index from 1). */
async function filled(s: Session, url: string, rows: (string | number)[][]) {
  const res = await s.get(url);
  expect(res.statusCode).toBe(200);
  expect(String(res.headers['content-type'])).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes(res) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0]!;
  rows.forEach((r, i) => r.forEach((v, j) => (ws.getCell(3 + i, j + 1).value = v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const L = DEFAULT_IMPORT_LIMITS;
const zipProblem = (b: Buffer) =>
  guard(b, {
    maxEntries: L.maxEntries,
    maxEntryBytes: L.maxExpandedBytes,
    maxTotalBytes: L.maxExpandedBytes,
    maxRatio: L.maxRatio,
    maxSheetRows: L.maxRows,
  });

async function setup() {
  w = await createWorld();
  const village = await w.village({ name: '李菜园村' });
  const clerk = await w.user({ role: 'township_admin', unit: village.township });
  const s = await w.login(clerk);
  return { village, s };
}

describe('Excel: a training sign-in sheet', () => {
  it('with one bad row writes nothing and names the row and cell; fixed, it imports', async () => {
    const { village, s } = await setup();
    const session = await trainingSession(s, village.township, {
      startDate: '2026-10-10',
      endDate: '2026-10-11',
    });
    const people = await Promise.all(
      ['张建国', '李秀英', '王海涛'].map((name, i) => personBorn(w, village, `198${i}-03-0${i + 1}`, name)),
    );
    const template = `/api/development/registries/trainingAttendance/template`;
    const rows = people.map((p, i) => [i + 1, ['张建国', '李秀英', '王海涛'][i]!, p.idNumber!, '2026-10-10']);
    rows[1]![1] = '李秀兰'; // the name does not match the ID number on row 4
    const bad = await filled(s, template, rows);
    const url = `/api/development/registries/trainingAttendance/import?parentId=${session.id}&importId=test-import-1`;
    const res = await upload(s, url, bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      { path: 'rows.4.personName', message: '姓名与该身份证号登记的姓名不一致' },
    ]);
    const count = async () =>
      (await w.database.db.selectFrom('dev_training_attendance').select('id').execute()).length;
    expect(await count()).toBe(0);
    expect((await s.get('/api/development/imports/test-import-1')).json()).toMatchObject({
      status: 'failed',
      total: 3,
    });

    rows[1]![1] = '李秀英';
    const good = await filled(s, template, rows);
    const ok = await upload(s, url.replace('test-import-1', 'test-import-2'), good);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ imported: 3 });
    expect(await count()).toBe(3);
    expect((await s.get('/api/development/imports/test-import-2')).json()).toEqual({
      status: 'done',
      total: 3,
      processed: 3,
    });
    // the same sheet again: every row is a duplicate now, nothing written
    const again = await upload(s, url.replace('test-import-1', 'test-import-3'), good);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.fields.map((f: { path: string }) => f.path)).toEqual([
      'rows.3.person',
      'rows.4.person',
      'rows.5.person',
    ]);
    expect(await count()).toBe(3);
    // another user cannot read this import's progress
    const other = await w.login(await w.user({ role: 'township_admin', unit: village.township }));
    expect((await other.get('/api/development/imports/test-import-2')).statusCode).toBe(404);
  });

  it('export re-imports as it is; the export is audited with its row count', async () => {
    const { village, s } = await setup();
    await createRecord(s, 'relocations', {
      unit: village.id,
      householdHead: '王建国',
      people: 4,
      destination: '凤凰社区',
      handoverOn: '2021-06-01',
    });
    const file = await s.get('/api/development/registries/relocations/export');
    expect(file.statusCode).toBe(200);
    const res = await upload(s, '/api/development/registries/relocations/import', bytes(file));
    expect(res.json(), res.body).toEqual({ imported: 1 });
    const sum = (await s.get('/api/development/summary?from=2021-01-01&to=2026-12-31')).json();
    expect(sum.relocation).toEqual({ villages: 1, people: 8 });
    const audit = await w.database.db
      .selectFrom('audit_log')
      .select(['action', 'new_value'])
      .where('action', '=', 'development.relocations.export')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.new_value!)).toMatchObject({ rows: 1 });
  });

  it('bad cells of several kinds, each named', async () => {
    const { village, s } = await setup();
    const file = await filled(s, '/api/development/registries/serviceCentres/template', [
      [1, '李菜园村', '李菜园村党群服务中心', '已建成', 120, '2026-01-01', ''],
      [2, '不存在村', '某中心', '规划中', 'abc', '2026-02-30', ''],
    ]);
    const res = await upload(s, '/api/development/registries/serviceCentres/import', file);
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.fields.map((f: { path: string }) => f.path);
    // every bad cell of a row, not only the first
    expect(paths).toEqual(['rows.3.builtOn', 'rows.4.unit', 'rows.4.investmentWan', 'rows.4.plannedOn']);
    expect(await w.database.db.selectFrom('dev_service_centres').select('id').execute()).toEqual([]);
    expect(village.name).toBe('李菜园村');
  });
});

describe('Excel: the labour registry', () => {
  it('imports profiles by ID number, all or nothing; an unknown ability and a person outside 16–60 are named', async () => {
    const { village, s } = await setup();
    const young = await personBorn(w, village, '1995-02-02', '赵海燕');
    const old = await personBorn(w, village, '1950-02-02', '钱德胜');
    const template = '/api/development/labour/template';
    const url = '/api/development/labour/import';
    // 序号 村 姓名 身份证号 年龄 劳动能力 在家/外出 外出地点 技能特长 培训意愿
    const bad = await filled(s, template, [
      [1, '李菜园村', '赵海燕', young.idNumber!, '', '很强', '外出务工', '郑州', '电焊', '电商'],
      [2, '李菜园村', '钱德胜', old.idNumber!, '', '完全劳动力', '在家', '', '', ''],
    ]);
    const res = await upload(s, url, bad);
    expect(res.statusCode).toBe(400);
    // both rows named at once: an ability not in the list, a person of 76
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual([
      'rows.3.ability',
      'rows.4.idNumber',
    ]);
    const aged = await filled(s, template, [
      [1, '李菜园村', '赵海燕', young.idNumber!, '', '完全劳动力', '外出务工', '郑州', '电焊', '电商'],
      [2, '李菜园村', '钱德胜', old.idNumber!, '', '完全劳动力', '在家', '', '', ''],
    ]);
    const refused = await upload(s, url, aged);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([
      { path: 'rows.4.idNumber', message: '此人不在 16–60 周岁劳动年龄内' },
    ]);
    expect(await w.database.db.selectFrom('dev_labour').select('person_id').execute()).toEqual([]);
    const good = await filled(s, template, [
      [1, '李菜园村', '赵海燕', young.idNumber!, '', '完全劳动力', '外出务工', '郑州', '电焊', '电商'],
    ]);
    expect((await upload(s, url, good)).json()).toEqual({ imported: 1 });
    const list = (await s.get(`/api/development/labour?unitId=${village.id}&whereabouts=away`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ name: '赵海燕', profile: { awayPlace: '郑州', skills: '电焊' } });
  });
});

describe('Excel: unsafe or wrong files are refused before parsing', () => {
  async function validXlsx(s: Session) {
    return Buffer.from(bytes(await s.get('/api/development/registries/jobFairs/template')));
  }
  const eocdOf = (b: Buffer) => b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));

  it('an archive declaring an absurd entry count', async () => {
    const { s } = await setup();
    const b = await validXlsx(s);
    const e = eocdOf(b);
    b.writeUInt16LE(60_000, e + 8);
    b.writeUInt16LE(60_000, e + 10);
    expect(zipProblem(b)).toBe('too_many_entries');
    const res = await upload(s, '/api/development/registries/jobFairs/import', b);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.fields).toEqual([
      { path: 'file', message: expect.stringContaining('超出导入上限') },
    ]);
  });

  it('an entry declaring an absurd size, and one whose data inflates past what it declares (a zip bomb)', async () => {
    const { s } = await setup();
    const huge = await validXlsx(s);
    const cd = huge.readUInt32LE(eocdOf(huge) + 16);
    huge.writeUInt32LE(2_000_000_000, cd + 24);
    expect(zipProblem(huge)).toBe('too_large');
    expect((await upload(s, '/api/development/registries/jobFairs/import', huge)).statusCode).toBe(413);

    // declares 10 bytes in both headers, holds more: inflating stops after 11 bytes
    const liar = await validXlsx(s);
    const cd2 = liar.readUInt32LE(eocdOf(liar) + 16);
    const local = liar.readUInt32LE(cd2 + 42);
    liar.writeUInt32LE(10, cd2 + 24);
    if ((liar.readUInt16LE(local + 6) & 8) === 0) liar.writeUInt32LE(10, local + 22);
    expect(zipProblem(liar)).toBe('inconsistent');
    expect((await upload(s, '/api/development/registries/jobFairs/import', liar)).statusCode).toBe(400);
  });

  it('not a spreadsheet, a wrong header, an empty sheet', async () => {
    const { s } = await setup();
    const url = '/api/development/registries/jobFairs/import';
    const junk = await upload(s, url, Buffer.from('姓名,身份证号\n'));
    expect(junk.json().error.fields).toEqual([
      { path: 'file', message: expect.stringContaining('无法读取') },
    ]);
    const other = await filled(s, '/api/development/registries/cleaners/template', [
      [1, '某人', '1', '2026-01-01'],
    ]);
    expect((await upload(s, url, other)).json().error.fields[0].message).toContain('表头');
    const empty = await validXlsx(s);
    expect((await upload(s, url, empty)).json().error.fields[0].message).toContain('没有数据行');
  });
});
