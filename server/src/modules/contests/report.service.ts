import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import type { AuditService } from '../audit/index.ts';
import { createPdfRenderer } from '../ratings/index.ts';
import type { ResultsService } from './results.service.ts';

const TIER_NAMES = ['一等奖', '二等奖', '三等奖', '四等奖', '五等奖'];

/**
 * The on-site meeting report (现场会材料): the round, its formula, the ranking with prize tiers, and per unit the
 * photos its judges took (two at most), as one PDF in the ratings module's renderer (pdfkit with the CJK font).
 */
export function createReportService({
  db,
  audit,
  results,
  onLoadError,
}: {
  db: Db;
  audit: AuditService;
  results: ResultsService;
  onLoadError: (err: unknown) => void;
}) {
  const render = createPdfRenderer({ onLoadError });
  return {
    async pdf(user: CurrentUser, roundId: number, ip: string): Promise<Buffer> {
      const r = await results.results(user, roundId);
      const photos = await db
        .selectFrom('contest_scores as c')
        .innerJoin('contest_sheets as s', 's.id', 'c.sheet_id')
        .innerJoin('contest_photos as p', 'p.id', 'c.photo_id')
        .select(['s.org_unit_id', 'p.data'])
        .where('s.round_id', '=', roundId)
        .orderBy('p.id')
        .execute();
      const pdf = await render((doc) => {
        doc.fontSize(18).text(`${r.name}现场会材料`, { align: 'center' });
        doc.moveDown().fontSize(10).text(`计分方法：${r.formula.zh}`);
        doc.text(`阶段：${r.stages.map((s) => `${s.name}（权重 ${s.weight}，满分 ${s.max}）`).join('；')}`);
        doc.text('同分时按并列计分项平均分高者在前；仍相同者并列。');
        if (!r.final) doc.text('本轮尚未收官，以下为当前已提交评分的计算结果。');
        doc.moveDown();
        if (r.hidden) doc.fontSize(12).text('提交本人全部评分后可查看结果。');
        for (const e of r.entries) {
          const tier = e.tier ? `  ${TIER_NAMES[e.tier - 1] ?? ''}` : '';
          doc
            .fontSize(12)
            .text(`第 ${e.rank} 名  ${e.name}  ${e.score.toFixed(2)} 分${tier}（评委 ${e.judges} 人）`);
          const mine = photos.filter((p) => p.org_unit_id === e.unitId).slice(0, 2);
          if (mine.length) {
            const y = doc.y + 4;
            mine.forEach((p, i) => {
              try {
                doc.image(Buffer.from(p.data, 'base64'), 56 + i * 250, y, { fit: [230, 150] });
              } catch {
                // an image pdfkit cannot read is left out of the report, not the report out
              }
            });
            doc.y = y + 158;
            doc.x = 56;
          }
        }
      });
      await audit.record(db, {
        actorId: user.id,
        actorName: user.username,
        action: 'contests.report.export',
        objectType: 'contest_round',
        objectId: roundId,
        newValue: { role: user.role, entries: r.entries.length },
        ip,
      });
      return pdf;
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
