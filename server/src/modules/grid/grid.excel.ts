import type { RISK_CATEGORIES, RISK_LEVELS, RISK_STATUSES } from '@fivestar/common';
import { chinaDate, chinaStartOfDay } from '@fivestar/common';
import type ExcelJS from 'exceljs';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError } from '../../http/errors.ts';
import { registerMessages } from '../../http/messages.ts';
import { pathUnder, scopePrefix } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import type { GridRecordsService } from './grid-records.service.ts';
import type { GridService } from './grid.service.ts';

registerMessages({
  'grid.excel.unreadable': {
    zh: '无法读取 Excel 文件（需 .xlsx）',
    en: 'Cannot read the Excel file (.xlsx needed)',
  },
  'grid.excel.header': {
    zh: '表头与台账模板不一致，请先导出模板再填写',
    en: 'The header does not match the ledger template; export the template first',
  },
  'grid.excel.required': { zh: '必填', en: 'Required' },
  'grid.excel.bad_value': { zh: '取值不在允许范围内', en: 'Not one of the allowed values' },
  'grid.excel.bad_date': { zh: '日期格式应为 YYYY-MM-DD', en: 'Dates are YYYY-MM-DD' },
  'grid.excel.unknown_unit': {
    zh: '村（社区）不存在或不在本辖区',
    en: 'Unknown village or outside your area',
  },
  'grid.excel.unknown_type': { zh: '纠纷类型不存在', en: 'Unknown dispute type' },
  'grid.excel.empty': { zh: '表中没有数据行', en: 'The sheet has no data rows' },
  'grid.excel.too_many': { zh: '一次最多导入 2000 行', en: 'At most 2,000 rows per import' },
});

/**
 * The two ledgers as Excel in the layout township offices keep: a title row, a header row, one row per record.
 * One column list per ledger serves both export and import, so an exported file re-imports as it is.
 */
interface Column {
  header: string;
  key: string;
  width: number;
}

const RISK_COLUMNS: Column[] = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '村（社区）', key: 'unit', width: 14 },
  { header: '风险类别', key: 'category', width: 12 },
  { header: '风险等级', key: 'level', width: 10 },
  { header: '风险事项', key: 'title', width: 36 },
  { header: '管控措施', key: 'measures', width: 36 },
  { header: '责任人', key: 'owner', width: 10 },
  { header: '复查日期', key: 'reviewDate', width: 12 },
  { header: '状态', key: 'status', width: 10 },
];
const RISK_CATEGORY_ZH: Record<string, string> = {
  safety_hazard: '安全隐患',
  dispute_risk: '矛盾风险',
  key_person: '重点人员',
  other: '其他',
};
const RISK_LEVEL_ZH: Record<string, string> = { high: '高', medium: '中', low: '低' };
const RISK_STATUS_ZH: Record<string, string> = { open: '管控中', controlled: '已控制', resolved: '已消除' };

const DISPUTE_COLUMNS: Column[] = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '登记日期', key: 'date', width: 12 },
  { header: '村（社区）', key: 'unit', width: 14 },
  { header: '纠纷类型', key: 'type', width: 14 },
  { header: '当事人', key: 'parties', width: 28 },
  { header: '纠纷简要情况', key: 'description', width: 36 },
  { header: '调解员', key: 'mediator', width: 14 },
  { header: '调解次数', key: 'sessions', width: 8 },
  { header: '调解结果', key: 'outcome', width: 10 },
  { header: '协议内容', key: 'agreement', width: 30 },
  { header: '回访日期', key: 'followUp', width: 12 },
];
/** Loaded at first use, not at start-up (~0.6 s of a restart; security.md item 40). */
const excel = () => import('exceljs').then((m) => m.default);

const OUTCOME_ZH: Record<string, string> = { resolved: '化解结案', referred: '移交', pending: '调解中' };

const invert = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k]));

async function workbookOf(title: string, columns: Column[], rows: Record<string, unknown>[]) {
  const wb = new (await excel()).Workbook();
  const ws = wb.addWorksheet('台账');
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  ws.mergeCells(1, 1, 1, columns.length);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 14 };
  titleCell.alignment = { horizontal: 'center' };
  const header = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  rows.forEach((r, i) => ws.addRow({ seq: i + 1, ...r }));
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const text = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  return String(v).trim();
};

/** Reads the first sheet's data rows by the template's headers; a wrong header is one error for the file. */
async function readRows(data: string, columns: Column[]) {
  const wb = new (await excel()).Workbook();
  try {
    await wb.xlsx.load(Buffer.from(data, 'base64') as unknown as ExcelJS.Buffer);
  } catch {
    throw new AppError('validation_failed', 'grid.excel.unreadable', [
      { path: 'data', message: 'grid.excel.unreadable' },
    ]);
  }
  const ws = wb.worksheets[0];
  if (!ws)
    throw new AppError('validation_failed', 'grid.excel.unreadable', [
      { path: 'data', message: 'grid.excel.unreadable' },
    ]);
  const header = ws.getRow(2);
  const ok = columns.every((c, i) => text(header.getCell(i + 1).value) === c.header);
  if (!ok)
    throw new AppError('validation_failed', 'grid.excel.header', [
      { path: 'data', message: 'grid.excel.header' },
    ]);
  const rows: { rowNumber: number; values: Record<string, string> }[] = [];
  ws.eachRow((row, rowNumber) => {
    if (rowNumber <= 2) return;
    const values: Record<string, string> = {};
    columns.forEach((c, i) => (values[c.key] = text(row.getCell(i + 1).value)));
    if (columns.some((c) => c.key !== 'seq' && values[c.key])) rows.push({ rowNumber, values });
  });
  if (rows.length === 0)
    throw new AppError('validation_failed', 'grid.excel.empty', [
      { path: 'data', message: 'grid.excel.empty' },
    ]);
  if (rows.length > 2000)
    throw new AppError('validation_failed', 'grid.excel.too_many', [
      { path: 'data', message: 'grid.excel.too_many' },
    ]);
  return rows;
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

export function createGridExcel({
  db,
  audit,
  clock,
  records,
  grid,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  records: GridRecordsService;
  grid: GridService;
}) {
  /** Villages in scope by name, for import. */
  async function unitsByName(user: CurrentUser) {
    const units = await db
      .selectFrom('org_units')
      .select(['id', 'name', 'path'])
      .where(pathUnder('path', scopePrefix(user)))
      .where('level', 'in', ['village', 'community'])
      .execute();
    return new Map(units.map((u) => [u.name, u]));
  }

  function fail(errors: { row: number; column: string; message: string }[]): never {
    throw new AppError(
      'validation_failed',
      'validation_failed',
      errors.slice(0, 200).map((e) => ({ path: `rows.${e.row}.${e.column}`, message: e.message })),
    );
  }

  return {
    async exportRisks(user: CurrentUser) {
      const { items } = await records.risks(user, { page: 1, pageSize: 500 });
      return workbookOf(
        `${user.unitName}风险台账（${chinaDate(clock.now())}）`,
        RISK_COLUMNS,
        items.map((r) => ({
          unit: r.unitName,
          category: RISK_CATEGORY_ZH[r.category],
          level: RISK_LEVEL_ZH[r.level],
          title: r.title,
          measures: r.measures,
          owner: r.ownerName,
          reviewDate: r.reviewDate,
          status: RISK_STATUS_ZH[r.status],
        })),
      );
    },

    /** All or nothing: any bad row and nothing is written; every bad cell is reported as rows.<n>.<column>. */
    async importRisks(user: CurrentUser, data: string, ip: string) {
      const rows = await readRows(data, RISK_COLUMNS);
      const units = await unitsByName(user);
      const cat = invert(RISK_CATEGORY_ZH);
      const lvl = invert(RISK_LEVEL_ZH);
      const sts = invert(RISK_STATUS_ZH);
      const errors: { row: number; column: string; message: string }[] = [];
      const values = rows.map(({ rowNumber, values: v }) => {
        const err = (column: string, message: string) => errors.push({ row: rowNumber, column, message });
        const unit = units.get(v.unit!);
        if (!unit) err('unit', 'grid.excel.unknown_unit');
        if (!cat[v.category!]) err('category', 'grid.excel.bad_value');
        if (!lvl[v.level!]) err('level', 'grid.excel.bad_value');
        if (!v.title) err('title', 'grid.excel.required');
        if (!v.owner) err('owner', 'grid.excel.required');
        if (!isDate(v.reviewDate!)) err('reviewDate', 'grid.excel.bad_date');
        if (v.status && !sts[v.status]) err('status', 'grid.excel.bad_value');
        return {
          org_unit_id: unit?.id ?? 0,
          category: cat[v.category!] as (typeof RISK_CATEGORIES)[number],
          level: lvl[v.level!] as (typeof RISK_LEVELS)[number],
          title: v.title!.slice(0, 200),
          measures: v.measures!.slice(0, 2000),
          owner_name: v.owner!.slice(0, 40),
          review_date: v.reviewDate!,
          status: (v.status ? sts[v.status] : 'open') as (typeof RISK_STATUSES)[number],
        };
      });
      if (errors.length) fail(errors);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        for (const v of values)
          await trx
            .insertInto('grid_risks')
            .values({ ...v, created_at: now, updated_at: now })
            .execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'grid.risk.import',
          objectType: 'grid_risk',
          newValue: { rows: values.length },
          ip,
        });
      });
      return { imported: values.length };
    },

    async exportDisputes(user: CurrentUser, from?: string, to?: string) {
      const { items } = await records.disputeLedger(user, { from, to, page: 1, pageSize: 5000 });
      const scope = from || to ? `（${from ?? ''}至${to ?? ''}）` : '';
      return workbookOf(
        `${user.unitName}矛盾纠纷分类台账${scope}`,
        DISPUTE_COLUMNS,
        items.map((r) => ({
          date: chinaDate(r.reportedAt),
          unit: r.unitName,
          type: r.disputeTypeName,
          parties: r.parties,
          description: r.description,
          mediator: r.mediatorName ?? '',
          sessions: r.sessions,
          outcome: OUTCOME_ZH[r.outcome],
          agreement: r.agreement ?? '',
          followUp: r.followUpAt ? chinaDate(r.followUpAt) : '',
        })),
      );
    },

    /** Historical disputes into the ledger (e.g. kept in Excel before the platform): all or nothing. */
    async importDisputes(user: CurrentUser, data: string, ip: string) {
      const rows = await readRows(data, DISPUTE_COLUMNS);
      const units = await unitsByName(user);
      const types = await db
        .selectFrom('grid_event_types')
        .select(['code', 'name_zh'])
        .where('class', '=', 'dispute')
        .where('parent_code', 'is not', null)
        .execute();
      const typeByName = new Map(types.map((t) => [t.name_zh, t.code]));
      const outcomeOf = invert(OUTCOME_ZH);
      const errors: { row: number; column: string; message: string }[] = [];
      const parsed = rows.map(({ rowNumber, values: v }) => {
        const err = (column: string, message: string) => errors.push({ row: rowNumber, column, message });
        const unit = units.get(v.unit!);
        if (!unit) err('unit', 'grid.excel.unknown_unit');
        const type = typeByName.get(v.type!);
        if (!type) err('type', 'grid.excel.unknown_type');
        if (!isDate(v.date!)) err('date', 'grid.excel.bad_date');
        if (!v.description) err('description', 'grid.excel.required');
        const outcome = outcomeOf[v.outcome!];
        if (!outcome) err('outcome', 'grid.excel.bad_value');
        if (v.followUp && !isDate(v.followUp)) err('followUp', 'grid.excel.bad_date');
        const sessions = v.sessions ? Number(v.sessions) : 0;
        if (!Number.isInteger(sessions) || sessions < 0) err('sessions', 'grid.excel.bad_value');
        return { v, unit, type, outcome, sessions };
      });
      if (errors.length) fail(errors);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        for (const { v, unit, type, outcome, sessions } of parsed) {
          const at = chinaStartOfDay(v.date!) + 9 * 3_600_000;
          const followUp = v.followUp ? chinaStartOfDay(v.followUp) + 9 * 3_600_000 : null;
          const done = outcome !== 'pending';
          const row = await trx
            .insertInto('grid_events')
            .values({
              class: 'dispute',
              type_code: type!,
              org_unit_id: unit!.id,
              unit_path: unit!.path,
              grid_id: null,
              place: unit!.name,
              lat: null,
              lng: null,
              occurred_at: at,
              description: v.description!.slice(0, 2000),
              scale: 'small',
              people_involved: 0,
              source: 'resident',
              campaign_id: null,
              campaign_sub_category: null,
              reporter_id: user.id,
              reporter_name: user.displayName,
              status: done ? 'closed' : 'in_handling',
              stage_started_at: at,
              yellow_at: null,
              due_at: null,
              extension_days: 0,
              manual_supervision: 'normal',
              escalated_to: null,
              handler_unit_id: unit!.id,
              handler_dept: null,
              duplicate_of: null,
              reported_at: at,
              accepted_at: at,
              replied_at: done ? (followUp ?? at) : null,
              closed_at: done ? (followUp ?? at) : null,
              closed_on_time: done ? 1 : null,
              escalated: 0,
              mediation_status: done ? 'archived' : 'mediating',
              mediator_name: v.mediator || null,
              mediation_sessions: sessions,
              agreement: outcome === 'resolved' ? v.agreement || '（导入）' : null,
              referred_to: outcome === 'referred' ? v.agreement || '（导入）' : null,
              follow_up_at: followUp,
              archived_at: done ? (followUp ?? at) : null,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await grid.bump(
            trx,
            { unit_path: unit!.path, reported_at: at, class: 'dispute', type_code: type! },
            { reported: 1, closed: done ? 1 : 0, on_time: done ? 1 : 0 },
          );
          const names = v
            .parties!.split(/[、，,;；]/)
            .map((s) => s.replace(/[(（].*$/, '').trim())
            .filter(Boolean);
          for (const name of names.slice(0, 20))
            await trx
              .insertInto('grid_event_parties')
              .values({
                event_id: row.id,
                name: name.slice(0, 40),
                role: 'party',
                id_number_enc: null,
                id_number_hash: null,
                id_number_masked: null,
                phone_enc: null,
                phone_masked: null,
              })
              .execute();
          await trx
            .insertInto('grid_event_log')
            .values({
              event_id: row.id,
              action: 'import',
              from_status: null,
              to_status: done ? 'closed' : 'in_handling',
              actor_id: user.id,
              actor_name: user.displayName,
              at: now,
              reason: '台账导入',
              attachment_ids: '[]',
              detail: null,
            })
            .execute();
        }
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'grid.dispute.import',
          objectType: 'grid_event',
          newValue: { rows: parsed.length },
          ip,
        });
      });
      return { imported: parsed.length };
    },
  };
}

export type GridExcel = ReturnType<typeof createGridExcel>;
