import { chunk, type ApplicationStatus, type Standard } from '@fivestar/common';
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { fetchPage, type PageQuery } from '../../db/paginate.ts';
import { pathUnder } from '../../security/scope.ts';
import type { IndicatorResultsTable, RatingEventsTable, StarApplicationsTable } from './ratings.tables.ts';

/**
 * The SQL of the star applications (`star_applications`), their indicator results (`indicator_results`), their
 * event rows (`rating_events`) and the evidence listed on them. Scoped reads take the caller's unit path.
 */

/** The columns of an application row with its branch and village, for lists and details alike. */
const APPLICATION_COLUMNS = [
  'a.id',
  'a.branch_id',
  'a.org_unit_id',
  'a.unit_path',
  'a.year',
  'a.star_code',
  'a.standard_id',
  'a.status',
  'a.round',
  'a.notice_id',
  'a.updated_at',
  'a.version',
  'b.name as branch_name',
  'b.kind',
  'o.name as unit_name',
] as const;

const applications = (db: DbOrTrx) =>
  db
    .selectFrom('star_applications as a')
    .innerJoin('party_branches as b', 'b.id', 'a.branch_id')
    .innerJoin('org_units as o', 'o.id', 'a.org_unit_id');

/** An application with its branch; within the subtree at `scopePath` (null: anywhere, for internal steps). */
export async function findApplication(db: DbOrTrx, id: number, scopePath: string | null) {
  let q = applications(db).select(APPLICATION_COLUMNS).where('a.id', '=', id);
  if (scopePath !== null) q = q.where(pathUnder('a.unit_path', scopePath));
  return q.executeTakeFirst();
}
export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

export interface ApplicationFilter extends PageQuery {
  year?: number;
  status?: ApplicationStatus;
  branchId?: number;
  starCode?: string;
}

/** One page of the applications in a subtree, newest year first, then by village. */
export function pageApplications(db: DbOrTrx, scopePath: string, filter: ApplicationFilter) {
  let q = applications(db).where(pathUnder('a.unit_path', scopePath));
  if (filter.year !== undefined) q = q.where('a.year', '=', filter.year);
  if (filter.status) q = q.where('a.status', '=', filter.status);
  if (filter.branchId) q = q.where('a.branch_id', '=', filter.branchId);
  if (filter.starCode) q = q.where('a.star_code', '=', filter.starCode);
  return fetchPage(
    q.select(APPLICATION_COLUMNS),
    filter,
    (q) => q.orderBy('a.year', 'desc').orderBy('a.unit_path').orderBy('a.id'),
    (r) => r,
  );
}

/** An application's indicator results and its evidence files (in upload order). */
export async function resultsOf(db: DbOrTrx, appId: number) {
  const rows = await db
    .selectFrom('indicator_results')
    .selectAll()
    .where('application_id', '=', appId)
    .execute();
  const files = await db
    .selectFrom('evidence_files')
    .select(['id', 'indicator_code', 'name', 'mime', 'size', 'created_at'])
    .where('application_id', '=', appId)
    .orderBy('id')
    .execute();
  return { rows, files };
}

export function resultOf(db: DbOrTrx, appId: number, code: string) {
  return db
    .selectFrom('indicator_results')
    .selectAll()
    .where('application_id', '=', appId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function updateResult(db: DbOrTrx, id: number, values: Updateable<IndicatorResultsTable>) {
  await db.updateTable('indicator_results').set(values).where('id', '=', id).execute();
}

/** Marks an indicator changed since the township last looked at it (new evidence after a review or a return). */
export async function flagResultChanged(db: DbOrTrx, appId: number, code: string) {
  await db
    .updateTable('indicator_results')
    .set({ changed_since_review: 1 })
    .where('application_id', '=', appId)
    .where('code', '=', code)
    .execute();
}

/** On resubmission the returned indicators wait for the township's review again. */
export async function reopenReturnedResults(db: DbOrTrx, appId: number) {
  await db
    .updateTable('indicator_results')
    .set({ review: 'pending' })
    .where('application_id', '=', appId)
    .where('review', '=', 'returned')
    .execute();
}

export async function hasReturnedResult(db: DbOrTrx, appId: number): Promise<boolean> {
  const row = await db
    .selectFrom('indicator_results')
    .select('id')
    .where('application_id', '=', appId)
    .where('review', '=', 'returned')
    .executeTakeFirst();
  return row !== undefined;
}

export async function touchApplication(db: DbOrTrx, id: number, now: number) {
  await db
    .updateTable('star_applications')
    .set((eb) => ({ updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Sets the status (and more) only if the application is still in `from`; false when another change came first. */
export async function moveApplication(
  db: DbOrTrx,
  id: number,
  from: ApplicationStatus,
  values: Updateable<StarApplicationsTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('star_applications')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertEvent(db: DbOrTrx, values: Insertable<RatingEventsTable>) {
  await db.insertInto('rating_events').values(values).execute();
}

export function historyOf(db: DbOrTrx, appId: number) {
  return db
    .selectFrom('rating_events')
    .selectAll()
    .where('application_id', '=', appId)
    .orderBy('id')
    .execute();
}

/** Draft applications for a branch's target stars, each with its pending indicator rows and its `create` event. */
export async function insertDraftApplications(
  db: DbOrTrx,
  input: {
    branch: { id: number; org_unit_id: number; path: string };
    standard: Standard;
    year: number;
    stars: string[];
    actor: { id: number | null; name: string | null };
    now: number;
  },
): Promise<number[]> {
  const { branch, standard, year, now } = input;
  const ids: number[] = [];
  for (const star of input.stars) {
    const { id } = await db
      .insertInto('star_applications')
      .values({
        branch_id: branch.id,
        org_unit_id: branch.org_unit_id,
        unit_path: branch.path,
        year,
        star_code: star,
        standard_id: standard.id,
        status: 'draft',
        round: 0,
        notice_id: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
    const rows = standard.definition.indicators
      .filter((i) => i.starCode === star)
      .map((i) => ({
        application_id: id,
        code: i.code,
        met: null,
        value: null,
        triggered: null,
        note: null,
        review: 'pending' as const,
        review_comment: null,
        reviewed_by: null,
        reviewed_at: null,
        reviewed_snapshot: null,
        changed_since_review: 0,
        updated_at: now,
      }));
    for (const part of chunk(rows, 100)) await db.insertInto('indicator_results').values(part).execute();
    await insertEvent(db, {
      application_id: id,
      action: 'create',
      from_status: null,
      to_status: 'draft',
      actor_id: input.actor.id,
      actor_name: input.actor.name,
      reason: null,
      at: now,
    });
  }
  return ids;
}

/** A branch's applications of a year (its target stars). */
export function applicationsOfBranch(db: DbOrTrx, branchId: number, year: number) {
  return db
    .selectFrom('star_applications')
    .select(['id', 'star_code', 'status'])
    .where('branch_id', '=', branchId)
    .where('year', '=', year)
    .execute();
}

/** Removes a draft application with its results, files and events (a target star the township took back). */
export async function deleteApplication(db: DbOrTrx, id: number) {
  await db.deleteFrom('indicator_results').where('application_id', '=', id).execute();
  await db.deleteFrom('evidence_files').where('application_id', '=', id).execute();
  await db.deleteFrom('rating_events').where('application_id', '=', id).execute();
  await db.deleteFrom('star_applications').where('id', '=', id).execute();
}

/** The application through which a branch was named a star of a year, if it still stands. */
export async function awardedApplicationId(db: DbOrTrx, branchId: number, year: number, star: string) {
  const row = await db
    .selectFrom('star_applications')
    .select('id')
    .where('branch_id', '=', branchId)
    .where('year', '=', year)
    .where('star_code', '=', star)
    .where('status', '=', 'awarded')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The county-rated applications of a year in a subtree, waiting for a notice (optionally only the given ids). */
export async function ratedApplications(
  db: DbOrTrx,
  input: { year: number; scopePath: string; ids?: number[] },
) {
  let q = db
    .selectFrom('star_applications')
    .select(['id', 'status', 'standard_id'])
    .where('year', '=', input.year)
    .where('status', '=', 'rated')
    .where(pathUnder('unit_path', input.scopePath));
  if (input.ids) q = q.where('id', 'in', input.ids);
  return q.orderBy('id').execute();
}

/** An application listed on a notice. */
export function applicationInNotice(db: DbOrTrx, id: number, noticeId: number) {
  return db
    .selectFrom('star_applications')
    .select(['id', 'status'])
    .where('id', '=', id)
    .where('notice_id', '=', noticeId)
    .executeTakeFirst();
}

/** The ids of a notice's applications still in publicity (what naming the notice names). */
export async function applicationsInPublicity(db: DbOrTrx, noticeId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('star_applications')
    .select('id')
    .where('notice_id', '=', noticeId)
    .where('status', '=', 'publicity')
    .execute();
  return rows.map((r) => r.id);
}

export function applicationStatus(db: DbOrTrx, id: number) {
  return db
    .selectFrom('star_applications')
    .select(['id', 'status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
