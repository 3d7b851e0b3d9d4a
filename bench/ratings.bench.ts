import { performance } from 'node:perf_hooks';
import { openDatabase } from '../server/src/db/database.ts';
import { buildApp } from '../server/src/app.ts';
import { SCALE_RATING_YEARS } from '../server/src/modules/ratings/demo/ratings.scale.ts';
import { ratingsModule } from '../server/src/modules/ratings/index.ts';
import { recomputeBranchRatings } from '../server/src/modules/ratings/awards.repository.ts';
import { firstUserAt, primaryKeyBaseline, timeIt, type Bench } from './bench-kit.ts';

/**
 * Ratings at province scale: `GET /api/ratings/summary` (levels, stars, three-or-more share) for a township, a
 * county, a city and the province, warm; and recomputing every branch's stars for a year from the award records.
 * Baseline: one unit by primary key, in the same run.
 */
export const ratingsBench: Bench = async ({ dbFile, keys }) => {
  const handle = openDatabase(`file:${dbFile}`);
  const { db } = handle;
  const app = await buildApp({ database: handle, keys, logger: false });
  const { stats } = app.module(ratingsModule);
  const year = SCALE_RATING_YEARS[SCALE_RATING_YEARS.length - 1]!;
  const userAt = (level: string) => firstUserAt(db, level);
  const baseline = await primaryKeyBaseline(db);
  const rows = [];
  const province = await userAt('province');
  const provinceSummary = await stats.summary(province, year);
  // City and county scope: the province user asking for a unit below (scope-checked like any caller).
  const unitAt = async (level: string) =>
    (
      await db
        .selectFrom('org_units')
        .select('id')
        .where('level', '=', level)
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).id;
  const township = await userAt('township');
  const scopes = [
    ['township', township, undefined],
    ['county', province, await unitAt('county')],
    ['city', province, await unitAt('city')],
    ['province', province, undefined],
  ] as const;
  for (const [label, user, unitId] of scopes) {
    const ms = await timeIt(() => stats.summary(user, year, unitId), 20);
    rows.push({
      label: `summary, ${label} scope (warm)`,
      ms,
      ratio: ms / baseline,
      note: ms < 100 ? 'target < 100 ms: met' : 'target < 100 ms: MISSED',
    });
  }
  // Recompute every branch's stars for a year from the awards (a write; 3 runs, rolled back each time).
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await db
      .transaction()
      .execute(async (trx) => {
        await recomputeBranchRatings(trx, year, null, Date.now());
        throw new RollbackSignal();
      })
      .catch((e) => {
        if (!(e instanceof RollbackSignal)) throw e;
      });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const recompute = times[1]!;
  rows.push({
    label: `recompute all ${provinceSummary.branches} branches' stars (${year})`,
    ms: recompute,
    ratio: recompute / baseline,
  });
  await handle.close();
  return {
    name: `Ratings (SQLite, province scale: ${provinceSummary.branches} branches, ${provinceSummary.threeOrMoreShare}% ≥3 stars in ${year})`,
    baseline: { label: 'one unit by primary key', ms: baseline },
    rows,
  };
};

class RollbackSignal extends Error {}
