import type { FactDefinition } from '../../kernel/facts.ts';

/** Facts the organisation lends the star engine. */
export const memberCountFact: FactDefinition = {
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
};

export const gridWorkersFact: FactDefinition = {
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
};

export const ORG_FACTS = [memberCountFact, gridWorkersFact];
