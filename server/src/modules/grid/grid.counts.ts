import { addCalendarDays, chinaDate, type EventClass } from '@fivestar/common';
import { sql } from 'kysely';
import type { DbOrTrx, Dialect } from '../../db/database.ts';
import { prepared } from '../../db/prepared.ts';
import type { GridEventCountsTable } from './grid.tables.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { pathIds, pathUnder, scopePrefix } from '../../security/scope.ts';

/**
 * Pre-aggregated event counts per county and reporting day ('d') and month ('m'): a province-year is ~10⁷ events,
 * too many to group on every summary, while the counts are ~25k month rows. Only valid reports count (an
 * invalid/recalled/merged one is taken back out); closures are counted on the row of the day the report came in.
 * Every write to grid_events that changes these figures goes through `bumpCounts` in the same transaction, and
 * `rebuildCounts` recomputes them from the rows (seeders, repair).
 */
export const ROLLUP_LEVELS = ['province', 'city', 'county'];

type CountyCache = Map<string, { id: number; path: string } | null>;

/** What a count row is keyed by: the report's village path, reporting day, class and type. */
type CountedEvent = { unit_path: string; reported_at: number; class: EventClass; type_code: string };
type CountDelta = { reported?: number; closed?: number; on_time?: number };

/** Keeps the counts in step with writes to grid_events, remembering each village path's county. */
export function createCounts() {
  const counties: CountyCache = new Map();
  return {
    bump: (q: DbOrTrx, event: CountedEvent, delta: CountDelta) => bumpCounts(q, counties, event, delta),
  };
}
export type Counts = ReturnType<typeof createCounts>;

async function countyOf(q: DbOrTrx, countyCache: CountyCache, unitPath: string) {
  if (countyCache.has(unitPath)) return countyCache.get(unitPath)!;
  const row = await q
    .selectFrom('org_units')
    .select(['id', 'path'])
    .where('id', 'in', pathIds(unitPath))
    .where('level', '=', 'county')
    .executeTakeFirst();
  const county = row ?? null;
  if (countyCache.size > 100_000) countyCache.clear();
  countyCache.set(unitPath, county);
  return county;
}

async function bumpCounts(q: DbOrTrx, cache: CountyCache, event: CountedEvent, delta: CountDelta) {
  const county = await countyOf(q, cache, event.unit_path);
  if (!county) return;
  const day = chinaDate(Number(event.reported_at));
  await bumpDayAndMonth.run(q, {
    day,
    month: day.slice(0, 7),
    county_id: county.id,
    county_path: county.path,
    class: event.class,
    type_code: event.type_code,
    reported: delta.reported ?? 0,
    closed: delta.closed ?? 0,
    on_time: delta.on_time ?? 0,
  });
}

type BumpArgs = Omit<GridEventCountsTable, 'grain' | 'period'> & { day: string; month: string };

/** Adds to the day row and the month row of one county, class and type (creating them at the first report). */
const bumpDayAndMonth = prepared<BumpArgs, never>((db, arg) => {
  const row = {
    county_id: arg('county_id'),
    county_path: arg('county_path'),
    class: arg('class'),
    type_code: arg('type_code'),
    reported: arg('reported'),
    closed: arg('closed'),
    on_time: arg('on_time'),
  };
  return db
    .insertInto('grid_event_counts')
    .values([
      { grain: 'd', period: arg('day'), ...row },
      { grain: 'm', period: arg('month'), ...row },
    ])
    .onConflict((oc) =>
      oc.columns(['grain', 'county_id', 'period', 'class', 'type_code']).doUpdateSet({
        reported: sql`grid_event_counts.reported + excluded.reported`,
        closed: sql`grid_event_counts.closed + excluded.closed`,
        on_time: sql`grid_event_counts.on_time + excluded.on_time`,
      }),
    );
});

function periodExpr(dialect: Dialect, grain: 'd' | 'm') {
  const fmt = grain === 'd' ? ['%Y-%m-%d', 'YYYY-MM-DD'] : ['%Y-%m', 'YYYY-MM'];
  return dialect === 'postgres'
    ? sql.raw(`to_char(to_timestamp((e.reported_at + 28800000) / 1000.0) at time zone 'UTC', '${fmt[1]}')`)
    : sql.raw(`strftime('${fmt[0]}', (e.reported_at + 28800000) / 1000, 'unixepoch')`);
}

/** Recomputes every count from grid_events. */
export async function rebuildCounts(q: DbOrTrx, dialect: Dialect) {
  await q.deleteFrom('grid_event_counts').execute();
  for (const grain of ['d', 'm'] as const) {
    const period = periodExpr(dialect, grain);
    await sql`
      insert into grid_event_counts (grain, period, county_id, county_path, class, type_code, reported, closed, on_time)
      select ${sql.lit(grain)}, ${period}, c.id, c.path, e.class, e.type_code, count(*),
             sum(case when e.status = 'closed' then 1 else 0 end),
             sum(case when e.closed_on_time = 1 then 1 else 0 end)
      from org_units c
      join grid_events e
        on e.unit_path > c.path and e.unit_path < substr(c.path, 1, length(c.path) - 1) || '0'
      where c.level = 'county' and e.status not in ('invalid', 'recalled')
      group by ${period}, c.id, c.path, e.class, e.type_code`.execute(q);
  }
}

/** Whole months inside [from, to] read from month rows, the days at either edge from day rows. */
export function splitRange(from: string, to: string) {
  const firstFull = from.endsWith('-01')
    ? from
    : `${addCalendarDays(`${from.slice(0, 7)}-01`, 40).slice(0, 7)}-01`;
  const nextMonthOfTo = `${addCalendarDays(`${to.slice(0, 7)}-01`, 40).slice(0, 7)}-01`;
  const lastFull =
    addCalendarDays(nextMonthOfTo, -1) === to ? to : addCalendarDays(`${to.slice(0, 7)}-01`, -1);
  if (firstFull > lastFull) return { months: null, days: [[from, to]] as [string, string][] };
  const days: [string, string][] = [];
  if (from < firstFull) days.push([from, addCalendarDays(firstFull, -1)]);
  if (lastFull < to) days.push([addCalendarDays(lastFull, 1), to]);
  return { months: [firstFull.slice(0, 7), lastFull.slice(0, 7)] as [string, string], days };
}

/** Counts by class and type for the caller's scope (county or above) and [from, to]. */
export async function readCounts(q: DbOrTrx, user: CurrentUser, from: string, to: string) {
  const { months, days } = splitRange(from, to);
  const base = (grain: 'd' | 'm') =>
    q
      .selectFrom('grid_event_counts')
      .select((eb) => [
        'class',
        'type_code',
        eb.fn.sum<number>('reported').as('n'),
        eb.fn.sum<number>('closed').as('closed'),
        eb.fn.sum<number>('on_time').as('on_time'),
      ])
      .where('grain', '=', grain)
      .where(pathUnder('county_path', scopePrefix(user)))
      .groupBy(['class', 'type_code'])
      // A type whose reports were all taken back out keeps a row of zeros; counting rows would not show it.
      .having((eb) => eb.fn.sum('reported'), '>', 0);
  const parts = [];
  if (months)
    parts.push(base('m').where('period', '>=', months[0]).where('period', '<=', months[1]).execute());
  for (const [a, b] of days)
    parts.push(base('d').where('period', '>=', a).where('period', '<=', b).execute());
  return (await Promise.all(parts)).flat();
}
