import type { DbOrTrx } from '../../db/database.ts';
import { pathUnder } from '../../security/scope.ts';

/** The SQL of the targets: a unit's planned branches per level and per star (`rating_targets`, JSON counts). */

export type Counts = Record<string, number>;

/** The targets of every unit in a subtree for a year, summed. */
export async function targetsUnder(db: DbOrTrx, path: string, year: number) {
  const rows = await db
    .selectFrom('rating_targets as t')
    .innerJoin('org_units as o', 'o.id', 't.org_unit_id')
    .select(['t.levels', 't.stars'])
    .where('t.year', '=', year)
    .where(pathUnder('o.path', path))
    .execute();
  const levels: Counts = {};
  const stars: Counts = {};
  for (const r of rows) {
    for (const [k, v] of Object.entries(JSON.parse(r.levels) as Counts)) levels[k] = (levels[k] ?? 0) + v;
    for (const [k, v] of Object.entries(JSON.parse(r.stars) as Counts)) stars[k] = (stars[k] ?? 0) + v;
  }
  return { levels, stars };
}

export function unitTargets(db: DbOrTrx, unitId: number, year: number) {
  return db
    .selectFrom('rating_targets')
    .selectAll()
    .where('org_unit_id', '=', unitId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Writes a unit's targets for a year (one row per unit and year). */
export async function saveUnitTargets(
  db: DbOrTrx,
  input: {
    existingId: number | null;
    unitId: number;
    year: number;
    levels: Counts;
    stars: Counts;
    now: number;
  },
) {
  const values = {
    levels: JSON.stringify(input.levels),
    stars: JSON.stringify(input.stars),
    updated_at: input.now,
  };
  if (input.existingId !== null)
    await db.updateTable('rating_targets').set(values).where('id', '=', input.existingId).execute();
  else
    await db
      .insertInto('rating_targets')
      .values({ org_unit_id: input.unitId, year: input.year, ...values })
      .execute();
}

/** Every branch of a subtree with the stars it targets this year (its applications), in tree order. */
export async function branchTargetsUnder(db: DbOrTrx, path: string, year: number) {
  const rows = await db
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .leftJoin('star_applications as a', (j) => j.onRef('a.branch_id', '=', 'b.id').on('a.year', '=', year))
    .select(['b.id', 'b.name', 'a.star_code', 'o.path'])
    .where(pathUnder('o.path', path))
    .orderBy('o.path')
    .execute();
  const branches = new Map<number, { branchId: number; branchName: string; stars: string[] }>();
  for (const r of rows) {
    const b = branches.get(r.id) ?? { branchId: r.id, branchName: r.name, stars: [] };
    if (r.star_code) b.stars.push(r.star_code);
    branches.set(r.id, b);
  }
  return [...branches.values()];
}
