import { sql } from 'kysely';
import type { FactDefinition } from '../../kernel/facts.ts';

/** The branches' villages: branch id → org unit id. */
async function unitsOf(db: Parameters<FactDefinition['compute']>[0], branchIds: number[]) {
  const rows = await db
    .selectFrom('party_branches')
    .select(['id', 'org_unit_id'])
    .where('id', 'in', branchIds)
    .execute();
  return new Map(rows.map((r) => [r.org_unit_id, r.id]));
}

/** Average score of a village in the year's closed township inspection rounds (no value without a round). */
export const averageInspectionScoreFact: FactDefinition = {
  code: 'contests.avg_inspection_score',
  nameZh: '本年度观摩评比平均得分',
  nameEn: 'Average inspection score this year',
  unit: '分',
  kind: 'number',
  async compute(db, branchIds, year) {
    if (branchIds.length === 0) return new Map();
    const byUnit = await unitsOf(db, branchIds);
    if (byUnit.size === 0) return new Map();
    const rows = await db
      .selectFrom('contest_units as u')
      .innerJoin('contest_rounds as r', 'r.id', 'u.round_id')
      .select(['u.org_unit_id', sql<number>`avg(u.score)`.as('avg')])
      .where('r.status', '=', 'closed')
      .where('r.level', '=', 'township')
      .where('r.year', '=', year)
      .where('u.score', 'is not', null)
      .where('u.org_unit_id', 'in', [...byUnit.keys()])
      .groupBy('u.org_unit_id')
      .execute();
    const out = new Map<number, number>();
    for (const r of rows) out.set(byUnit.get(r.org_unit_id)!, Math.round(Number(r.avg) * 100) / 100);
    return out;
  },
};

/** Ranked in the top third of a closed township round at least twice in the year. */
export const topThirdTwiceFact: FactDefinition = {
  code: 'contests.top_third_twice',
  nameZh: '本年度观摩评比至少两次排名前三分之一',
  nameEn: 'Ranked in the top third at least twice this year',
  unit: '',
  kind: 'boolean',
  async compute(db, branchIds, year) {
    if (branchIds.length === 0) return new Map();
    const byUnit = await unitsOf(db, branchIds);
    if (byUnit.size === 0) return new Map();
    const rows = await db
      .selectFrom('contest_units as u')
      .innerJoin('contest_rounds as r', 'r.id', 'u.round_id')
      .select([
        'u.org_unit_id',
        'u.rank',
        (eb) =>
          eb
            .selectFrom('contest_units as n')
            .select(sql<number>`count(*)`.as('n'))
            .whereRef('n.round_id', '=', 'u.round_id')
            .where('n.rank', 'is not', null)
            .as('ranked'),
      ])
      .where('r.status', '=', 'closed')
      .where('r.level', '=', 'township')
      .where('r.year', '=', year)
      .where('u.rank', 'is not', null)
      .where('u.org_unit_id', 'in', [...byUnit.keys()])
      .execute();
    const out = new Map<number, boolean>();
    const seen = new Map<number, number>();
    for (const r of rows) {
      // top third: rank ≤ ⌈ranked ÷ 3⌉
      if (Number(r.rank) <= Math.ceil(Number(r.ranked) / 3))
        seen.set(r.org_unit_id, (seen.get(r.org_unit_id) ?? 0) + 1);
      seen.set(r.org_unit_id, seen.get(r.org_unit_id) ?? 0);
    }
    for (const [unit, n] of seen) out.set(byUnit.get(unit)!, n >= 2);
    return out;
  },
};
