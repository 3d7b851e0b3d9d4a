import { VOID_STATUSES } from '@fivestar/common';
import type { DbOrTrx } from '../../../db/database.ts';

/** The SQL of 三零: the records that break it, and the township's overrides. */

/** Valid reports of a 三零 kind per village and kind, reported in [start, end). */
export function threeZeroIncidents(q: DbOrTrx, unitIds: number[], start: number, end: number) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('grid_events as e')
    .innerJoin('grid_event_types as t', 't.code', 'e.type_code')
    .select(['e.org_unit_id', 't.three_zero', (eb) => eb.fn.countAll<number>().as('n')])
    .where('e.org_unit_id', 'in', unitIds)
    .where('e.reported_at', '>=', start)
    .where('e.reported_at', '<', end)
    .where('e.status', 'not in', VOID_STATUSES)
    .where('t.three_zero', 'is not', null)
    .groupBy(['e.org_unit_id', 't.three_zero'])
    .execute();
}

export function threeZeroOverrides(q: DbOrTrx, unitIds: number[], year: number) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('grid_three_zero_overrides')
    .select(['org_unit_id', 'achieved', 'reason'])
    .where('org_unit_id', 'in', unitIds)
    .where('year', '=', year)
    .execute();
}

/** Sets (or with null removes) the override of one village and year. */
export async function setThreeZeroOverride(
  q: DbOrTrx,
  unitId: number,
  year: number,
  override: { achieved: boolean; reason: string; actorName: string; at: number } | null,
) {
  await q
    .deleteFrom('grid_three_zero_overrides')
    .where('org_unit_id', '=', unitId)
    .where('year', '=', year)
    .execute();
  if (override)
    await q
      .insertInto('grid_three_zero_overrides')
      .values({
        org_unit_id: unitId,
        year,
        achieved: override.achieved ? 1 : 0,
        reason: override.reason,
        actor_name: override.actorName,
        at: override.at,
      })
      .execute();
}
