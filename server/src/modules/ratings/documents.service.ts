import { existsSync } from 'node:fs';
import {
  applyCapstone,
  chinaDate,
  defaultStandard,
  type PublicNotice,
  type StandardDefinition,
} from '@fivestar/common';
import type ExcelJS from 'exceljs';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, invalidField, notFound } from '../../http/errors.ts';
import { findUnitInScope, inScope, pathUnder } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import { recomputeBranchRatings, type RatingsService } from './ratings.service.ts';

/** The CJK font (Debian fonts-wqy-microhei); a .ttc needs the PostScript name of the face (fc-query). */
export const CJK_FONT_FILE = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
export const CJK_FONT_NAME = 'WenQuanYiMicroHei';

const SHEET = '五星支部评定表';
const FIXED_HEAD = ['序号', '管区', '村（社区）', '支部名称', '类型'];
const TAIL_HEAD = ['星级（颗）', '备注'];
const HELD = new Set(['★', '√', '✓', '1', '是']);

/** The Excel and PDF libraries are loaded at first use, not at start-up (~1.2 s of a restart; security.md item 40). */
const excel = () => import('exceljs').then((m) => m.default);

async function pdfBuffer(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  if (!existsSync(CJK_FONT_FILE))
    throw new Error(`CJK font missing: ${CJK_FONT_FILE} (apt-get install fonts-wqy-microhei)`);
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: 'FiveStar', Producer: 'FiveStar' },
    });
    doc.registerFont('cjk', CJK_FONT_FILE, CJK_FONT_NAME);
    doc.font('cjk');
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

/** 2026年11月29日, the day in China of an instant. */
const ymd = (ms: number) => {
  const [y, m, d] = chinaDate(ms).split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** The notice and certificate PDFs (Chinese text), the year's rating table as Excel and its all-or-nothing import. */
export function createDocumentsService({
  db,
  audit,
  clock,
  ratings,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  ratings: RatingsService;
}) {
  async function starColumns(year: number) {
    const defs: Record<'rural' | 'urban', StandardDefinition> = {
      rural: defaultStandard('rural'),
      urban: defaultStandard('urban'),
    };
    for (const s of await ratings.listStandards(year))
      if (s.status === 'published') defs[s.branchKind] = s.definition;
    const cols = [...defs.rural.stars];
    for (const s of defs.urban.stars) if (!cols.some((c) => c.code === s.code)) cols.push(s);
    return { cols, defs };
  }

  return {
    noticePdf(notice: PublicNotice): Promise<Buffer> {
      return pdfBuffer((doc) => {
        doc.fontSize(18).text(notice.title, { align: 'center' });
        doc.moveDown();
        doc
          .fontSize(11)
          .text(
            `经村级自评申报、乡镇初审推荐、县级审核评定，现将以下党支部${notice.year}年度“五星”支部创建评定结果予以公示。` +
              `公示期：${ymd(Date.parse(notice.startsAt))}至${ymd(Date.parse(notice.endsAt) - 1)}。公示期间如有异议，可通过公示页面提交。`,
          );
        doc.moveDown();
        const byBranch = new Map<string, string[]>();
        for (const it of notice.items)
          byBranch.set(it.branchName, [...(byBranch.get(it.branchName) ?? []), it.starName]);
        let i = 1;
        for (const [branch, stars] of byBranch) {
          doc.fontSize(12).text(`${i++}. ${branch}：${stars.join('、')}`);
        }
        if (notice.objections.length > 0) {
          doc.moveDown().fontSize(12).text('异议处理情况：');
          for (const o of notice.objections)
            doc
              .fontSize(11)
              .text(
                `异议 ${o.id}：${o.status === 'open' ? '处理中' : o.status === 'upheld' ? '成立' : '不成立'}${o.outcome ? `，${o.outcome}` : ''}`,
              );
        }
        doc.moveDown(2).fontSize(12).text(notice.unitName, { align: 'right' });
        doc.text(ymd(Date.parse(notice.startsAt)), { align: 'right' });
      });
    },

    async certificatePdf(user: CurrentUser, awardId: number): Promise<Buffer> {
      const a = await db
        .selectFrom('star_awards as a')
        .innerJoin('party_branches as b', 'b.id', 'a.branch_id')
        .select(['a.id', 'a.year', 'a.star_code', 'a.status', 'a.awarded_at', 'b.name', 'b.kind'])
        .where('a.id', '=', awardId)
        .where(pathUnder('a.unit_path', user.unitPath))
        .executeTakeFirst();
      if (!a || a.status !== 'active') throw notFound();
      const { defs } = await starColumns(Number(a.year));
      const star = defs[a.kind as 'rural' | 'urban'].stars.find((s) => s.code === a.star_code);
      return pdfBuffer((doc) => {
        doc.moveDown(4).fontSize(32).text('荣 誉 证 书', { align: 'center' });
        doc.moveDown(2).fontSize(16).text(`${a.name}：`);
        doc
          .moveDown()
          .text(`在${a.year}年度“五星”支部创建工作中，经评定，被命名为“${star?.name ?? a.star_code}”。`, {
            indent: 32,
          });
        doc.moveDown().text('特发此证，以资鼓励。', { indent: 32 });
        doc.moveDown(4).fontSize(14).text('中共范县县委组织部', { align: 'right' });
        doc.text(ymd(Number(a.awarded_at)), { align: 'right' });
        doc
          .moveDown(2)
          .fontSize(9)
          .text(`证书编号：FS-${a.year}-${String(a.id).padStart(6, '0')}`, { align: 'left' });
      });
    },

    /** The year's rating table for the caller's scope, one row per branch, one ★ column per star. */
    async exportXlsx(user: CurrentUser, year: number, unitId?: number): Promise<Buffer> {
      const unit = await findUnitInScope(db, user, unitId ?? user.unitId);
      if (!unit) throw notFound();
      const { cols } = await starColumns(year);
      const rows = await db
        .selectFrom('party_branches as b')
        .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
        .leftJoin('org_units as d', 'd.id', 'o.parent_id')
        .leftJoin('branch_ratings as r', (j) => j.onRef('r.branch_id', '=', 'b.id').on('r.year', '=', year))
        .select(['b.name', 'b.kind', 'o.name as unit_name', 'd.name as district_name', 'r.stars'])
        .where(pathUnder('o.path', unit.path))
        .orderBy('o.path')
        .execute();
      const wb = new (await excel()).Workbook();
      const ws = wb.addWorksheet(SHEET);
      const head = [...FIXED_HEAD, ...cols.map((c) => c.name), ...TAIL_HEAD];
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
          ...cols.map((c) => (held.has(c.code) ? '★' : '')),
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
        newValue: { year, rows: rows.length },
      });
      return Buffer.from(await wb.xlsx.writeBuffer());
    },

    /**
     * Imports a past year's ratings from the export layout. Every row is checked first (branch in scope, star
     * columns valid for the branch kind, the capstone rule, the star count); one bad row and nothing is written.
     */
    async importXlsx(user: CurrentUser, year: number, body: Buffer, ip: string) {
      const errors: { row: number; column: string | null; message: string }[] = [];
      if (year >= new Date(clock.now()).getUTCFullYear()) throw invalidField('year', 'ratings.import_failed');
      const wb = new (await excel()).Workbook();
      try {
        await wb.xlsx.load(body as unknown as ArrayBuffer);
      } catch {
        throw new AppError('unsupported_media_type', 'ratings.file_type');
      }
      const ws = wb.getWorksheet(SHEET) ?? wb.worksheets[0];
      if (!ws)
        return { ok: false, rows: 0, written: 0, errors: [{ row: 1, column: null, message: '缺少工作表' }] };
      const { cols, defs } = await starColumns(year);
      const header = (ws.getRow(2).values as unknown[]).slice(1).map((v) => String(v ?? '').trim());
      const colIndex = new Map(header.map((h, i) => [h, i + 1]));
      for (const h of [...FIXED_HEAD, ...cols.map((c) => c.name), TAIL_HEAD[0]!])
        if (!colIndex.has(h)) errors.push({ row: 2, column: h, message: `缺少列“${h}”` });
      if (errors.length) return { ok: false, rows: 0, written: 0, errors };
      const text = (r: ExcelJS.Row, name: string) => {
        const v = r.getCell(colIndex.get(name)!).value;
        return v === null || v === undefined
          ? ''
          : String(typeof v === 'object' && 'result' in v ? v.result : v).trim();
      };
      const plan: { branch: { id: number; org_unit_id: number; path: string }; stars: string[] }[] = [];
      const seen = new Set<number>();
      let count = 0;
      for (let n = 3; n <= ws.rowCount; n++) {
        const r = ws.getRow(n);
        const name = text(r, '支部名称');
        if (!name && !text(r, '村（社区）')) continue;
        count++;
        const branch = await db
          .selectFrom('party_branches as b')
          .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
          .select(['b.id', 'b.org_unit_id', 'b.kind', 'o.path'])
          .where('b.name', '=', name)
          .where(inScope('b.org_unit_id', user))
          .executeTakeFirst();
        if (!branch) {
          errors.push({ row: n, column: '支部名称', message: `本辖区内没有“${name}”` });
          continue;
        }
        if (seen.has(branch.id)) {
          errors.push({ row: n, column: '支部名称', message: `“${name}”重复` });
          continue;
        }
        seen.add(branch.id);
        const def = defs[branch.kind as 'rural' | 'urban'];
        const stars: string[] = [];
        for (const c of cols) {
          const v = text(r, c.name);
          if (v === '') continue;
          if (!HELD.has(v)) {
            errors.push({ row: n, column: c.name, message: `无法识别“${v}”（填 ★ 或留空）` });
            continue;
          }
          if (!def.stars.some((s) => s.code === c.code)) {
            errors.push({ row: n, column: c.name, message: `${c.name}不适用于该类型支部` });
            continue;
          }
          stars.push(c.code);
        }
        if (applyCapstone(def, stars).length !== stars.length)
          errors.push({
            row: n,
            column: def.stars.find((s) => s.code === def.capstone.starCode)?.name ?? null,
            message: '支部过硬星须同时具备其他四星',
          });
        const level = text(r, TAIL_HEAD[0]!);
        if (level !== '' && Number(level) !== stars.length)
          errors.push({
            row: n,
            column: TAIL_HEAD[0]!,
            message: `星级 ${level} 与所标星数 ${stars.length} 不符`,
          });
        plan.push({ branch, stars });
      }
      if (errors.length) return { ok: false, rows: count, written: 0, errors };
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        for (const p of plan) {
          await trx
            .deleteFrom('star_awards')
            .where('branch_id', '=', p.branch.id)
            .where('year', '=', year)
            .execute();
          for (const star of p.stars)
            await trx
              .insertInto('star_awards')
              .values({
                branch_id: p.branch.id,
                org_unit_id: p.branch.org_unit_id,
                unit_path: p.branch.path,
                year,
                star_code: star,
                status: 'active',
                application_id: null,
                source: 'import',
                awarded_at: now,
                awarded_by: user.id,
                revoked_at: null,
                revoked_by: null,
                revoked_reason: null,
              })
              .execute();
        }
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
      return { ok: true, rows: count, written: plan.length, errors: [] };
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
