import type { FactDefinition } from '../../kernel/facts.ts';

export const previousYearStarsFact: FactDefinition = {
  code: 'ratings.previous_year_stars',
  nameZh: '上一年度星数',
  nameEn: "Previous year's stars",
  unit: '颗',
  kind: 'number',
  async compute(db, branchIds, year) {
    if (branchIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('branch_ratings')
      .select(['branch_id', 'star_count'])
      .where('year', '=', year - 1)
      .where('branch_id', 'in', branchIds)
      .execute();
    const out = new Map<number, number>(branchIds.map((b) => [b, 0]));
    for (const r of rows) out.set(r.branch_id, Number(r.star_count));
    return out;
  },
};
