import type { EventClass, GridStats, GridSummary } from '@fivestar/common';
import type { Db, Dialect } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { readCounts, ROLLUP_LEVELS } from '../grid.counts.ts';
import { DAY_MS, dateRange } from '../grid.dates.ts';
import { caseTallyInPeriod } from './campaigns.repository.ts';
import { countsByType, statsFigures } from './stats.repository.ts';

/** n / d to four places, or null when there is nothing to divide by. */
const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

/**
 * The figures of the caller's area for reports dated in [from, to] (China time): the summary (the township report's
 * totals and campaign tallies) and the statistics page. Only valid reports count; a rate is of closed reports.
 */
export function createStats({ db, dialect }: { db: Db; dialect: Dialect }) {
  return {
    async summary(user: CurrentUser, from: string, to: string): Promise<GridSummary> {
      const { start, end } = dateRange(from, to);
      // County scope and above: the pre-aggregated counts (grid.counts.ts); below, the rows themselves.
      const rows = ROLLUP_LEVELS.includes(user.unitLevel)
        ? await readCounts(db, user, from, to)
        : await countsByType(db, user, start, end);
      const byClass: Record<EventClass, number> = { event: 0, dispute: 0 };
      const byType: Record<string, number> = {};
      let disputesClosed = 0;
      let closed = 0;
      let onTime = 0;
      for (const r of rows) {
        const n = Number(r.n);
        byClass[r.class] += n;
        byType[r.type_code] = (byType[r.type_code] ?? 0) + n;
        closed += Number(r.closed ?? 0);
        onTime += Number(r.on_time ?? 0);
        if (r.class === 'dispute') disputesClosed += Number(r.closed ?? 0);
      }
      const campaigns = new Map<
        number,
        { name: string; total: number; bySubCategory: Record<string, number> }
      >();
      for (const r of await caseTallyInPeriod(db, user, from, to)) {
        const c = campaigns.get(r.id) ?? { name: r.name, total: 0, bySubCategory: {} };
        c.total += Number(r.n);
        c.bySubCategory[r.sub_category] = Number(r.n);
        campaigns.set(r.id, c);
      }
      return {
        total: byClass.event + byClass.dispute,
        byClass,
        disputesClosed,
        onTimeRate: rate(onTime, closed),
        byType,
        campaigns: [...campaigns.values()],
      };
    },

    async stats(user: CurrentUser, from: string, to: string): Promise<GridStats> {
      const { start, end } = dateRange(from, to);
      const [byMonth, byVillage, byGrid, byType, totals] = await statsFigures(db, dialect, user, start, end);
      const months = new Map<string, { month: string; event: number; dispute: number }>();
      for (const r of byMonth) {
        const m = months.get(r.month) ?? { month: r.month, event: 0, dispute: 0 };
        m[r.class] += Number(r.n);
        months.set(r.month, m);
      }
      const n = Number(totals.n);
      const closed = Number(totals.closed ?? 0);
      const handlingMs = Number(totals.closed_sum) - Number(totals.reported_sum);
      return {
        byMonth: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
        byVillage: byVillage.map((r) => ({ unitId: r.org_unit_id, unitName: r.name, total: Number(r.n) })),
        byGrid: byGrid.map((r) => ({
          gridId: r.id,
          gridName: `${r.unit_name}${r.name}`,
          total: Number(r.n),
        })),
        byType: byType.map((r) => ({
          typeCode: r.type_code,
          typeName: r.name_zh ?? r.type_code,
          total: Number(r.n),
        })),
        closureRate: rate(closed, n),
        onTimeRate: rate(Number(totals.on_time ?? 0), closed),
        avgHandlingDays: closed === 0 ? null : Math.round((handlingMs / closed / DAY_MS) * 100) / 100,
        escalations: Number(totals.escalated ?? 0),
      };
    },
  };
}
