import { addCalendarDays, chinaDate } from '@fivestar/common';
import { openDatabase } from '../server/src/db/database.ts';
import { buildApp } from '../server/src/app.ts';
import { migrateApp } from '../server/src/kernel/migrations.ts';
import { partylifeModule } from '../server/src/modules/partylife/index.ts';
import { firstUserAt, primaryKeyBaseline, timeIt, type Bench } from './bench-kit.ts';

/**
 * Party life at province scale (a year of meetings for every branch, by the default frequencies with gaps):
 * meeting compliance as `GET /api/party-life/summary` computes it (the overview service's summary: every branch's
 * windows due and met over the last year, plus the forum, theme-day and honour counts) at county and province
 * scope, and the compliance table of a county, warm. Baseline: one unit by primary key, in the same run.
 */
export const partylifeBench: Bench = async ({ dbFile, keys }) => {
  const handle = openDatabase(`file:${dbFile}`);
  const { db } = handle;
  // A bench database built before a later migration of this module gets it here.
  await migrateApp(handle);
  const app = await buildApp({ database: handle, keys, logger: false });
  await app.ready();
  const { overview } = app.module(partylifeModule);
  const baseline = await primaryKeyBaseline(db);
  const county = await firstUserAt(db, 'county');
  const province = await firstUserAt(db, 'province');
  const count = async (table: 'pl_meetings' | 'pl_windows') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const [meetings, windows] = [await count('pl_meetings'), await count('pl_windows')];
  if (windows === 0) throw new Error(`${dbFile} has no party-life data: rebuild it with seed:scale`);
  const today = chinaDate(Date.now());
  const range = { from: addCalendarDays(today, -365), to: today };
  const note = (ms: number) => (ms < 100 ? 'target < 100 ms: met' : 'target < 100 ms: MISSED');
  const rows = [];
  for (const [label, user] of [
    ['county', county],
    ['province', province],
  ] as const) {
    const summary = await overview.summary(user, range);
    const ms = await timeIt(() => overview.summary(user, range), 20);
    rows.push({
      label: `summary (compliance), ${label} scope, one year`,
      ms,
      ratio: ms / baseline,
      note: `${note(ms)}; ${summary.meetings.held}/${summary.meetings.due} windows met`,
    });
  }
  const year = Number(today.slice(0, 4));
  const table = await timeIt(() => overview.compliance(county, { year }), 20);
  rows.push({
    label: 'compliance table, county scope, this year',
    ms: table,
    ratio: table / baseline,
    note: note(table),
  });
  await app.close();
  await handle.close();
  return {
    name: `Party life (SQLite, province scale: ${meetings} meetings, ${windows} windows met)`,
    baseline: { label: 'one unit by primary key', ms: baseline },
    rows,
  };
};
