import type { RiskListQuery } from '@fivestar/common';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../../db/database.ts';
import type { Database } from '../../../db/schema.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { inScope } from '../../../security/scope.ts';

/** The SQL of the risk ledger (风险台账). */

export type RiskRow = Selectable<Database['grid_risks']> & { unit_name: string };

function risksInScope(q: DbOrTrx, user: CurrentUser) {
  return q
    .selectFrom('grid_risks as r')
    .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
    .where(inScope('r.org_unit_id', user));
}

/** A page of risks in scope, earliest review date first. */
export async function riskPage(q: DbOrTrx, user: CurrentUser, query: RiskListQuery) {
  let f = risksInScope(q, user);
  if (query.level) f = f.where('r.level', '=', query.level);
  if (query.status) f = f.where('r.status', '=', query.status);
  if (query.unitId) f = f.where('r.org_unit_id', '=', query.unitId);
  const total = await f.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows: RiskRow[] = await f
    .selectAll('r')
    .select('o.name as unit_name')
    .orderBy('r.review_date')
    .orderBy('r.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

export function riskInScope(q: DbOrTrx, user: CurrentUser, id: number): Promise<RiskRow | undefined> {
  return risksInScope(q, user)
    .selectAll('r')
    .select('o.name as unit_name')
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export async function insertRisk(q: DbOrTrx, row: Insertable<Database['grid_risks']>): Promise<number> {
  return (await q.insertInto('grid_risks').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRisk(q: DbOrTrx, id: number, patch: Updateable<Database['grid_risks']>) {
  await q.updateTable('grid_risks').set(patch).where('id', '=', id).execute();
}
