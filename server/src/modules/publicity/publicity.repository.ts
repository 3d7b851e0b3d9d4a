import { sql, type Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { fetchPage, type PageQuery } from '../../db/paginate.ts';
import { pathUnder } from '../../security/scope.ts';
import type { PublicityNoticesTable, PublicityObjectionsTable } from './publicity.tables.ts';

/** The SQL of the public notices (`publicity_notices`), their items and objections. */

export async function insertNotice(db: DbOrTrx, values: Insertable<PublicityNoticesTable>) {
  const row = await db
    .insertInto('publicity_notices')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertItems(
  db: DbOrTrx,
  noticeId: number,
  items: { ref: string; label: string; detail?: string | undefined }[],
) {
  // Chunks keep the statement under SQLite's bound-parameter limit.
  for (let i = 0; i < items.length; i += 100)
    await db
      .insertInto('publicity_items')
      .values(
        items.slice(i, i + 100).map((it, j) => ({
          notice_id: noticeId,
          ref: it.ref,
          label: it.label,
          detail: it.detail ?? null,
          sort: i + j,
        })),
      )
      .execute();
}

/** A notice with its publishing unit's name. */
export function findNotice(db: DbOrTrx, id: number) {
  return db
    .selectFrom('publicity_notices as n')
    .innerJoin('org_units as o', 'o.id', 'n.org_unit_id')
    .selectAll('n')
    .select('o.name as unit_name')
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export function noticeItems(db: DbOrTrx, noticeId: number) {
  return db
    .selectFrom('publicity_items')
    .select(['ref', 'label', 'detail'])
    .where('notice_id', '=', noticeId)
    .orderBy('sort')
    .execute();
}

export function findItem(db: DbOrTrx, noticeId: number, ref: string) {
  return db
    .selectFrom('publicity_items')
    .select(['ref', 'label'])
    .where('notice_id', '=', noticeId)
    .where('ref', '=', ref)
    .executeTakeFirst();
}

/** A notice's objections, oldest first, with the item's label. */
export function noticeObjections(db: DbOrTrx, noticeId: number) {
  return db
    .selectFrom('publicity_objections as j')
    .leftJoin('publicity_items as i', (join) =>
      join.onRef('i.notice_id', '=', 'j.notice_id').onRef('i.ref', '=', 'j.item_ref'),
    )
    .selectAll('j')
    .select('i.label as item_label')
    .where('j.notice_id', '=', noticeId)
    .orderBy('j.id')
    .execute();
}

export function noticesBySource(db: DbOrTrx, source: string, sourceId: number) {
  return db
    .selectFrom('publicity_notices')
    .select('id')
    .where('source', '=', source)
    .where('source_id', '=', sourceId)
    .orderBy('id', 'desc')
    .execute();
}

/** The public list: newest first, with item and objection counts. */
export function listNotices(
  db: DbOrTrx,
  filter: { source?: string; status?: 'open' | 'ended'; today: string },
  page: PageQuery,
) {
  let q = db
    .selectFrom('publicity_notices as n')
    .innerJoin('org_units as o', 'o.id', 'n.org_unit_id')
    .select([
      'n.id',
      'n.source',
      'n.title',
      'n.starts_on',
      'n.ends_on',
      'n.working_days',
      'o.name as unit_name',
      (eb) =>
        eb
          .selectFrom('publicity_items as i')
          .select(sql<number>`count(*)`.as('c'))
          .whereRef('i.notice_id', '=', 'n.id')
          .as('item_count'),
      (eb) =>
        eb
          .selectFrom('publicity_objections as j')
          .select(sql<number>`count(*)`.as('c'))
          .whereRef('j.notice_id', '=', 'n.id')
          .as('objection_count'),
    ]);
  if (filter.source !== undefined) q = q.where('n.source', '=', filter.source);
  if (filter.status === 'open') q = q.where('n.ends_on', '>=', filter.today);
  if (filter.status === 'ended') q = q.where('n.ends_on', '<', filter.today);
  return fetchPage(
    q,
    page,
    (q) => q.orderBy('n.id', 'desc'),
    (r) => r,
  );
}

const staffColumns = [
  'j.id',
  'j.notice_id',
  'j.item_ref',
  'j.reason',
  'j.contact_enc',
  'j.status',
  'j.reply',
  'j.created_at',
  'j.resolved_at',
  'n.title as notice_title',
  'n.source',
  'n.ends_on',
  'n.unit_path',
  'o.name as unit_name',
  'i.label as item_label',
  'u.display_name as resolver',
] as const;

/** Objections to the notices of units in the subtree at `scopePath`. */
function staffQuery(db: DbOrTrx, scopePath: string) {
  return db
    .selectFrom('publicity_objections as j')
    .innerJoin('publicity_notices as n', 'n.id', 'j.notice_id')
    .innerJoin('org_units as o', 'o.id', 'n.org_unit_id')
    .leftJoin('publicity_items as i', (join) =>
      join.onRef('i.notice_id', '=', 'j.notice_id').onRef('i.ref', '=', 'j.item_ref'),
    )
    .leftJoin('users as u', 'u.id', 'j.resolved_by')
    .select(staffColumns)
    .where(pathUnder('n.unit_path', scopePath));
}

export type StaffObjectionRow = Awaited<ReturnType<ReturnType<typeof staffQuery>['executeTakeFirstOrThrow']>>;

export function listObjectionsUnder(
  db: DbOrTrx,
  scopePath: string,
  filter: { status?: 'open' | 'resolved'; source?: string },
  page: PageQuery,
) {
  let q = staffQuery(db, scopePath);
  if (filter.status === 'open') q = q.where('j.status', '=', 'open');
  if (filter.status === 'resolved') q = q.where('j.status', '<>', 'open');
  if (filter.source !== undefined) q = q.where('n.source', '=', filter.source);
  return fetchPage(
    q,
    page,
    // Open ones first, then the newest.
    (q) => q.orderBy(sql`case when j.status = 'open' then 0 else 1 end`).orderBy('j.id', 'desc'),
    (r) => r,
  );
}

/** One objection to a notice of a unit in the subtree at `scopePath`. */
export function findObjectionUnder(db: DbOrTrx, id: number, scopePath: string) {
  return staffQuery(db, scopePath).where('j.id', '=', id).executeTakeFirst();
}

export async function insertObjection(db: DbOrTrx, values: Insertable<PublicityObjectionsTable>) {
  const row = await db
    .insertInto('publicity_objections')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Resolves an open objection; false when it was no longer open (someone else resolved it first). */
export async function resolveObjection(
  db: DbOrTrx,
  id: number,
  values: { status: 'upheld' | 'dismissed'; reply: string; by: number; now: number },
) {
  const res = await db
    .updateTable('publicity_objections')
    .set({ status: values.status, reply: values.reply, resolved_at: values.now, resolved_by: values.by })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
