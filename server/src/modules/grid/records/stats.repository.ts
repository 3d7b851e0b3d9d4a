import { VOID_STATUSES } from '@fivestar/common';
import type { DbOrTrx, Dialect } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { monthExpr } from '../grid.dates.ts';
import { eventScope } from '../grid.scope.ts';

/** The SQL of the statistics: valid reports (not recalled, invalid or merged) in scope, reported in [start, end). */

function validReports(q: DbOrTrx, user: CurrentUser, start: number, end: number) {
  return q
    .selectFrom('grid_events as e')
    .where(eventScope(user))
    .where('e.reported_at', '>=', start)
    .where('e.reported_at', '<', end)
    .where('e.status', 'not in', VOID_STATUSES);
}

/** Reports, closures and on-time closures by class and type, counted from the rows (below county scope). */
export function countsByType(q: DbOrTrx, user: CurrentUser, start: number, end: number) {
  return validReports(q, user, start, end)
    .select((eb) => [
      'e.class',
      'e.type_code',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when('e.status', '=', 'closed').then(1).else(0).end()).as('closed'),
      eb.fn.sum<number>(eb.case().when('e.closed_on_time', '=', 1).then(1).else(0).end()).as('on_time'),
    ])
    .groupBy(['e.class', 'e.type_code'])
    .execute();
}

/** The statistics page's groupings and totals, in parallel. */
export function statsFigures(q: DbOrTrx, dialect: Dialect, user: CurrentUser, start: number, end: number) {
  const month = monthExpr(dialect, 'e.reported_at');
  const base = () => validReports(q, user, start, end);
  return Promise.all([
    base()
      .select((eb) => [month.as('month'), 'e.class', eb.fn.countAll<number>().as('n')])
      .groupBy([month, 'e.class'])
      .execute(),
    base()
      .innerJoin('org_units as o', 'o.id', 'e.org_unit_id')
      .select((eb) => ['e.org_unit_id', 'o.name', eb.fn.countAll<number>().as('n')])
      .groupBy(['e.org_unit_id', 'o.name'])
      .orderBy('e.org_unit_id')
      .execute(),
    base()
      .innerJoin('grid_grids as g', 'g.id', 'e.grid_id')
      .innerJoin('org_units as o', 'o.id', 'g.org_unit_id')
      .select((eb) => ['g.id', 'g.name', 'o.name as unit_name', eb.fn.countAll<number>().as('n')])
      .groupBy(['g.id', 'g.name', 'o.name'])
      .orderBy('g.id')
      .execute(),
    base()
      .leftJoin('grid_event_types as t', 't.code', 'e.type_code')
      .select((eb) => ['e.type_code', 't.name_zh', eb.fn.countAll<number>().as('n')])
      .groupBy(['e.type_code', 't.name_zh'])
      .orderBy('e.type_code')
      .execute(),
    base()
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>(eb.case().when('e.status', '=', 'closed').then(1).else(0).end()).as('closed'),
        eb.fn.sum<number>(eb.case().when('e.closed_on_time', '=', 1).then(1).else(0).end()).as('on_time'),
        eb.fn.sum<number>('e.escalated').as('escalated'),
        eb.fn
          .sum<number>(eb.case().when('e.status', '=', 'closed').then(eb.ref('e.closed_at')).else(0).end())
          .as('closed_sum'),
        eb.fn
          .sum<number>(eb.case().when('e.status', '=', 'closed').then(eb.ref('e.reported_at')).else(0).end())
          .as('reported_sum'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
}
