import { chunk, RURAL_STARS, URBAN_STARS } from '@fivestar/common';
import type { DbOrTrx } from '../../db/database.ts';
import { pathUnder } from '../../security/scope.ts';
import type { AwardSource } from './ratings.tables.ts';

/**
 * The SQL of the awards (`star_awards`: a star held, or once held, by a branch for a year) and of the per-branch
 * ratings derived from them (`branch_ratings`). Every figure is computed from these rows.
 */

const KNOWN_STARS = [...RURAL_STARS, ...URBAN_STARS].map((s) => s.code);
/** Stars listed in the shipped standards' order (rural first), unknown codes last. */
const defaultStarOrder = (code: string) => {
  const i = KNOWN_STARS.indexOf(code);
  return i < 0 ? 99 : i;
};

/** Recomputes the derived per-branch ratings of `year` from the active awards (all branches when ids is null). */
export async function recomputeBranchRatings(
  db: DbOrTrx,
  year: number,
  branchIds: number[] | null,
  now: number,
  orderOf: (code: string) => number = defaultStarOrder,
) {
  const chunks = branchIds === null ? [null] : chunk(branchIds, 500);
  for (const ids of chunks) {
    if (ids && ids.length === 0) continue;
    let awards = db
      .selectFrom('star_awards')
      .select(['branch_id', 'star_code'])
      .where('year', '=', year)
      .where('status', '=', 'active');
    let branches = db
      .selectFrom('party_branches as b')
      .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
      .select(['b.id', 'o.path']);
    if (ids) {
      awards = awards.where('branch_id', 'in', ids);
      branches = branches.where('b.id', 'in', ids);
    }
    const held = new Map<number, string[]>();
    for (const a of await awards.execute()) {
      const list = held.get(a.branch_id) ?? [];
      list.push(a.star_code);
      held.set(a.branch_id, list);
    }
    const rows = (await branches.execute()).map((b) => {
      const stars = (held.get(b.id) ?? []).sort((x, y) => orderOf(x) - orderOf(y) || x.localeCompare(y));
      return {
        branch_id: b.id,
        year,
        unit_path: b.path,
        star_count: Math.min(5, stars.length),
        stars: stars.join(','),
        updated_at: now,
      };
    });
    let del = db.deleteFrom('branch_ratings').where('year', '=', year);
    if (ids) del = del.where('branch_id', 'in', ids);
    await del.execute();
    for (const part of chunk(rows, 400)) await db.insertInto('branch_ratings').values(part).execute();
  }
}

/** The stars a branch holds for a year. */
export async function activeStars(db: DbOrTrx, branchId: number, year: number): Promise<string[]> {
  const rows = await db
    .selectFrom('star_awards')
    .select('star_code')
    .where('branch_id', '=', branchId)
    .where('year', '=', year)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.star_code);
}

export interface AwardedBranch {
  id: number;
  org_unit_id: number;
  path: string;
}

/** Writes the awards of a branch's stars for a year, replacing any earlier row of the same star. */
export async function writeAwards(
  db: DbOrTrx,
  input: {
    branch: AwardedBranch;
    year: number;
    stars: string[];
    source: AwardSource;
    applicationId: number | null;
    by: number | null;
    now: number;
    /** Also remove the branch's other awards of the year (an import replaces the year's row). */
    replaceYear?: boolean;
  },
) {
  let del = db
    .deleteFrom('star_awards')
    .where('branch_id', '=', input.branch.id)
    .where('year', '=', input.year);
  if (!input.replaceYear) del = del.where('star_code', 'in', input.stars);
  if (input.replaceYear || input.stars.length > 0) await del.execute();
  for (const star of input.stars)
    await db
      .insertInto('star_awards')
      .values({
        branch_id: input.branch.id,
        org_unit_id: input.branch.org_unit_id,
        unit_path: input.branch.path,
        year: input.year,
        star_code: star,
        status: 'active',
        application_id: input.applicationId,
        source: input.source,
        awarded_at: input.now,
        awarded_by: input.by,
        revoked_at: null,
        revoked_by: null,
        revoked_reason: null,
      })
      .execute();
}

/** 摘星: marks a branch's star of a year revoked (the row stays, for the record and the figures of change). */
export async function revokeAward(
  db: DbOrTrx,
  input: { branchId: number; year: number; star: string; by: number | null; reason: string; now: number },
) {
  await db
    .updateTable('star_awards')
    .set({ status: 'revoked', revoked_at: input.now, revoked_by: input.by, revoked_reason: input.reason })
    .where('branch_id', '=', input.branchId)
    .where('year', '=', input.year)
    .where('star_code', '=', input.star)
    .execute();
}

/** An award with its branch, for its certificate; only within the caller's subtree. */
export async function awardForCertificate(db: DbOrTrx, id: number, scope: { unitPath: string }) {
  return db
    .selectFrom('star_awards as a')
    .innerJoin('party_branches as b', 'b.id', 'a.branch_id')
    .select(['a.id', 'a.year', 'a.star_code', 'a.status', 'a.awarded_at', 'b.name', 'b.kind'])
    .where('a.id', '=', id)
    .where(pathUnder('a.unit_path', scope.unitPath))
    .executeTakeFirst();
}
