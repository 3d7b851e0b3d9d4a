import { defaultStandard } from '@fivestar/common';
import { recomputeBranchRatings } from '../awards.repository.ts';
import type { Db } from '../../../db/database.ts';
import { insertChunked, rng } from '../../../kernel/seed-kit.ts';
import type { ScaleSeeder } from '../../../kernel/seeding.ts';

/** The years `seed:scale` rates every branch for. */
export const SCALE_RATING_YEARS = [2023, 2024, 2025];

/**
 * Ratings at province scale: a published standard per year and, for every branch, three years of awards that
 * mostly hold or improve (levels drawn around the province's reported spread), with the derived per-branch
 * ratings. Names are synthetic; the figures are whatever these records add up to.
 */
async function seedRatingsScale(db: Db): Promise<{ awards: number }> {
  const random = rng(2023);
  const def = defaultStandard('rural');
  const ordinary = def.stars.map((s) => s.code).filter((c) => c !== def.capstone.starCode);
  const now = Date.now();
  for (const year of SCALE_RATING_YEARS)
    for (const kind of ['rural', 'urban'] as const)
      await db
        .insertInto('rating_standards')
        .values({
          year,
          branch_kind: kind,
          status: 'published',
          definition: JSON.stringify(defaultStandard(kind)),
          created_at: now,
          updated_at: now,
          published_at: now,
          published_by: null,
        })
        .execute();
  const branches = await db
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .select(['b.id', 'b.org_unit_id', 'o.path'])
    .orderBy('b.id')
    .execute();
  let awards = 0;
  const level = new Map<number, number>();
  for (const year of SCALE_RATING_YEARS) {
    await db.transaction().execute(async (trx) => {
      const rows: Record<string, unknown>[] = [];
      for (const b of branches) {
        const prev = level.get(b.id);
        const r = random();
        // First year: roughly 2 % five, 11 % four, 25 % three, 45 % two, the rest one or none (docs/programme.md §11).
        const l =
          prev === undefined
            ? r < 0.02
              ? 5
              : r < 0.13
                ? 4
                : r < 0.38
                  ? 3
                  : r < 0.83
                    ? 2
                    : r < 0.95
                      ? 1
                      : 0
            : Math.max(0, Math.min(5, prev + (r < (prev >= 4 ? 0.08 : 0.22) ? 1 : r > 0.97 ? -1 : 0)));
        level.set(b.id, l);
        const stars = ordinary.slice(0, Math.min(4, l));
        if (l === 5) stars.push(def.capstone.starCode!);
        for (const s of stars)
          rows.push({
            branch_id: b.id,
            org_unit_id: b.org_unit_id,
            unit_path: b.path,
            year,
            star_code: s,
            status: 'active',
            application_id: null,
            source: 'seed',
            awarded_at: Date.UTC(year + 1, 0, 20),
            awarded_by: null,
            revoked_at: null,
            revoked_by: null,
            revoked_reason: null,
          });
      }
      awards += rows.length;
      await insertChunked(trx, 'star_awards', rows, 1000);
      await recomputeBranchRatings(trx, year, null, now);
    });
  }
  return { awards };
}

/** The ratings module's share of `seed:scale`. */
export const ratingsScaleSeeder: ScaleSeeder = async (ctx) => {
  const { awards } = await seedRatingsScale(ctx.db);
  ctx.counts.starAwards = awards;
};
