import { sql, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import type { DbOrTrx } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import type { Database } from '../db/schema.ts';
import type { CurrentUser } from '../http/current-user.ts';
import { AppError } from '../http/errors.ts';

/**
 * Data scope, in one place. A caller sees the records of their own org unit's subtree and nothing else; every
 * query for scoped data filters through `inScope`, and a record outside it is reported exactly like a missing one.
 * The subtree test is one indexed condition on the materialised path (`org_units.path LIKE '/1/4/%'`).
 */
export function scopePrefix(user: CurrentUser): string {
  return user.unitPath;
}

/**
 * `<pathColumn>` starts with `prefix`, as an index range: paths are digits and slashes, so every path under
 * `/1/4/` lies in [`/1/4/`, `/1/40`). (SQLite does not use an index for LIKE on a case-sensitive column, and the
 * column is collated "C" on PostgreSQL so the range means the same on both engines.)
 */
export function pathUnder(pathColumn: string, prefix: string): RawBuilder<SqlBool> {
  const { lower, upper } = pathBounds(prefix);
  return sql<SqlBool>`(${sql.ref(pathColumn)} >= ${lower} and ${sql.ref(pathColumn)} < ${upper})`;
}

/** The index range [lower, upper) that holds every path under `prefix`. */
export function pathBounds(prefix: string) {
  return {
    lower: prefix,
    upper: prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1),
  };
}

/** The first index of the sorted `paths` whose path is ≥ `key` (paths compare as the index does). */
function lowerBound(paths: readonly string[], key: string): number {
  let lo = 0;
  let hi = paths.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (paths[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index range [from, to) of the sorted `paths` under `prefix`: `pathBounds` for an in-memory index. */
export function rangeOf(paths: readonly string[], prefix: string): [number, number] {
  const { lower, upper } = pathBounds(prefix);
  return [lowerBound(paths, lower), lowerBound(paths, upper)];
}

/** `<column> IN (units of the subtree at prefix)` — for any table that carries an org unit id. */
export function unitUnder(column: string, prefix: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} in (select id from org_units where ${pathUnder('path', prefix)})`;
}

/** `<column> IN (units of the caller's subtree)` — for any table that carries an org unit id. */
export function inScope(column: string, user: CurrentUser): RawBuilder<SqlBool> {
  return unitUnder(column, scopePrefix(user));
}

/** The unit's path lies in the caller's subtree — for queries on org_units itself. */
export function pathInScope(pathColumn: string, user: CurrentUser): RawBuilder<SqlBool> {
  return pathUnder(pathColumn, scopePrefix(user));
}

const unitInRange = prepared<{ id: number; lower: string; upper: string }, Selectable<Database['org_units']>>(
  (db, arg) =>
    db
      .selectFrom('org_units')
      .selectAll()
      .where('id', '=', arg('id'))
      .where('path', '>=', arg('lower'))
      .where('path', '<', arg('upper')),
);

/** The unit if it lies in the caller's scope, else undefined. */
export async function findUnitInScope(db: DbOrTrx, user: CurrentUser, unitId: number) {
  return unitInRange.first(db, { id: unitId, ...pathBounds(scopePrefix(user)) });
}

/**
 * The path prefix a list covers: the caller's subtree, or — when the caller filters by a unit — that unit's subtree
 * if it lies in the caller's scope, else null (the list is empty). A list that joins its records' unit as `o` then
 * filters with `pathUnder('o.path', prefix)` alone: one index range, in scope by construction.
 */
export async function scopedSubtree(db: DbOrTrx, user: CurrentUser, unitId?: number): Promise<string | null> {
  if (unitId === undefined) return scopePrefix(user);
  const unit = await findUnitInScope(db, user, unitId);
  return unit ? unit.path : null;
}

/** A unit named in a request body: outside the caller's scope (or missing) is a 400 on that field. */
export async function requireUnitInScope(db: DbOrTrx, user: CurrentUser, unitId: number, field = 'unitId') {
  const unit = await findUnitInScope(db, user, unitId);
  if (!unit)
    throw new AppError('validation_failed', 'validation_failed', [
      { path: field, message: 'unit.out_of_scope' },
    ]);
  return unit;
}

export function pathIds(path: string): number[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((s) => Number(s));
}
