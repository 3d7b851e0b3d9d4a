import { VOID_STATUSES, type DisputeLedgerQuery } from '@fivestar/common';
import type { DbOrTrx } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { pathUnder, scopePrefix } from '../../../security/scope.ts';
import { dateRange } from '../grid.dates.ts';

/** The SQL of the dispute ledger: valid disputes in the caller's subtree, oldest first. */

export async function disputePage(q: DbOrTrx, user: CurrentUser, query: DisputeLedgerQuery) {
  let f = q
    .selectFrom('grid_events as e')
    .innerJoin('org_units as o', 'o.id', 'e.org_unit_id')
    .leftJoin('grid_event_types as t', 't.code', 'e.type_code')
    .where('e.class', '=', 'dispute')
    .where('e.status', 'not in', VOID_STATUSES)
    .where(pathUnder('e.unit_path', scopePrefix(user)));
  if (query.from) f = f.where('e.reported_at', '>=', dateRange(query.from, query.from).start);
  if (query.to) f = f.where('e.reported_at', '<', dateRange(query.to, query.to).end);
  if (query.disputeType) f = f.where('e.type_code', '=', query.disputeType);
  if (query.unitId) f = f.where('e.org_unit_id', '=', query.unitId);
  const total = await f.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await f
    .select([
      'e.id',
      'e.reported_at',
      'o.name as unit_name',
      'e.type_code',
      't.name_zh as type_name',
      'e.description',
      'e.mediator_name',
      'e.mediation_sessions',
      'e.mediation_status',
      'e.agreement',
      'e.referred_to',
      'e.follow_up_at',
      'e.archived_at',
      'e.status',
    ])
    .orderBy('e.reported_at')
    .orderBy('e.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

/** The parties of the given disputes (names and masked ID numbers), in id order. */
export function disputeParties(q: DbOrTrx, eventIds: number[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('grid_event_parties')
    .select(['event_id', 'name', 'id_number_masked'])
    .where('event_id', 'in', eventIds)
    .orderBy('id')
    .execute();
}
