import { applyCapstone, type ImportReport, type StarType } from '@fivestar/common';
import type ExcelJS from 'exceljs';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { DEFAULT_IMPORT_LIMITS, excel, openWorkbook, type ImportLimits } from '../../files/excel.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { invalidField, notFound } from '../../http/errors.ts';
import { findUnitInScope } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import { recomputeBranchRatings, writeAwards, type AwardedBranch } from './awards.repository.ts';
import { branchKindOf, type StandardsService } from './standards.service.ts';
import { branchByName } from './branches.repository.ts';
import { ratingTableRows } from './stats.repository.ts';

const SHEET = '五星支部评定表';
const FIXED_HEAD = ['序号', '管区', '村（社区）', '支部名称', '类型'];
const LEVEL_HEAD = '星级（颗）';
const TAIL_HEAD = [LEVEL_HEAD, '备注'];
const HELD = new Set(['★', '√', '✓', '1', '是']);

/** Branches of one imported table (a county has a few thousand at most). */
const MAX_ROWS = 20_000;

/**
 * The year's rating table as the county keeps it in Excel (评定情况表: one row per branch, a ★ column per star), and
 * its all-or-nothing import for past years kept on paper.
 */
export function createRatingTableService({
  db,
  audit,
  clock,
  standards,
  importLimits = DEFAULT_IMPORT_LIMITS,
}: {
  importLimits?: ImportLimits;
  db: Db;
  audit: AuditService;
  clock: Clock;
  standards: StandardsService;
}) {
  return {
    /** The year's rating table for the caller's scope. */
    async exportXlsx(user: CurrentUser, year: number, unitId?: number): Promise<Buffer> {
      const unit = await findUnitInScope(db, user, unitId ?? user.unitId);
      if (!unit) throw notFound();
      const { stars } = await standards.ofYear(year);
      const rows = await ratingTableRows(db, unit.path, year);
      const wb = new (await excel()).Workbook();
      const ws = wb.addWorksheet(SHEET);
      const head = [...FIXED_HEAD, ...stars.map((c) => c.name), ...TAIL_HEAD];
      ws.addRow([`${unit.name}${year}年度“五星”支部创建评定情况表`]);
      ws.mergeCells(1, 1, 1, head.length);
      ws.getRow(1).font = { bold: true, size: 14 };
      ws.addRow(head).font = { bold: true };
      rows.forEach((r, i) => {
        const held = new Set(r.stars ? r.stars.split(',') : []);
        ws.addRow([
          i + 1,
          r.district_name ?? '',
          r.unit_name,
          r.name,
          r.kind === 'urban' ? '城市社区' : '农村',
          ...stars.map((c) => (held.has(c.code) ? '★' : '')),
          held.size,
          '',
        ]);
      });
      ws.columns.forEach((c, i) => (c.width = i === 3 ? 24 : i < 5 ? 12 : 10));
      await audit.record(db, {
        actorId: user.id,
        actorName: user.username,
        action: 'ratings.export',
        objectType: 'org_unit',
        objectId: unit.id,
        newValue: { role: user.role, year, rows: rows.length },
      });
      return Buffer.from(await wb.xlsx.writeBuffer());
    },

    /**
     * Imports a past year's ratings from the export layout. Every row is checked first (branch in scope, star
     * columns valid for the branch kind, the capstone rule, the star count); one bad row and nothing is written.
     */
    async importXlsx(user: CurrentUser, year: number, body: Uint8Array, ip: string): Promise<ImportReport> {
      if (year >= new Date(clock.now()).getUTCFullYear()) throw invalidField('year', 'ratings.import_failed');
      // Bounded before parsing (zip bomb, entries, rows): server/src/files/excel.ts.
      const wb = await openWorkbook(body, {
        limits: importLimits,
        maxRows: MAX_ROWS,
        prefix: 'ratings.excel',
        field: 'file',
        unreadableCode: 'unsupported_media_type',
      });
      const ws = wb.getWorksheet(SHEET) ?? wb.worksheets[0];
      if (!ws)
        return { ok: false, rows: 0, written: 0, errors: [{ row: 1, column: null, message: '缺少工作表' }] };
      const { stars, defs } = await standards.ofYear(year);
      const read = readSheet(ws, stars);
      if (!read.ok) return { ok: false, rows: 0, written: 0, errors: read.errors };
      const errors: ImportReport['errors'] = [];
      const plan: { branch: AwardedBranch; stars: string[] }[] = [];
      const seen = new Set<number>();
      for (const row of read.rows) {
        const branch = await branchByName(db, user, row.branchName);
        if (!branch) {
          errors.push({ row: row.n, column: '支部名称', message: `本辖区内没有“${row.branchName}”` });
          continue;
        }
        if (seen.has(branch.id)) {
          errors.push({ row: row.n, column: '支部名称', message: `“${row.branchName}”重复` });
          continue;
        }
        seen.add(branch.id);
        const def = defs[branchKindOf(branch.kind)];
        const held: string[] = [];
        for (const [star, value] of row.marks) {
          if (!HELD.has(value)) {
            errors.push({ row: row.n, column: star.name, message: `无法识别“${value}”（填 ★ 或留空）` });
            continue;
          }
          if (!def.stars.some((s) => s.code === star.code)) {
            errors.push({ row: row.n, column: star.name, message: `${star.name}不适用于该类型支部` });
            continue;
          }
          held.push(star.code);
        }
        if (applyCapstone(def, held).length !== held.length)
          errors.push({
            row: row.n,
            column: def.stars.find((s) => s.code === def.capstone.starCode)?.name ?? null,
            message: '支部过硬星须同时具备其他四星',
          });
        if (row.level !== '' && Number(row.level) !== held.length)
          errors.push({
            row: row.n,
            column: LEVEL_HEAD,
            message: `星级 ${row.level} 与所标星数 ${held.length} 不符`,
          });
        plan.push({ branch, stars: held });
      }
      if (errors.length) return { ok: false, rows: read.rows.length, written: 0, errors };
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        for (const p of plan)
          await writeAwards(trx, {
            branch: p.branch,
            year,
            stars: p.stars,
            source: 'import',
            applicationId: null,
            by: user.id,
            now,
            replaceYear: true,
          });
        await recomputeBranchRatings(
          trx,
          year,
          plan.map((p) => p.branch.id),
          now,
        );
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.import',
          objectType: 'rating_year',
          objectId: year,
          newValue: { rows: plan.length, stars: plan.reduce((s, p) => s + p.stars.length, 0) },
          ip,
        });
      });
      return { ok: true, rows: read.rows.length, written: plan.length, errors: [] };
    },
  };
}

/**
 * The sheet's data rows (from row 3, blank rows skipped): the branch name, the non-empty star cells and the level
 * as written; or the header columns that are missing.
 */
interface SheetRow {
  n: number;
  branchName: string;
  /** The star columns written in, with what was written. */
  marks: [StarType, string][];
  level: string;
}

function readSheet(
  ws: ExcelJS.Worksheet,
  stars: StarType[],
): { ok: true; rows: SheetRow[] } | { ok: false; errors: ImportReport['errors'] } {
  const header = (ws.getRow(2).values as unknown[]).slice(1).map((v) => String(v ?? '').trim());
  const colIndex = new Map(header.map((h, i) => [h, i + 1]));
  const missing = [...FIXED_HEAD, ...stars.map((c) => c.name), LEVEL_HEAD].filter((h) => !colIndex.has(h));
  if (missing.length)
    return { ok: false, errors: missing.map((h) => ({ row: 2, column: h, message: `缺少列“${h}”` })) };
  const text = (r: ExcelJS.Row, name: string) => {
    const v = r.getCell(colIndex.get(name)!).value;
    return v === null || v === undefined
      ? ''
      : String(typeof v === 'object' && 'result' in v ? v.result : v).trim();
  };
  const rows: SheetRow[] = [];
  for (let n = 3; n <= ws.rowCount; n++) {
    const r = ws.getRow(n);
    const branchName = text(r, '支部名称');
    if (!branchName && !text(r, '村（社区）')) continue;
    const marks = stars.map((s) => [s, text(r, s.name)] as [StarType, string]).filter(([, v]) => v !== '');
    rows.push({ n, branchName, marks, level: text(r, LEVEL_HEAD) });
  }
  return { ok: true, rows };
}

export type RatingTableService = ReturnType<typeof createRatingTableService>;
