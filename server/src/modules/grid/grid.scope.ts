import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { pathUnder, scopePrefix } from '../../security/scope.ts';

type EventsAlias = ExpressionBuilder<Database & { e: Database['grid_events'] }, 'e'>;

/**
 * THE scope of grid events: the caller's subtree on the event's denormalised unit path; a grid worker further to
 * their own grids and their own reports. Every query on `grid_events as e` (lists, details, statistics) filters
 * with it.
 */
export function eventScope(user: CurrentUser) {
  return (eb: EventsAlias): Expression<SqlBool> => {
    const inTree = pathUnder('e.unit_path', scopePrefix(user));
    if (user.role !== 'grid_worker') return inTree;
    return eb.and([
      inTree,
      eb.or([
        eb('e.reporter_id', '=', user.id),
        eb(
          'e.grid_id',
          'in',
          eb
            .selectFrom('grid_grids as g')
            .innerJoin('users as u', 'u.person_id', 'g.worker_person_id')
            .select('g.id')
            .where('u.id', '=', user.id),
        ),
      ]),
    ]);
  };
}
