import { openDatabase } from '../server/src/db/database.ts';
import { buildApp } from '../server/src/app.ts';
import { chinaDate } from '@fivestar/common';
import { performance } from 'node:perf_hooks';
import { migrateApp } from '../server/src/kernel/migrations.ts';
import { supervisionModule } from '../server/src/modules/supervision/index.ts';
import { rebuildUnitCounts } from '../server/src/modules/supervision/unit-counts.ts';
import { firstUserAt, primaryKeyBaseline, timeIt, type Bench } from './bench-kit.ts';

/**
 * Supervision at province scale (one year of task lists for every branch): `GET /api/supervision/summary` at
 * county and province scope, and a county cadre's workbench (every module's to-do sources), warm, through the
 * app's own routes. Baseline: one unit by primary key, in the same run.
 */
export const supervisionBench: Bench = async ({ dbFile, keys }) => {
  const handle = openDatabase(`file:${dbFile}`);
  const { db } = handle;
  // A bench database built before a later migration of this module gets it here.
  await migrateApp(handle);
  const app = await buildApp({ database: handle, keys, logger: false });
  await app.ready();
  const { supervision } = app.module(supervisionModule);
  const baseline = await primaryKeyBaseline(db);
  const county = await firstUserAt(db, 'county');
  const province = await firstUserAt(db, 'province');
  const items = await db
    .selectFrom('sv_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = [];
  // Once a day every village's slip counts are recomputed (the daily pass, or the first read of the day).
  const t0 = performance.now();
  await db.transaction().execute((trx) => rebuildUnitCounts(trx, chinaDate(Date.now())));
  const rebuild = performance.now() - t0;
  const note = (ms: number) => (ms < 100 ? 'target < 100 ms: met' : 'target < 100 ms: MISSED');
  for (const [label, user] of [
    ['county', county],
    ['province', province],
  ] as const) {
    const ms = await timeIt(() => supervision.summary(user, undefined), 20);
    rows.push({ label: `summary, ${label} scope (warm)`, ms, ratio: ms / baseline, note: note(ms) });
  }
  rows.push({
    label: "recompute every village's counts (once a day)",
    ms: rebuild,
    ratio: rebuild / baseline,
  });
  // The workbench as the route serves it: every module's to-do source for the county cadre.
  const sessionCookie = await signIn(app, county.username);
  const wb = await timeIt(
    () => app.inject({ method: 'GET', url: '/api/workbench', headers: { cookie: sessionCookie } }),
    20,
  );
  rows.push({ label: 'workbench, county cadre (warm, HTTP)', ms: wb, ratio: wb / baseline, note: note(wb) });
  await app.close();
  await handle.close();
  return {
    name: `Supervision (SQLite, province scale: ${Number(items.n)} items)`,
    baseline: { label: 'one unit by primary key', ms: baseline },
    rows,
  };
};

/** Signs in through the real route with the scale database's password (as the grid bench does). */
async function signIn(app: Awaited<ReturnType<typeof buildApp>>, username: string): Promise<string> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: process.env.FIVESTAR_DEMO_PASSWORD ?? 'Scale-Bench-2026!' },
  });
  if (login.statusCode !== 200) throw new Error(`bench login failed: ${login.statusCode} ${login.body}`);
  return String(login.headers['set-cookie']).split(';')[0]!;
}
