import type { Fact } from '@fivestar/common';
import type { DbOrTrx } from '../../db/database.ts';

/**
 * The derived-fact registry. A `derived` indicator names a fact by code; the fact is computed from the system's own
 * records for a set of branches and a year. Other modules register their facts at import time (e.g. the grid module's
 * `grid.three_zero`, the scoring module's `scoring.avg_inspection`) without touching the rating engine. A standard can
 * only name a registered fact (checked when a draft is saved).
 */
export interface FactDefinition extends Fact {
  /** Values per branch id; a branch without a value is left out (the indicator then fails as unavailable). */
  compute(db: DbOrTrx, branchIds: number[], year: number): Promise<Map<number, number | boolean>>;
}

const FACTS = new Map<string, FactDefinition>();

export function registerFact(fact: FactDefinition) {
  FACTS.set(fact.code, fact);
}

export function listFacts(): Fact[] {
  return [...FACTS.values()].map(({ code, nameZh, nameEn, unit, kind }) => ({
    code,
    nameZh,
    nameEn,
    unit,
    kind,
  }));
}

export function hasFact(code: string): boolean {
  return FACTS.has(code);
}

/** The named facts for the given branches: result[branchId][factCode]. */
export async function computeFacts(
  db: DbOrTrx,
  codes: Iterable<string>,
  branchIds: number[],
  year: number,
): Promise<Map<number, Record<string, number | boolean | null>>> {
  const out = new Map<number, Record<string, number | boolean | null>>(branchIds.map((b) => [b, {}]));
  for (const code of new Set(codes)) {
    const fact = FACTS.get(code);
    const values = fact ? await fact.compute(db, branchIds, year) : new Map();
    for (const b of branchIds) out.get(b)![code] = values.get(b) ?? null;
  }
  return out;
}

// ---- Facts that exist now ------------------------------------------------------------------------------------

registerFact({
  code: 'branch.member_count',
  nameZh: '党员人数',
  nameEn: 'Party members',
  unit: '人',
  kind: 'number',
  async compute(db, branchIds) {
    if (branchIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('party_branches')
      .select(['id', 'member_count'])
      .where('id', 'in', branchIds)
      .execute();
    return new Map(rows.map((r) => [r.id, Number(r.member_count)]));
  },
});

registerFact({
  code: 'branch.grid_workers',
  nameZh: '网格员人数',
  nameEn: 'Grid workers',
  unit: '人',
  kind: 'number',
  async compute(db, branchIds) {
    if (branchIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('party_branches as b')
      .leftJoin('grid_workers as w', 'w.org_unit_id', 'b.org_unit_id')
      .select(['b.id', (eb) => eb.fn.count<number>('w.id').as('n')])
      .where('b.id', 'in', branchIds)
      .groupBy('b.id')
      .execute();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  },
});

registerFact({
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
});
