import { existsSync } from 'node:fs';
import { chinaDate, monthBounds, rankVillages, weekOf, type Ranking } from '@fivestar/common';
import { sql } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { notFound } from '../../http/errors.ts';
import { findUnitInScope, pathUnder, scopedSubtree } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import { slipWhere, starName, type SupervisionService } from './supervision.service.ts';

/** The CJK font of the ratings documents (Debian fonts-wqy-microhei). */
const CJK_FONT_FILE = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const CJK_FONT_NAME = 'WenQuanYiMicroHei';
const VILLAGE_LEVELS = ['village', 'community'];

/**
 * Weekly scheduling (一周一调度), the monthly ranking with 流动红旗/黄旗 and its 通报 (PDF and Word), and the
 * progress wall (挂图作战). Every figure is counted from the items.
 */
export function createReportsService({
  db,
  audit,
  clock,
  supervision,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  supervision: SupervisionService;
}) {
  async function prefixOf(user: CurrentUser, unitId?: number) {
    const prefix = await scopedSubtree(db, user, unitId);
    if (prefix === null) throw notFound();
    return prefix;
  }

  async function villagesUnder(prefix: string) {
    return db
      .selectFrom('org_units')
      .select(['id', 'name', 'path'])
      .where(pathUnder('path', prefix))
      .where('level', 'in', VILLAGE_LEVELS)
      .orderBy('sort')
      .orderBy('id')
      .execute();
  }

  async function ranking(user: CurrentUser, query: { unitId?: number; month?: string }): Promise<Ranking> {
    const prefix = await prefixOf(user, query.unitId);
    const month = query.month ?? chinaDate(clock.now()).slice(0, 7);
    const { start, end } = monthBounds(month);
    const settings = await supervision.settingsFor(db, prefix);
    // Month end as an instant: closed "by" a date means closed before the next day began in China.
    const endMs = Date.parse(`${end}T00:00:00Z`) - 8 * 3600_000 + 86_400_000;
    const startMs = Date.parse(`${start}T00:00:00Z`) - 8 * 3600_000;
    const rows = await db
      .selectFrom('sv_items as i')
      .select([
        'i.org_unit_id',
        sql<number>`sum(case when i.deadline <= ${end} then 1 else 0 end)`.as('due'),
        sql<number>`sum(case when i.deadline < ${end} and (i.status <> 'closed' or i.closed_at >= ${endMs}) then 1 else 0 end)`.as(
          'overdue',
        ),
        sql<number>`sum(case when i.closed_at >= ${startMs} and i.closed_at < ${endMs} then 1 else 0 end)`.as(
          'closed_in_month',
        ),
      ])
      .where(pathUnder('i.unit_path', prefix))
      .where('i.year', '=', Number(month.slice(0, 4)))
      .groupBy('i.org_unit_id')
      .execute();
    // On time: closed no later than the end of its deadline day; counted per item.
    const onTime = await db
      .selectFrom('sv_items as i')
      .select(['i.org_unit_id', 'i.deadline', 'i.closed_at'])
      .where(pathUnder('i.unit_path', prefix))
      .where('i.status', '=', 'closed')
      .where('i.deadline', '<=', end)
      .where('i.year', '=', Number(month.slice(0, 4)))
      .execute();
    const onTimeBy = new Map<number, number>();
    for (const r of onTime) {
      const dayEnd = Date.parse(`${r.deadline}T00:00:00Z`) - 8 * 3600_000 + 86_400_000;
      if (r.closed_at !== null && Number(r.closed_at) < dayEnd && Number(r.closed_at) < endMs)
        onTimeBy.set(r.org_unit_id, (onTimeBy.get(r.org_unit_id) ?? 0) + 1);
    }
    const villages = await villagesUnder(prefix);
    const byUnit = new Map(rows.map((r) => [r.org_unit_id, r]));
    const ranked = rankVillages(
      villages.map((v) => {
        const r = byUnit.get(v.id);
        return {
          unitId: v.id,
          due: Number(r?.due ?? 0),
          closedOnTime: onTimeBy.get(v.id) ?? 0,
          overdue: Number(r?.overdue ?? 0),
          closedInMonth: Number(r?.closed_in_month ?? 0),
        };
      }),
      settings.flagCount,
    );
    const names = new Map(villages.map((v) => [v.id, v.name]));
    const root = query.unitId ? await findUnitInScope(db, user, query.unitId) : { name: user.unitName };
    return {
      month,
      unitName: root?.name ?? user.unitName,
      flagCount: settings.flagCount,
      rows: ranked.map((r) => ({ ...r, unitName: names.get(r.unitId) ?? '' })),
    };
  }

  async function circularPdf(r: Ranking): Promise<Buffer> {
    if (!existsSync(CJK_FONT_FILE))
      throw new Error(`CJK font missing: ${CJK_FONT_FILE} (apt-get install fonts-wqy-microhei)`);
    const { default: PDFDocument } = await import('pdfkit');
    const lines = circularLines(r);
    return new Promise((resolve, reject) => {
      const doc = new PDFDocument({
        size: 'A4',
        margin: 56,
        info: { Title: lines.title, Producer: 'FiveStar' },
      });
      doc.registerFont('cjk', CJK_FONT_FILE, CJK_FONT_NAME);
      doc.font('cjk');
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.fontSize(18).text(lines.title, { align: 'center' });
      doc.moveDown();
      doc.fontSize(11);
      for (const p of lines.paragraphs) doc.text(p, { indent: 22, lineGap: 4 }).moveDown(0.5);
      doc.moveDown(0.5);
      const cols = [40, 150, 70, 70, 60, 60];
      const x0 = doc.page.margins.left;
      const row = (cells: string[], bold = false) => {
        if (doc.y > doc.page.height - doc.page.margins.bottom - 24) doc.addPage();
        const y = doc.y;
        let x = x0;
        cells.forEach((c, i) => {
          doc.text(c, x + 2, y, { width: cols[i]! - 4, lineBreak: false });
          x += cols[i]!;
        });
        doc
          .moveTo(x0, y + 16)
          .lineTo(x, y + 16)
          .lineWidth(bold ? 0.8 : 0.3)
          .stroke();
        doc.x = x0;
        doc.y = y + 20;
      };
      row(lines.head, true);
      for (const cells of lines.rows) row(cells);
      doc.moveDown();
      doc.text(lines.footer, x0, doc.y, { align: 'right' });
      doc.end();
    });
  }

  async function circularDocx(r: Ranking): Promise<Buffer> {
    const d = await import('docx');
    const lines = circularLines(r);
    const font = { ascii: 'SimSun', eastAsia: '仿宋_GB2312', hAnsi: 'SimSun' };
    const cell = (text: string, bold = false) =>
      new d.TableCell({
        children: [
          new d.Paragraph({
            alignment: d.AlignmentType.CENTER,
            children: [new d.TextRun({ text, bold, font, size: 24 })],
          }),
        ],
      });
    const doc = new d.Document({
      creator: 'FiveStar',
      title: lines.title,
      sections: [
        {
          children: [
            new d.Paragraph({
              alignment: d.AlignmentType.CENTER,
              spacing: { after: 300 },
              children: [
                new d.TextRun({
                  text: lines.title,
                  bold: true,
                  size: 36,
                  font: { eastAsia: '方正小标宋简体', ascii: 'SimHei', hAnsi: 'SimHei' },
                }),
              ],
            }),
            ...lines.paragraphs.map(
              (p) =>
                new d.Paragraph({
                  indent: { firstLine: 640 },
                  spacing: { line: 560 },
                  children: [new d.TextRun({ text: p, font, size: 32 })],
                }),
            ),
            new d.Table({
              width: { size: 100, type: d.WidthType.PERCENTAGE },
              rows: [
                new d.TableRow({ tableHeader: true, children: lines.head.map((h) => cell(h, true)) }),
                ...lines.rows.map((cells) => new d.TableRow({ children: cells.map((c) => cell(c)) })),
              ],
            }),
            new d.Paragraph({
              alignment: d.AlignmentType.RIGHT,
              spacing: { before: 400 },
              children: [new d.TextRun({ text: lines.footer, font, size: 32 })],
            }),
          ],
        },
      ],
    });
    return d.Packer.toBuffer(doc);
  }

  function circularLines(r: Ranking) {
    const [y, m] = r.month.split('-').map(Number);
    const red = r.rows.filter((x) => x.flag === 'red').map((x) => x.unitName);
    const yellow = r.rows.filter((x) => x.flag === 'yellow').map((x) => x.unitName);
    const due = r.rows.reduce((s, x) => s + x.due, 0);
    const onTime = r.rows.reduce((s, x) => s + x.closedOnTime, 0);
    const overdue = r.rows.reduce((s, x) => s + x.overdue, 0);
    return {
      title: `关于${y}年${m}月“五星”支部创建工作排名情况的通报`,
      paragraphs: [
        `各村（社区）党支部：`,
        `现将${y}年${m}月${r.unitName}“五星”支部创建任务推进情况通报如下。截至月末，到期任务${due}项，按期销号${onTime}项，逾期未销号${overdue}项。`,
        red.length ? `按期销号率居前的${red.join('、')}获得本月流动红旗，在月度研判会上作经验交流。` : '',
        yellow.length
          ? `排名靠后的${yellow.join('、')}挂黄旗，须在月度研判会上作表态发言，说明整改措施和完成时限。`
          : '',
        `各村要对照任务清单、问题清单逐项抓好落实，逾期事项一律提级督办。`,
      ].filter(Boolean),
      head: ['名次', '村（社区）', '到期任务', '按期销号', '逾期', '旗帜'],
      rows: r.rows.map((x) => [
        String(x.rank),
        x.unitName,
        String(x.due),
        String(x.closedOnTime),
        String(x.overdue),
        x.flag === 'red' ? '红旗' : x.flag === 'yellow' ? '黄旗' : '',
      ]),
      footer: `${r.unitName}\n${chinaDate(clock.now()).replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}`,
    };
  }

  return {
    ranking,

    async circular(
      user: CurrentUser,
      query: { unitId?: number; month?: string; format: 'pdf' | 'docx' },
      ip: string,
    ) {
      const r = await ranking(user, query);
      const body = query.format === 'pdf' ? await circularPdf(r) : await circularDocx(r);
      await db.transaction().execute((trx) =>
        audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.export.circular',
          objectType: 'org_unit',
          objectId: query.unitId ?? user.unitId,
          newValue: { role: user.role, month: r.month, format: query.format, rows: r.rows.length },
          ip,
        }),
      );
      return {
        body,
        name: `通报-${r.month}.${query.format}`,
        mime:
          query.format === 'pdf'
            ? 'application/pdf'
            : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      };
    },

    async weekly(user: CurrentUser, query: { unitId?: number; date?: string }) {
      const prefix = await prefixOf(user, query.unitId);
      const day = query.date ?? chinaDate(clock.now());
      const { start, end } = weekOf(day);
      const startMs = Date.parse(`${start}T00:00:00Z`) - 8 * 3600_000;
      const endMs = startMs + 7 * 86_400_000;
      // Overdue as of the week's end, or today for the week under way.
      const todayStr = chinaDate(clock.now());
      const asOf = end < todayStr ? end : todayStr;
      const asOfMs = Date.parse(`${asOf}T00:00:00Z`) - 8 * 3600_000;
      const rows = await db
        .selectFrom('sv_items as i')
        .innerJoin('org_units as o', 'o.id', 'i.org_unit_id')
        .select([
          'i.org_unit_id',
          'o.name',
          'i.star_code',
          sql<number>`sum(case when i.created_at < ${endMs} then 1 else 0 end)`.as('total'),
          sql<number>`sum(case when i.closed_at is not null and i.closed_at < ${endMs} and i.status = 'closed' then 1 else 0 end)`.as(
            'closed',
          ),
          sql<number>`sum(case when i.created_at >= ${startMs} and i.created_at < ${endMs} then 1 else 0 end)`.as(
            'new_items',
          ),
          sql<number>`sum(case when i.closed_at >= ${startMs} and i.closed_at < ${endMs} then 1 else 0 end)`.as(
            'closed_in_week',
          ),
          sql<number>`sum(case when i.created_at < ${endMs} and i.deadline < ${asOf} and (i.status <> 'closed' or i.closed_at >= ${asOfMs}) then 1 else 0 end)`.as(
            'overdue',
          ),
        ])
        .where(pathUnder('i.unit_path', prefix))
        // The year's lists: the week's year (a week across New Year counts with the year it ends in).
        .where('i.year', '=', Number(end.slice(0, 4)))
        .groupBy(['i.org_unit_id', 'o.name', 'o.sort', 'i.star_code'])
        .orderBy('o.sort')
        .orderBy('i.star_code')
        .execute();
      const out = rows
        .map((r) => ({
          unitId: r.org_unit_id,
          unitName: r.name,
          starCode: r.star_code,
          starName: starName(r.star_code),
          total: Number(r.total ?? 0),
          closed: Number(r.closed ?? 0),
          newItems: Number(r.new_items ?? 0),
          closedInWeek: Number(r.closed_in_week ?? 0),
          overdue: Number(r.overdue ?? 0),
        }))
        .filter((r) => r.total > 0);
      const sum = (k: 'total' | 'closed' | 'newItems' | 'closedInWeek' | 'overdue') =>
        out.reduce((s, r) => s + r[k], 0);
      return {
        weekStart: start,
        weekEnd: end,
        rows: out,
        totals: {
          total: sum('total'),
          closed: sum('closed'),
          newItems: sum('newItems'),
          closedInWeek: sum('closedInWeek'),
          overdue: sum('overdue'),
        },
      };
    },

    /** 挂图作战: villages × stars; each cell the state of that star's items (held stars marked). */
    async wall(user: CurrentUser, query: { unitId?: number; year?: number }) {
      const prefix = await prefixOf(user, query.unitId);
      const day = chinaDate(clock.now());
      const year = query.year ?? Number(day.slice(0, 4));
      const villages = await villagesUnder(prefix);
      const counts = await db
        .selectFrom('sv_items as i')
        .select([
          'i.org_unit_id',
          'i.star_code',
          sql<number>`count(*)`.as('total'),
          sql<number>`sum(case when i.status = 'closed' then 1 else 0 end)`.as('closed'),
          sql<number>`sum(case when ${slipWhere('red', day)} then 1 else 0 end)`.as('red'),
          sql<number>`sum(case when ${slipWhere('yellow', day)} then 1 else 0 end)`.as('yellow'),
          sql<number>`sum(case when ${slipWhere('blue', day)} then 1 else 0 end)`.as('blue'),
        ])
        .where(pathUnder('i.unit_path', prefix))
        .where('i.year', '=', year)
        .groupBy(['i.org_unit_id', 'i.star_code'])
        .execute();
      const held = await db
        .selectFrom('star_awards')
        .select(['org_unit_id', 'star_code'])
        .where(pathUnder('unit_path', prefix))
        // Held this year, or last year (the base of this year's lists: a star held needs no list).
        .where('year', 'in', [year - 1, year])
        .where('status', '=', 'active')
        .execute();
      const heldSet = new Set(held.map((h) => `${h.org_unit_id}|${h.star_code}`));
      const stds = await db
        .selectFrom('rating_standards')
        .select(['definition'])
        .where('year', '=', year)
        .where('status', '=', 'published')
        .execute();
      const stars: { code: string; name: string }[] = [];
      for (const s of stds)
        for (const st of (JSON.parse(s.definition) as { stars: { code: string; name: string }[] }).stars)
          if (!stars.some((x) => x.code === st.code)) stars.push({ code: st.code, name: st.name });
      for (const c of counts)
        if (!stars.some((x) => x.code === c.star_code))
          stars.push({ code: c.star_code, name: starName(c.star_code) });
      const byKey = new Map(counts.map((c) => [`${c.org_unit_id}|${c.star_code}`, c]));
      return {
        year,
        stars,
        rows: villages.map((v) => ({
          unitId: v.id,
          unitName: v.name,
          cells: Object.fromEntries(
            stars.map((s) => {
              const c = byKey.get(`${v.id}|${s.code}`);
              const cell = {
                total: Number(c?.total ?? 0),
                closed: Number(c?.closed ?? 0),
                red: Number(c?.red ?? 0),
                yellow: Number(c?.yellow ?? 0),
                blue: Number(c?.blue ?? 0),
                held: heldSet.has(`${v.id}|${s.code}`),
              };
              const state =
                cell.red > 0
                  ? 'red'
                  : cell.yellow > 0
                    ? 'yellow'
                    : cell.blue > 0
                      ? 'blue'
                      : cell.total > 0 && cell.closed === cell.total
                        ? 'done'
                        : cell.total > 0
                          ? 'on_track'
                          : cell.held
                            ? 'held'
                            : 'none';
              return [s.code, { ...cell, state: state as 'none' }];
            }),
          ),
        })),
      };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
