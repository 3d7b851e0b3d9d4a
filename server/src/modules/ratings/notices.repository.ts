import type { ExpressionBuilder, Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { pathIds, pathUnder } from '../../security/scope.ts';
import type { RatingNoticesTable, RatingObjectionsTable } from './ratings.tables.ts';

/** The SQL of the public notices (`rating_notices`) and their objections (`rating_objections`). */

/** Notices a staff member may see: in their subtree, or issued by a unit above them (their township's). */
function visibleTo(unitPath: string) {
  const ids = pathIds(unitPath);
  const ancestors = ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
  return (eb: ExpressionBuilder<Database, 'rating_notices'>) =>
    eb.or([pathUnder('unit_path', unitPath), eb('unit_path', 'in', ancestors)]);
}

/** A notice with its issuing unit's name. */
export function findNotice(db: DbOrTrx, id: number) {
  return db
    .selectFrom('rating_notices as n')
    .innerJoin('org_units as o', 'o.id', 'n.org_unit_id')
    .select([
      'n.id',
      'n.year',
      'n.title',
      'n.starts_at',
      'n.ends_at',
      'n.awarded_at',
      'n.unit_path',
      'o.name as unit_name',
    ])
    .where('n.id', '=', id)
    .executeTakeFirst();
}

/** A notice issued in the subtree at `scopePath` (the county names what its townships published). */
export function findNoticeUnder(db: DbOrTrx, id: number, scopePath: string) {
  return db
    .selectFrom('rating_notices')
    .selectAll()
    .where('id', '=', id)
    .where(pathUnder('unit_path', scopePath))
    .executeTakeFirst();
}

export function noticeWindow(db: DbOrTrx, id: number) {
  return db.selectFrom('rating_notices').select(['id', 'ends_at']).where('id', '=', id).executeTakeFirst();
}

/** Ids of the notices a staff member sees (latest window first, at most 100) or whether one of them is visible. */
export async function visibleNoticeIds(
  db: DbOrTrx,
  unitPath: string,
  filter: { year?: number; id?: number },
) {
  let q = db.selectFrom('rating_notices').select('id').where(visibleTo(unitPath));
  if (filter.year !== undefined) q = q.where('year', '=', filter.year);
  if (filter.id !== undefined) q = q.where('id', '=', filter.id);
  const rows = await q.orderBy('starts_at', 'desc').orderBy('id', 'desc').limit(100).execute();
  return rows.map((r) => r.id);
}

/** The newest notices, for the public list. */
export async function latestNoticeIds(db: DbOrTrx, limit: number) {
  const rows = await db
    .selectFrom('rating_notices')
    .select('id')
    .orderBy('starts_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** A notice's items: the applications it lists, with their branches. */
export function noticeItems(db: DbOrTrx, id: number) {
  return db
    .selectFrom('star_applications as a')
    .innerJoin('party_branches as b', 'b.id', 'a.branch_id')
    .select(['a.id', 'a.star_code', 'a.status', 'a.standard_id', 'b.name'])
    .where('a.notice_id', '=', id)
    .orderBy('a.unit_path')
    .orderBy('a.id')
    .execute();
}

/** A notice's objections, with the name of whoever resolved each. */
export function noticeObjections(db: DbOrTrx, id: number) {
  return db
    .selectFrom('rating_objections as j')
    .leftJoin('users as u', 'u.id', 'j.resolved_by')
    .selectAll('j')
    .select('u.display_name as resolver')
    .where('j.notice_id', '=', id)
    .orderBy('j.id')
    .execute();
}

export async function insertNotice(db: DbOrTrx, values: Insertable<RatingNoticesTable>) {
  const row = await db.insertInto('rating_notices').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function markNoticeAwarded(db: DbOrTrx, id: number, now: number) {
  await db.updateTable('rating_notices').set({ awarded_at: now }).where('id', '=', id).execute();
}

export async function insertObjection(db: DbOrTrx, values: Insertable<RatingObjectionsTable>) {
  const row = await db
    .insertInto('rating_objections')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An objection to a notice issued in the subtree at `scopePath`. */
export function findObjectionUnder(db: DbOrTrx, id: number, scopePath: string) {
  return db
    .selectFrom('rating_objections as j')
    .innerJoin('rating_notices as n', 'n.id', 'j.notice_id')
    .selectAll('j')
    .where('j.id', '=', id)
    .where(pathUnder('n.unit_path', scopePath))
    .executeTakeFirst();
}

export async function resolveObjection(
  db: DbOrTrx,
  id: number,
  values: { status: 'dismissed' | 'upheld'; outcome: string; by: number; now: number },
) {
  await db
    .updateTable('rating_objections')
    .set({ status: values.status, outcome: values.outcome, resolved_at: values.now, resolved_by: values.by })
    .where('id', '=', id)
    .execute();
}

/**
 * Whether an open objection stands against a notice: against the whole notice (`applicationId` null), or against
 * the whole notice or the given application.
 */
export async function hasOpenObjection(db: DbOrTrx, noticeId: number, applicationId: number | null) {
  const row = await db
    .selectFrom('rating_objections')
    .select('id')
    .where('notice_id', '=', noticeId)
    .where('status', '=', 'open')
    .where((eb) =>
      applicationId === null
        ? eb('application_id', 'is', null)
        : eb.or([eb('application_id', 'is', null), eb('application_id', '=', applicationId)]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether an application still has an open objection (on any notice). */
export async function applicationHasOpenObjection(db: DbOrTrx, applicationId: number) {
  const row = await db
    .selectFrom('rating_objections')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return row !== undefined;
}
