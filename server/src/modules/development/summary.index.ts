import type { DevelopmentSummary } from '@fivestar/common';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { bumpCacheVersion, type CacheVersions, type VersionedCache } from '../../kernel/cache-versions.ts';
import { pathBounds, pathUnder, rangeOf } from '../../security/scope.ts';

/**
 * The development summary in memory (a province's summary over 46,000 branches must answer warm well under 100 ms;
 * the SQL of summary.service.ts `summaryFor` takes 200–600 ms there and stays as the reference).
 *
 * The rows of the registries the summary counts, sharded by county: each shard holds the rows whose `unit_path`
 * lies under one county, and one shard, `upper`, the rows under no county (a city's or the province's own, or a
 * village directly under a city). Each shard is a versioned cache (kernel/cache-versions.ts) named
 * `development.summary:<county path>` or `development.summary:upper`: the registry service bumps the shards of a
 * row's old and new path in the writing transaction (`changed`; a fair's date or a campaign's period also the
 * shards of its employers or sign-ins), seeders every shard (`bumpEverySummaryShard`), so a write reloads one
 * county, not the province. A shard keeps its rows sorted by path in typed arrays: dates as day numbers (YYYYMMDD),
 * people and villages by a dense numbering shared by all shards, so a distinct count over several shards is one
 * marker array. A scope at or below a county reads the one shard (its rows under the scope: a binary search on the
 * paths), a scope above reads the whole shards of its counties and its rows of `upper`.
 *
 * Units never move (their paths are fixed; the org module only renames) and people are never deleted, so a row's
 * `unit_path` changes only by a write to the row itself.
 */
export const SUMMARY_CACHE = 'development.summary';
export const shardName = (county: string | null) => `${SUMMARY_CACHE}:${county ?? 'upper'}`;

/** A date that is not there (`built_on`, `until` null): later than any date, which is how the summary reads it. */
const NEVER = 0x7fffffff;

/** The tables whose rows the summary counts (a write to one of them bumps the shards of its rows). */
export const SUMMARY_TABLES: ReadonlySet<string> = new Set([
  'dev_training_attendance',
  'dev_job_fairs',
  'dev_fair_employers',
  'dev_placements',
  'dev_relocations',
  'dev_enterprises',
  'dev_projects',
  'dev_service_centres',
  'dev_welfare_posts',
  'dev_cleaners',
  'dev_campaign_signins',
]);

/** The county of each path (the nearest ancestor-or-self at level county), null when it lies under no county. */
export async function countiesOf(q: DbOrTrx, paths: Iterable<string>): Promise<Map<string, string | null>> {
  const prefixes = new Set<string>();
  const unique = [...new Set(paths)];
  for (const path of unique)
    for (let i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1))
      prefixes.add(path.slice(0, i + 1));
  const counties = new Set<string>();
  const all = [...prefixes];
  for (let i = 0; i < all.length; i += 500) {
    const rows = await q
      .selectFrom('org_units')
      .select('path')
      .where('level', '=', 'county')
      .where('path', 'in', all.slice(i, i + 500))
      .execute();
    for (const r of rows) counties.add(r.path);
  }
  const out = new Map<string, string | null>();
  for (const path of unique) {
    let county: string | null = null;
    for (let i = path.indexOf('/', 1); i > 0 && county === null; i = path.indexOf('/', i + 1))
      if (counties.has(path.slice(0, i + 1))) county = path.slice(0, i + 1);
    out.set(path, county);
  }
  return out;
}

/** The shard names of rows at these paths. */
export async function summaryShardsOf(q: DbOrTrx, paths: Iterable<string>): Promise<Set<string>> {
  return new Set([...(await countiesOf(q, paths)).values()].map(shardName));
}

/**
 * Marks every shard changed: for writers that insert registry rows directly (the demo and scale seeders, test
 * builders). `bump` defaults to a bump without a registry (seen by a running process at its next version check).
 */
export async function bumpEverySummaryShard(
  q: DbOrTrx,
  bump: (q: DbOrTrx, name: string) => Promise<unknown> = bumpCacheVersion,
): Promise<void> {
  const counties = await q.selectFrom('org_units').select('path').where('level', '=', 'county').execute();
  for (const name of [...counties.map((c) => shardName(c.path)), shardName(null)]) await bump(q, name);
}

/** Rows of one table sorted by path: `path[i]` and each column's `cols[c][i]`. */
interface Rows<C extends string> {
  path: string[];
  cols: Record<C, Int32Array>;
}

export interface SummaryShard {
  attendance: Rows<'day' | 'person'>;
  fairs: Rows<'day'>;
  /** Each employer with its fair's day. */
  employers: Rows<'day'>;
  placements: Rows<'day' | 'person'>;
  relocations: Rows<'day' | 'unit' | 'people'>;
  enterprises: Rows<'day' | 'jobs'>;
  /** Projects not stopped. */
  projects: Rows<'day'>;
  centres: Rows<'planned' | 'built'>;
  posts: Rows<'from' | 'to' | 'person'>;
  cleaners: Rows<'since' | 'until' | 'person'>;
  /** Each sign-in with its campaign's period; role 1 cadre, 2 villager, 0 other. */
  signins: Rows<'from' | 'to' | 'role'>;
}

/** An append-only dense numbering (person ids, unit ids), shared by every shard. */
class Numbering {
  private readonly map = new Map<number, number>();
  of(id: number): number {
    let n = this.map.get(id);
    if (n === undefined) this.map.set(id, (n = this.map.size));
    return n;
  }
  get size() {
    return this.map.size;
  }
}

/** Marks numbers; `clear` unmarks only those marked since the last clear. */
class Marker {
  private seen = new Uint8Array(1024);
  private marked = new Int32Array(1024);
  private count = 0;
  /** True if `n` was not marked yet. */
  mark(n: number): boolean {
    if (n >= this.seen.length) {
      const bigger = new Uint8Array(Math.max(n + 1, this.seen.length * 2));
      bigger.set(this.seen);
      this.seen = bigger;
    }
    if (this.seen[n]) return false;
    this.seen[n] = 1;
    if (this.count === this.marked.length) {
      const bigger = new Int32Array(this.marked.length * 2);
      bigger.set(this.marked);
      this.marked = bigger;
    }
    this.marked[this.count++] = n;
    return true;
  }
  /** Unmarks everything; returns how many were marked. */
  clear(): number {
    const n = this.count;
    for (let i = 0; i < n; i++) this.seen[this.marked[i]!] = 0;
    this.count = 0;
    return n;
  }
}

/**
 * 'YYYY-MM-DD' as the number YYYYMMDD: in the same order as the strings SQL compares, for any string of that shape
 * (a day that does not exist included), so a comparison here is exactly the SQL's; null as NEVER.
 */
function dayNumbers() {
  const memo = new Map<string, number>();
  return (date: string | null): number => {
    if (date === null) return NEVER;
    let d = memo.get(date);
    if (d === undefined) {
      if (!/^\d{4}-\d\d-\d\d$/.test(date)) throw new Error(`not a date: ${date}`);
      d = Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
      memo.set(date, d);
    }
    return d;
  };
}
export const dayOf = dayNumbers();

/** Rows (each with `unit_path`) into sorted columns; `cols` maps a row to each column's number. */
function columns<C extends string>(
  rows: Record<string, unknown>[],
  paths: Map<string, string>,
  cols: Record<C, (r: Record<string, unknown>) => number>,
): Rows<C> {
  rows.sort((a, b) => (String(a.unit_path) < String(b.unit_path) ? -1 : a.unit_path === b.unit_path ? 0 : 1));
  const path = new Array<string>(rows.length);
  const out = {} as Record<C, Int32Array>;
  const names = Object.keys(cols) as C[];
  for (const c of names) out[c] = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const p = String(r.unit_path);
    let interned = paths.get(p);
    if (interned === undefined) paths.set(p, (interned = p));
    path[i] = interned;
    for (const c of names) out[c][i] = cols[c](r);
  }
  return { path, cols: out };
}

/** The index range [from, to) of the sorted `paths` under `prefix` (all of them when `prefix` is null). */
function rangeUnder(paths: string[], prefix: string | null): [number, number] {
  return prefix === null ? [0, paths.length] : rangeOf(paths, prefix);
}

/**
 * The index: `counties()` are the county paths, sorted (from the org module's in-memory tree, kept current by
 * its own cache version).
 */
export function createSummaryIndex(caches: CacheVersions, counties: () => Promise<string[]>) {
  const people = new Numbering();
  const units = new Numbering();
  const marker = new Marker();
  const shards = new Map<string | null, VersionedCache<SummaryShard>>();

  /** The rows of a shard: under `county`, or (null) in the gaps between the counties. */
  async function loadShard(q: DbOrTrx, county: string | null): Promise<SummaryShard> {
    let where: (col: string) => RawBuilder<SqlBool>;
    let keep: (path: string) => boolean = () => true;
    if (county !== null) where = (col) => pathUnder(col, county);
    else {
      const all = await counties();
      const gaps: [string, string][] = [];
      let from = '';
      for (const c of all) {
        if (from < c) gaps.push([from, c]);
        from = pathBounds(c).upper;
      }
      gaps.push([from, pathBounds('/').upper]); // every path starts with '/'
      where = (col) =>
        sql<SqlBool>`(${sql.join(
          gaps.map(([lo, hi]) => sql`(${sql.ref(col)} >= ${lo} and ${sql.ref(col)} < ${hi})`),
          sql` or `,
        )})`;
      const known = new Set(all);
      keep = (path) => {
        for (let i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1))
          if (known.has(path.slice(0, i + 1))) return false;
        return true;
      };
    }
    const rows = async (query: Promise<Record<string, unknown>[]>) =>
      (await query).filter((r) => keep(String(r.unit_path)));
    const paths = new Map<string, string>();
    const person = (r: Record<string, unknown>) => people.of(Number(r.person_id));
    const day = (col: string) => (r: Record<string, unknown>) => dayOf(r[col] as string | null);
    const [attendance, fairs, employers, placements, relocations, enterprises, projects, centres, posts] =
      await Promise.all([
        rows(
          q
            .selectFrom('dev_training_attendance')
            .select(['unit_path', 'signed_on', 'person_id'])
            .where(where('unit_path'))
            .execute(),
        ),
        rows(
          q.selectFrom('dev_job_fairs').select(['unit_path', 'held_on']).where(where('unit_path')).execute(),
        ),
        rows(
          q
            .selectFrom('dev_fair_employers as e')
            .innerJoin('dev_job_fairs as f', 'f.id', 'e.parent_id')
            .select(['e.unit_path', 'f.held_on'])
            .where(where('e.unit_path'))
            .execute(),
        ),
        rows(
          q
            .selectFrom('dev_placements')
            .select(['unit_path', 'placed_on', 'person_id'])
            .where(where('unit_path'))
            .execute(),
        ),
        rows(
          q
            .selectFrom('dev_relocations')
            .select(['unit_path', 'handover_on', 'org_unit_id', 'people'])
            .where(where('unit_path'))
            .execute(),
        ),
        rows(
          q
            .selectFrom('dev_enterprises')
            .select(['unit_path', 'admitted_on', 'jobs'])
            .where(where('unit_path'))
            .execute(),
        ),
        rows(
          q
            .selectFrom('dev_projects')
            .select(['unit_path', 'started_on'])
            .where(where('unit_path'))
            .where('status', '!=', 'stopped')
            .execute(),
        ),
        rows(
          q
            .selectFrom('dev_service_centres')
            .select(['unit_path', 'planned_on', 'built_on'])
            .where(where('unit_path'))
            .execute(),
        ),
        rows(
          q
            .selectFrom('dev_welfare_posts')
            .select(['unit_path', 'pay_from', 'pay_to', 'person_id'])
            .where(where('unit_path'))
            .execute(),
        ),
      ]);
    const [cleaners, signins] = await Promise.all([
      rows(
        q
          .selectFrom('dev_cleaners')
          .select(['unit_path', 'since', 'until', 'person_id'])
          .where(where('unit_path'))
          .execute(),
      ),
      rows(
        q
          .selectFrom('dev_campaign_signins as s')
          .innerJoin('dev_campaigns as c', 'c.id', 's.parent_id')
          .select(['s.unit_path', 's.role', 'c.period_from', 'c.period_to'])
          .where(where('s.unit_path'))
          .execute(),
      ),
    ]);
    return {
      attendance: columns(attendance, paths, { day: day('signed_on'), person }),
      fairs: columns(fairs, paths, { day: day('held_on') }),
      employers: columns(employers, paths, { day: day('held_on') }),
      placements: columns(placements, paths, { day: day('placed_on'), person }),
      relocations: columns(relocations, paths, {
        day: day('handover_on'),
        unit: (r) => units.of(Number(r.org_unit_id)),
        people: (r) => Number(r.people),
      }),
      enterprises: columns(enterprises, paths, { day: day('admitted_on'), jobs: (r) => Number(r.jobs) }),
      projects: columns(projects, paths, { day: day('started_on') }),
      centres: columns(centres, paths, { planned: day('planned_on'), built: day('built_on') }),
      posts: columns(posts, paths, { from: day('pay_from'), to: day('pay_to'), person }),
      cleaners: columns(cleaners, paths, { since: day('since'), until: day('until'), person }),
      signins: columns(signins, paths, {
        from: day('period_from'),
        to: day('period_to'),
        role: (r) => (r.role === 'cadre' ? 1 : r.role === 'villager' ? 2 : 0),
      }),
    };
  }

  function shard(county: string | null): VersionedCache<SummaryShard> {
    let cache = shards.get(county);
    if (!cache) {
      cache = caches.cached(shardName(county), (q) => loadShard(q, county));
      shards.set(county, cache);
    }
    return cache;
  }

  /** The shards a scope reads, each with the prefix its rows are filtered by (null: all of them). */
  async function plan(prefix: string): Promise<{ county: string | null; filter: string | null }[]> {
    const all = await counties();
    // Counties do not nest: the county at or above the scope is the scope itself or the last county before it.
    const [from, to] = rangeOf(all, prefix);
    const at = all[from] === prefix ? prefix : all[from - 1];
    if (at !== undefined && prefix.startsWith(at))
      return [{ county: at, filter: prefix === at ? null : prefix }];
    return [
      ...all.slice(from, to).map((county) => ({ county, filter: null })),
      { county: null, filter: prefix },
    ];
  }

  return {
    /** Loads (or returns) every shard: start-up, benchmarks. */
    async warm() {
      await Promise.all([...(await counties()), null].map((c) => shard(c).get()));
    },

    /** Marks the shards of these paths changed (the writer's own cache registry: it sees the change at once). */
    async changed(trx: DbOrTrx, paths: Iterable<string>) {
      for (const name of await summaryShardsOf(trx, paths)) await caches.bump(trx, name);
    },

    /** The summary of the rows under `prefix` for [from, to]: the figures of `summaryFor`, from memory. */
    async summary(prefix: string, from: string, to: string): Promise<DevelopmentSummary> {
      const parts = await plan(prefix);
      const loaded = await Promise.all(parts.map((p) => shard(p.county).get()));
      // From here on synchronous: the marker is shared by every query of the process.
      return figures(
        loaded.map((s, i) => ({ shard: s, filter: parts[i]!.filter })),
        dayOf(from),
        dayOf(to),
      );
    },
  };

  function figures(
    parts: { shard: SummaryShard; filter: string | null }[],
    from: number,
    to: number,
  ): DevelopmentSummary {
    /** Calls `each(cols, i)` for every row of `table` in every part. */
    const scan = <K extends keyof SummaryShard>(
      table: K,
      each: (cols: SummaryShard[K]['cols'], i: number) => void,
    ) => {
      for (const { shard: s, filter } of parts) {
        const t = s[table];
        const [lo, hi] = rangeUnder(t.path, filter);
        for (let i = lo; i < hi; i++) each(t.cols as SummaryShard[K]['cols'], i);
      }
    };
    let attendances = 0;
    scan('attendance', (c, i) => {
      const d = c.day[i]!;
      if (d >= from && d <= to) {
        attendances++;
        marker.mark(c.person[i]!);
      }
    });
    const trained = marker.clear();
    let fairs = 0;
    scan('fairs', (c, i) => {
      if (c.day[i]! >= from && c.day[i]! <= to) fairs++;
    });
    let employers = 0;
    scan('employers', (c, i) => {
      if (c.day[i]! >= from && c.day[i]! <= to) employers++;
    });
    scan('placements', (c, i) => {
      if (c.day[i]! >= from && c.day[i]! <= to) marker.mark(c.person[i]!);
    });
    const placed = marker.clear();
    let moved = 0;
    scan('relocations', (c, i) => {
      if (c.day[i]! <= to) {
        moved += c.people[i]!;
        marker.mark(c.unit[i]!);
      }
    });
    const villages = marker.clear();
    let enterprises = 0;
    let jobs = 0;
    scan('enterprises', (c, i) => {
      if (c.day[i]! <= to) {
        enterprises++;
        jobs += c.jobs[i]!;
      }
    });
    let projects = 0;
    scan('projects', (c, i) => {
      if (c.day[i]! <= to) projects++;
    });
    let planned = 0;
    let built = 0;
    scan('centres', (c, i) => {
      if (c.planned[i]! > to) return;
      if (c.built[i]! <= to) built++;
      else planned++;
    });
    scan('posts', (c, i) => {
      if (c.from[i]! <= to && c.to[i]! >= from) marker.mark(c.person[i]!);
    });
    const posts = marker.clear();
    scan('cleaners', (c, i) => {
      if (c.since[i]! <= to && c.until[i]! >= from) marker.mark(c.person[i]!);
    });
    const cleaners = marker.clear();
    let cadres = 0;
    let villagers = 0;
    scan('signins', (c, i) => {
      if (c.from[i]! > to || c.to[i]! < from) return;
      if (c.role[i] === 1) cadres++;
      else if (c.role[i] === 2) villagers++;
    });
    return {
      training: { attendances, people: trained },
      jobFairs: { fairs, employers, placed },
      relocation: { villages, people: moved },
      incubator: { enterprises, jobs },
      projects,
      serviceCentres: { planned, built },
      environment: { posts, cleaners, cadres, villagers },
    };
  }
}

export type SummaryIndex = ReturnType<typeof createSummaryIndex>;
