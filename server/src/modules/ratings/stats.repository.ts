import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { pathUnder } from '../../security/scope.ts';

/**
 * The SQL of the figures. Per-level counts come from `branch_ratings`, per-star counts from `star_awards`; both
 * carry the unit path, so each count is one index range at any level of the tree.
 */

/** Village-level units (villages and communities) in a subtree: every one of them is a rated branch. */
export async function countVillages(db: DbOrTrx, path: string): Promise<number> {
  const row = await db
    .selectFrom('org_units as o')
    .select(
      sql<number>`coalesce(sum(case when o.level in ('village', 'community') then 1 else 0 end), 0)`.as('n'),
    )
    .where(pathUnder('o.path', path))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Branches of a subtree holding exactly `level` stars in a year. */
export async function countAtLevel(db: DbOrTrx, path: string, year: number, level: number): Promise<number> {
  const row = await db
    .selectFrom('branch_ratings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('year', '=', year)
    .where('star_count', '=', level)
    .where(pathUnder('unit_path', path))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Branches of a subtree holding a star in a year. */
export async function countHolding(db: DbOrTrx, path: string, year: number, star: string): Promise<number> {
  const row = await db
    .selectFrom('star_awards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('year', '=', year)
    .where('status', '=', 'active')
    .where('star_code', '=', star)
    .where(pathUnder('unit_path', path))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every branch of a subtree with its district and its stars of the year, in tree order (the dashboard's map). */
export function villageRows(db: DbOrTrx, path: string, year: number) {
  return db
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .leftJoin('org_units as d', (j) => j.onRef('d.id', '=', 'o.parent_id').on('d.level', '=', 'district'))
    .leftJoin('branch_ratings as r', (j) => j.onRef('r.branch_id', '=', 'b.id').on('r.year', '=', year))
    .select(['b.id', 'b.org_unit_id', 'o.name', 'd.id as district_id', 'd.name as district_name', 'r.stars'])
    .where(pathUnder('o.path', path))
    .orderBy('o.path')
    .execute();
}

/** The rating table's rows: every branch of a subtree with its village, district and stars of the year. */
export function ratingTableRows(db: DbOrTrx, path: string, year: number) {
  return db
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .leftJoin('org_units as d', 'd.id', 'o.parent_id')
    .leftJoin('branch_ratings as r', (j) => j.onRef('r.branch_id', '=', 'b.id').on('r.year', '=', year))
    .select(['b.name', 'b.kind', 'o.name as unit_name', 'd.name as district_name', 'r.stars'])
    .where(pathUnder('o.path', path))
    .orderBy('o.path')
    .execute();
}

/** The stars each branch of a subtree targets in a year (one application per star). */
export function targetStarsUnder(db: DbOrTrx, path: string, year: number) {
  return db
    .selectFrom('star_applications')
    .select(['branch_id', 'star_code'])
    .where('year', '=', year)
    .where(pathUnder('unit_path', path))
    .execute();
}

/** Applications of a year in a subtree, per status (the cycle's progress). */
export async function cycleCounts(db: DbOrTrx, path: string, year: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('star_applications')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('year', '=', year)
    .where(pathUnder('unit_path', path))
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((c) => [c.status, Number(c.n)]));
}

/** Years with any award or application in a subtree. */
export async function yearsUnder(db: DbOrTrx, path: string): Promise<number[]> {
  const rows = await sql<{ year: number }>`
    select distinct year from star_awards where ${pathUnder('unit_path', path)}
    union select distinct year from star_applications where ${pathUnder('unit_path', path)}`.execute(db);
  return rows.rows.map((r) => Number(r.year));
}

/** Every award of a subtree, all years (the figures of change). */
export function awardsUnder(db: DbOrTrx, path: string) {
  return db
    .selectFrom('star_awards')
    .select(['branch_id', 'year', 'star_code', 'status'])
    .where(pathUnder('unit_path', path))
    .execute();
}

export interface RatedBranchFilter {
  year: number;
  level?: number;
  minLevel?: number;
  star?: string;
  page: number;
  pageSize: number;
}

/** One page of the branches of a subtree behind a figure (a level, a minimum level, a star held). */
export async function pageRatedBranches(db: DbOrTrx, path: string, filter: RatedBranchFilter) {
  let q = db
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .leftJoin('org_units as d', (j) => j.onRef('d.id', '=', 'o.parent_id').on('d.level', '=', 'district'))
    .leftJoin('branch_ratings as r', (j) =>
      j.onRef('r.branch_id', '=', 'b.id').on('r.year', '=', filter.year),
    )
    .where(pathUnder('o.path', path));
  const level = sql<number>`coalesce(r.star_count, 0)`;
  if (filter.level !== undefined) q = q.where(level, '=', filter.level);
  if (filter.minLevel !== undefined) q = q.where(level, '>=', filter.minLevel);
  if (filter.star) {
    const star = filter.star;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('star_awards as s')
          .select('s.id')
          .whereRef('s.branch_id', '=', 'b.id')
          .where('s.year', '=', filter.year)
          .where('s.status', '=', 'active')
          .where('s.star_code', '=', star),
      ),
    );
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select(['b.id', 'b.org_unit_id', 'o.name', 'd.name as district_name', 'r.stars'])
    .orderBy('o.path')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}

/** A branch's awards of a year (held and revoked). */
export function branchAwards(db: DbOrTrx, branchId: number, year: number) {
  return db
    .selectFrom('star_awards')
    .selectAll()
    .where('branch_id', '=', branchId)
    .where('year', '=', year)
    .execute();
}

/** A branch's rating, year by year. */
export function branchHistory(db: DbOrTrx, branchId: number) {
  return db
    .selectFrom('branch_ratings')
    .select(['year', 'star_count', 'stars'])
    .where('branch_id', '=', branchId)
    .orderBy('year')
    .execute();
}
