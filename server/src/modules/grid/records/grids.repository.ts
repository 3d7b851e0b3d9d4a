import { TERMINAL_STATUSES, VOID_STATUSES } from '@fivestar/common';
import type { DbOrTrx } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { inScope } from '../../../security/scope.ts';

/** The SQL of grids and of the map's figures. */

/** The grids in scope (or of one village), each with its worker and its open reports. */
export function gridsInScope(q: DbOrTrx, user: CurrentUser, unitId?: number) {
  let query = q
    .selectFrom('grid_grids as g')
    .innerJoin('org_units as o', 'o.id', 'g.org_unit_id')
    .leftJoin('persons as p', 'p.id', 'g.worker_person_id')
    .leftJoin('users as u', 'u.person_id', 'g.worker_person_id')
    .select([
      'g.id',
      'g.org_unit_id',
      'o.name as unit_name',
      'g.name',
      'g.station_id',
      'p.name as worker_name',
      'u.username as worker_username',
      (eb) =>
        eb
          .selectFrom('grid_events as e')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('e.grid_id', '=', 'g.id')
          .where('e.status', 'not in', TERMINAL_STATUSES)
          .as('open_events'),
    ])
    .where(inScope('g.org_unit_id', user));
  if (unitId) query = query.where('g.org_unit_id', '=', unitId);
  return query.orderBy('o.sort').orderBy('g.id').execute();
}

/** Per village: valid reports still open, open and overdue at `now`, and reported since `since`. */
export function villageFigures(q: DbOrTrx, unitIds: number[], now: number, since: number) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('grid_events as e')
    .select((eb) => [
      'e.org_unit_id',
      eb.fn.sum<number>(eb.case().when('e.status', 'in', TERMINAL_STATUSES).then(0).else(1).end()).as('open'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('e.status', 'not in', TERMINAL_STATUSES), eb('e.due_at', '<', now)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb('e.reported_at', '>=', since))
            .then(1)
            .else(0)
            .end(),
        )
        .as('total'),
    ])
    .where('e.org_unit_id', 'in', unitIds)
    .where('e.status', 'not in', VOID_STATUSES)
    .groupBy('e.org_unit_id')
    .execute();
}

/** How many grids each village has. */
export function gridCounts(q: DbOrTrx, unitIds: number[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('grid_grids')
    .select(['org_unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_unit_id', 'in', unitIds)
    .groupBy('org_unit_id')
    .execute();
}
