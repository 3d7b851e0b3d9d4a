import { chinaStartOfDay } from '@fivestar/common';
import type { FactDefinition } from '../../kernel/facts.ts';

/**
 * The grid module's facts for derived star indicators. `grid.three_zero`: a village's yearly 三零 status — no
 * petition, injury accident or criminal / major public-order case among its valid events, unless the township
 * overrode it with a reason — computed for many branches at once (the same rule as `threeZeroStatus`).
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
    const unitIds = branches.map((b) => b.org_unit_id);
    const incidents = await db
      .selectFrom('grid_events as e')
      .innerJoin('grid_event_types as t', 't.code', 'e.type_code')
      .select('e.org_unit_id')
      .where('e.org_unit_id', 'in', unitIds)
      .where('e.reported_at', '>=', chinaStartOfDay(`${year}-01-01`))
      .where('e.reported_at', '<', chinaStartOfDay(`${year + 1}-01-01`))
      .where('e.status', 'not in', ['invalid', 'recalled'])
      .where('t.three_zero', 'is not', null)
      .groupBy('e.org_unit_id')
      .execute();
    const overrides = await db
      .selectFrom('grid_three_zero_overrides')
      .select(['org_unit_id', 'achieved'])
      .where('org_unit_id', 'in', unitIds)
      .where('year', '=', year)
      .execute();
    const withIncident = new Set(incidents.map((r) => r.org_unit_id));
    const overridden = new Map(overrides.map((o) => [o.org_unit_id, o.achieved === 1]));
    return new Map(
      branches.map((b) => [b.id, overridden.get(b.org_unit_id) ?? !withIncident.has(b.org_unit_id)] as const),
    );
  },
};
