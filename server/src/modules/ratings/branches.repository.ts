import type { DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { inScope } from '../../security/scope.ts';

/** The party branches as the ratings module reads them (the org module owns the table): scoped lookups. */

/** A branch in the caller's scope, with its village's path. */
export function branchInScope(db: DbOrTrx, user: CurrentUser, branchId: number) {
  return db
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .select(['b.id', 'b.name', 'b.kind', 'b.org_unit_id', 'o.path', 'o.name as unit_name'])
    .where('b.id', '=', branchId)
    .where(inScope('b.org_unit_id', user))
    .executeTakeFirst();
}

/** A branch in the caller's scope by its name (a rating table names branches, not ids). */
export function branchByName(db: DbOrTrx, user: CurrentUser, name: string) {
  return db
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .select(['b.id', 'b.org_unit_id', 'b.kind', 'o.path'])
    .where('b.name', '=', name)
    .where(inScope('b.org_unit_id', user))
    .executeTakeFirst();
}
