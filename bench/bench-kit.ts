import type { Db } from '../server/src/db/database.ts';
import type { Keys } from '../server/src/security/crypto.ts';
import { loadCurrentUser } from '../server/src/modules/auth/sessions.ts';
import type { CurrentUser } from '../server/src/http/current-user.ts';
import { performance } from 'node:perf_hooks';

/** The first account bound to a unit of `level` (township, county, city, province), as the services see it. */
export async function firstUserAt(db: Db, level: string): Promise<CurrentUser> {
  const u = await db
    .selectFrom('users as u')
    .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
    .select('u.id')
    .where('o.level', '=', level)
    .orderBy('u.id')
    .limit(1)
    .executeTakeFirstOrThrow();
  return (await loadCurrentUser(db, u.id))!;
}

/** The shared baseline: one org unit read by primary key (median of 200 warm runs). */
export function primaryKeyBaseline(db: Db): Promise<number> {
  return timeIt(() => db.selectFrom('org_units').selectAll().where('id', '=', 12345).executeTakeFirst(), 200);
}

export interface BenchContext {
  dbFile: string;
  branches: number;
  /** The bench database's own instance keys (data/bench/secret.key, made by seed:scale): audit rows the
   * benchmarks write continue its chain, so `audit:verify` and `backup` still accept the file. */
  keys: Keys;
}

export interface BenchResult {
  name: string;
  rows: { label: string; ms: number; ratio: number; note?: string }[];
  baseline: { label: string; ms: number };
}

export type Bench = (ctx: BenchContext) => Promise<BenchResult>;

/** Median wall time of `fn` over `runs` warm runs (after `warmup` runs). */
export async function timeIt(fn: () => unknown, runs = 20, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
