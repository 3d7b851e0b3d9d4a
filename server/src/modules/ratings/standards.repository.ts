import type { BranchKind, Standard, StandardDefinition } from '@fivestar/common';
import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { RatingStandardsTable } from './ratings.tables.ts';

/** The SQL of the star standards (`rating_standards`: one row per year and branch kind, the definition as JSON). */

export function parseStandard(row: Selectable<RatingStandardsTable>): Standard {
  return {
    id: row.id,
    year: Number(row.year),
    branchKind: row.branch_kind,
    status: row.status,
    definition: JSON.parse(row.definition) as StandardDefinition,
    publishedAt: row.published_at === null ? null : Number(row.published_at),
    updatedAt: Number(row.updated_at),
    version: Number(row.version),
  };
}

export async function findStandard(db: DbOrTrx, id: number): Promise<Standard | null> {
  const row = await db.selectFrom('rating_standards').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? parseStandard(row) : null;
}

/** The id of the year's published standard of a kind, if there is one. */
export async function publishedStandardId(db: DbOrTrx, year: number, kind: BranchKind) {
  const row = await db
    .selectFrom('rating_standards')
    .select('id')
    .where('year', '=', year)
    .where('branch_kind', '=', kind)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Every standard (of one year), newest year first. */
export async function listStandards(db: DbOrTrx, year?: number): Promise<Standard[]> {
  let q = db.selectFrom('rating_standards').selectAll();
  if (year !== undefined) q = q.where('year', '=', year);
  const rows = await q.orderBy('year', 'desc').orderBy('branch_kind').execute();
  return rows.map(parseStandard);
}

export async function standardExists(db: DbOrTrx, year: number, kind: BranchKind): Promise<boolean> {
  const row = await db
    .selectFrom('rating_standards')
    .select('id')
    .where('year', '=', year)
    .where('branch_kind', '=', kind)
    .executeTakeFirst();
  return row !== undefined;
}

/** The latest standard of a kind before `year` (a new year's draft starts as its copy). */
export async function latestStandardBefore(db: DbOrTrx, kind: BranchKind, year: number) {
  const row = await db
    .selectFrom('rating_standards')
    .selectAll()
    .where('branch_kind', '=', kind)
    .where('year', '<', year)
    .orderBy('year', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? parseStandard(row) : null;
}

export async function insertStandard(db: DbOrTrx, values: Insertable<RatingStandardsTable>) {
  const row = await db
    .insertInto('rating_standards')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces a draft's definition (a published standard is never changed). */
export async function setDraftDefinition(
  db: DbOrTrx,
  id: number,
  definition: StandardDefinition,
  now: number,
) {
  await db
    .updateTable('rating_standards')
    .set((eb) => ({
      definition: JSON.stringify(definition),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

export async function markPublished(db: DbOrTrx, id: number, by: number, now: number) {
  await db
    .updateTable('rating_standards')
    .set({ status: 'published', published_at: now, published_by: by, updated_at: now })
    .where('id', '=', id)
    .execute();
}
