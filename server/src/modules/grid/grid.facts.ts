import type { FactDefinition } from '../../kernel/facts.ts';
import { threeZeroStatuses } from './records/three-zero.service.ts';

/**
 * The grid module's facts for derived star indicators. `grid.three_zero`: a branch's village achieved 三零 in the
 * year — the one rule of records/three-zero.service.ts, overrides included.
 */
export const threeZeroFact: FactDefinition = {
  code: 'grid.three_zero',
  nameZh: '“三零”达标（零上访·零事故·零案件）',
  nameEn: 'Three zeros (no petitions, accidents or cases)',
  unit: '',
  kind: 'boolean',
  async compute(db, branchIds, year) {
    if (branchIds.length === 0) return new Map();
    const branches = await db
      .selectFrom('party_branches')
      .select(['id', 'org_unit_id'])
      .where('id', 'in', branchIds)
      .execute();
    const statuses = await threeZeroStatuses(db, [...new Set(branches.map((b) => b.org_unit_id))], year);
    return new Map(branches.map((b) => [b.id, statuses.get(b.org_unit_id)!.achieved] as const));
  },
};
