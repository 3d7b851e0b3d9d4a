import type { BranchKind, OrgLevel } from '@fivestar/common';
import type { DbOrTrx } from '../../db/database.ts';
import type { CacheVersions } from '../../kernel/cache-versions.ts';
import { rangeOf } from '../../security/scope.ts';

/**
 * The organisation tree in memory, for the queries that would otherwise count or search a province's subtree row by
 * row (58,000 units, 46,000 branches, 140,000 grid workers, 190,000 accounts): units and branches sorted by path,
 * and running totals per unit, so a subtree — an index range on the path — is two binary searches, and a count the
 * difference of two running totals.
 *
 * A versioned cache (kernel/cache-versions.ts, name `org`): whatever changes units, branches, stations, grid workers
 * or accounts bumps it in its transaction (`ORG_CACHE`), and every server process reloads it after the commit.
 */
export const ORG_CACHE = 'org';

/** `villageBranches`: the branches of villages and communities (those the party-life compliance counts). */
const COUNTED = ['branches', 'villageBranches', 'rural', 'urban', 'stations', 'workers', 'users'] as const;
type Counted = (typeof COUNTED)[number];

export interface OrgIndex {
  /** Units sorted by path. */
  unit: {
    id: number[];
    parentId: (number | null)[];
    level: string[];
    code: string[];
    path: string[];
    /** lower(name) and the pinyin keys, for search. */
    name: string[];
    pinyin: string[];
  };
  /** Branches sorted by their unit's path, then id. */
  branch: {
    id: number[];
    path: string[];
    kind: BranchKind[];
    name: string[];
    unitName: string[];
    pinyin: string[];
  };
  /** Running totals over the units in path order: `totals[c][i]` counts units 0…i-1. */
  totals: Record<Counted, Int32Array>;
}

/** How many of `what` lie in the subtree at `prefix`. */
export function subtreeCount(index: OrgIndex, prefix: string, what: Counted): number {
  const [from, to] = rangeOf(index.unit.path, prefix);
  return index.totals[what][to]! - index.totals[what][from]!;
}

const byUnit = async (q: DbOrTrx, table: 'grid_stations' | 'grid_workers' | 'users') =>
  (
    await q
      .selectFrom(table)
      .select(['org_unit_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('org_unit_id')
      .execute()
  ).map((r) => [r.org_unit_id, Number(r.n)] as const);

async function loadIndex(q: DbOrTrx): Promise<OrgIndex> {
  const units = await q
    .selectFrom('org_units')
    .select(['id', 'parent_id', 'level', 'code', 'name', 'pinyin', 'path'])
    .orderBy('path')
    .execute();
  const branches = await q
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .select(['b.id', 'b.org_unit_id', 'b.kind', 'b.name', 'o.path', 'o.name as unit_name', 'o.pinyin'])
    .orderBy('o.path')
    .orderBy('b.id')
    .execute();
  // Units are sorted by the engine's collation (C on PostgreSQL, binary on SQLite): the same order as JavaScript's
  // for paths of digits and slashes. Sorted again here so the binary search never depends on it.
  units.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  branches.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.id - b.id));
  const position = new Map(units.map((u, i) => [u.id, i]));
  const own: Record<Counted, Int32Array> = Object.fromEntries(
    COUNTED.map((c) => [c, new Int32Array(units.length)]),
  ) as Record<Counted, Int32Array>;
  const add = (what: Counted, unitId: number, n: number) => {
    const i = position.get(unitId);
    if (i !== undefined) own[what][i]! += n;
  };
  for (const b of branches) {
    add('branches', b.org_unit_id, 1);
    const level = units[position.get(b.org_unit_id) ?? -1]?.level;
    if (level === 'village' || level === 'community') add('villageBranches', b.org_unit_id, 1);
    add(b.kind === 'urban' ? 'urban' : 'rural', b.org_unit_id, 1);
  }
  for (const [id, n] of await byUnit(q, 'grid_stations')) add('stations', id, n);
  for (const [id, n] of await byUnit(q, 'grid_workers')) add('workers', id, n);
  for (const [id, n] of await byUnit(q, 'users')) add('users', id, n);
  const totals = Object.fromEntries(
    COUNTED.map((c) => {
      const t = new Int32Array(units.length + 1);
      for (let i = 0; i < units.length; i++) t[i + 1] = t[i]! + own[c][i]!;
      return [c, t];
    }),
  ) as Record<Counted, Int32Array>;
  return {
    unit: {
      id: units.map((u) => u.id),
      parentId: units.map((u) => u.parent_id),
      level: units.map((u) => u.level),
      code: units.map((u) => u.code),
      path: units.map((u) => u.path),
      name: units.map((u) => u.name.toLowerCase()),
      pinyin: units.map((u) => (u.pinyin ?? '').toLowerCase()),
    },
    branch: {
      id: branches.map((b) => b.id),
      path: branches.map((b) => b.path),
      kind: branches.map((b) => b.kind as BranchKind),
      name: branches.map((b) => b.name.toLowerCase()),
      unitName: branches.map((b) => b.unit_name.toLowerCase()),
      pinyin: branches.map((b) => (b.pinyin ?? '').toLowerCase()),
    },
    totals,
  };
}

/** The paths of the units at a level, sorted, per loaded index. */
const pathsAtLevel = new WeakMap<OrgIndex, Map<string, string[]>>();

/** The org module's in-memory index, kept by the versioned cache. */
export function createOrgIndex(caches: CacheVersions) {
  const cache = caches.cached(ORG_CACHE, loadIndex);
  return {
    get: (q?: DbOrTrx) => cache.get(q),

    /** The paths of every unit at `level`, sorted (e.g. the counties: the development summary's shards). */
    async pathsAt(level: OrgLevel): Promise<string[]> {
      const index = await cache.get();
      let byLevel = pathsAtLevel.get(index);
      if (!byLevel) pathsAtLevel.set(index, (byLevel = new Map()));
      let paths = byLevel.get(level);
      if (!paths)
        byLevel.set(level, (paths = index.unit.path.filter((_, i) => index.unit.level[i] === level)));
      return paths;
    },
    /** The tree changed (in the writing transaction). */
    changed: (trx: DbOrTrx) => cache.bump(trx),

    /** Ids of the units under `prefix` that match, in path order. */
    async units(prefix: string, f: { q?: string; level?: OrgLevel; parentId?: number }): Promise<number[]> {
      const { unit } = await cache.get();
      const [from, to] = rangeOf(unit.path, prefix);
      const q = f.q?.toLowerCase();
      const out: number[] = [];
      for (let i = from; i < to; i++) {
        if (f.level && unit.level[i] !== f.level) continue;
        if (f.parentId && unit.parentId[i] !== f.parentId) continue;
        if (q && !unit.name[i]!.includes(q) && !unit.pinyin[i]!.includes(q) && unit.code[i] !== f.q) continue;
        out.push(unit.id[i]!);
      }
      return out;
    },

    /** Ids of the branches under `prefix` that match, in their unit's path order. */
    async branches(prefix: string, f: { q?: string; kind?: BranchKind }): Promise<number[]> {
      const { branch } = await cache.get();
      const [from, to] = rangeOf(branch.path, prefix);
      const q = f.q?.toLowerCase();
      const out: number[] = [];
      for (let i = from; i < to; i++) {
        if (f.kind && branch.kind[i] !== f.kind) continue;
        if (
          q &&
          !branch.unitName[i]!.includes(q) &&
          !branch.pinyin[i]!.includes(q) &&
          !branch.name[i]!.includes(q)
        )
          continue;
        out.push(branch.id[i]!);
      }
      return out;
    },

    /** Branches, stations, grid workers and accounts in the subtree at `prefix`. */
    async counts(prefix: string) {
      const index = await cache.get();
      return {
        branches: subtreeCount(index, prefix, 'branches'),
        stations: subtreeCount(index, prefix, 'stations'),
        gridWorkers: subtreeCount(index, prefix, 'workers'),
        users: subtreeCount(index, prefix, 'users'),
      };
    },

    subtreeCount: async (prefix: string, what: Counted) => subtreeCount(await cache.get(), prefix, what),

    /** Each unit at `level` under `prefix`, with how many of `what` lie in its subtree. */
    async subtreeCountsAt(prefix: string, level: OrgLevel, what: Counted) {
      const index = await cache.get();
      const [from, to] = rangeOf(index.unit.path, prefix);
      const out: { path: string; n: number }[] = [];
      for (let i = from; i < to; i++)
        if (index.unit.level[i] === level)
          out.push({ path: index.unit.path[i]!, n: subtreeCount(index, index.unit.path[i]!, what) });
      return out;
    },
  };
}

export type OrgIndexService = ReturnType<typeof createOrgIndex>;
