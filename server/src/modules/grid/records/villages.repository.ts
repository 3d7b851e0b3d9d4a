import type { DbOrTrx } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { pathUnder, scopePrefix } from '../../../security/scope.ts';

/** The villages (and communities) of the caller's area, as the map, 三零 and the Excel imports list them. */

const VILLAGE_LEVELS = ['village', 'community'] as const;

function villages(q: DbOrTrx, user: CurrentUser) {
  return q
    .selectFrom('org_units')
    .where(pathUnder('path', scopePrefix(user)))
    .where('level', 'in', VILLAGE_LEVELS);
}

/** In tree order, at most `limit` (the map). */
export function villagesInTreeOrder(q: DbOrTrx, user: CurrentUser, limit: number) {
  return villages(q, user).select(['id', 'name']).orderBy('path').orderBy('sort').limit(limit).execute();
}

/** In their sort order, at most 1,000 (三零). */
export function villagesInSortOrder(q: DbOrTrx, user: CurrentUser) {
  return villages(q, user).select(['id', 'name']).orderBy('sort').orderBy('id').limit(1000).execute();
}

/** By name, with their paths (an imported ledger names its villages). */
export async function villagesByName(q: DbOrTrx, user: CurrentUser) {
  const rows = await villages(q, user).select(['id', 'name', 'path']).execute();
  return new Map(rows.map((u) => [u.name, u]));
}
