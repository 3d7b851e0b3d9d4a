import {
  DEFAULT_PARTY_LIFE_SETTINGS,
  MEETING_TYPES,
  windowOf,
  windowsIn,
  type MeetingType,
  type PartyLifeSettings,
} from '@fivestar/common';
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { pathUnder } from '../../security/scope.ts';
import { complianceUnder } from './compliance.ts';
import { pathIds } from './partylife.core.ts';

/**
 * The compliance rollups: above a county the summary and the compliance table read windows met per county
 * (pl_window_counts) and meetings per county and day (pl_meeting_days) instead of a province's 1.9M pl_windows rows.
 *
 * Why per county and exact: settings are kept at a township or above, so every branch of a county without a
 * township row of its own shares one set of frequencies. A window met whose span is the type's frequency now in
 * force is one of the windows due (and pl_windows holds it once per branch), so those counts never exceed a branch's
 * due and the per-branch cap cannot bind on them: the county's figures are its branches times the windows due, plus
 * the open windows held, and met is the closed windows held plus the open ones. A county where that does not hold —
 * a township in it has settings of its own, or a branch holds a closed window of a frequency no longer in force (the
 * cap may bind) — is computed from pl_windows branch by branch, as below a county.
 */

/** Scopes (a caller's or a unit's level) whose compliance is read from the rollups. */
export const ROLLUP_LEVELS = ['province', 'city'];

const pathOf = (ids: number[]) => `/${ids.join('/')}/`;

/** The rollup key of each path: its county's path (the nearest ancestor at level county), else its parent's. */
export async function rollupKeys(q: DbOrTrx, paths: string[]): Promise<Map<string, string>> {
  const counties = new Set(
    (await q.selectFrom('org_units').select('id').where('level', '=', 'county').execute()).map((r) => r.id),
  );
  const keys = new Map<string, string>();
  for (const path of paths) {
    if (keys.has(path)) continue;
    const ids = pathIds(path);
    let i = ids.length - 2;
    while (i >= 0 && !counties.has(ids[i]!)) i--;
    keys.set(path, i >= 0 ? pathOf(ids.slice(0, i + 1)) : pathOf(ids.slice(0, Math.max(1, ids.length - 1))));
  }
  return keys;
}

type Counted = { unit_path: string; n: number } & Record<string, string | number>;

/** Adds rows to a rollup (n added to an existing row's); rows with the same key are added up first. */
async function addUp(
  trx: DbOrTrx,
  table: 'pl_window_counts' | 'pl_meeting_days',
  columns: string[],
  rows: Counted[],
) {
  const sums = new Map<string, Counted>();
  for (const r of rows) {
    const k = [r.unit_path, ...columns.map((c) => r[c])].join('|');
    const s = sums.get(k);
    if (s) s.n += r.n;
    else sums.set(k, { ...r });
  }
  const all = [...sums.values()];
  for (let i = 0; i < all.length; i += 200)
    await trx
      .insertInto(table)
      .values(all.slice(i, i + 200) as never)
      .onConflict((oc) =>
        oc
          .columns(['unit_path', ...columns] as never)
          .doUpdateSet({ n: sql`${sql.ref(`${table}.n`)} + excluded.n` } as never),
      )
      .execute();
}

/**
 * Counts windows met (pl_windows rows just written) and meetings (pl_meetings rows just written) into the rollups, in
 * the writing transaction. Windows of a unit without a party branch are not counted (compliance counts branches).
 */
export async function countIntoRollups(
  trx: DbOrTrx,
  windows: {
    org_unit_id: number;
    unit_path: string;
    type: string;
    window_start: string;
    window_end: string;
  }[],
  meetings: { unit_path: string; type: string; held_on: string }[],
) {
  const keys = await rollupKeys(trx, [
    ...windows.map((w) => w.unit_path),
    ...meetings.map((m) => m.unit_path),
  ]);
  const unitIds = [...new Set(windows.map((w) => w.org_unit_id))];
  const branches = new Set<number>();
  for (let i = 0; i < unitIds.length; i += 500) {
    const rows = await trx
      .selectFrom('party_branches')
      .select('org_unit_id')
      .where('org_unit_id', 'in', unitIds.slice(i, i + 500))
      .execute();
    for (const r of rows) branches.add(r.org_unit_id);
  }
  await addUp(
    trx,
    'pl_window_counts',
    ['type', 'window_start', 'window_end'],
    windows
      .filter((w) => branches.has(w.org_unit_id))
      .map((w) => ({
        unit_path: keys.get(w.unit_path)!,
        type: w.type,
        window_start: w.window_start,
        window_end: w.window_end,
        n: 1,
      })),
  );
  await addUp(
    trx,
    'pl_meeting_days',
    ['type', 'held_on'],
    meetings.map((m) => ({ unit_path: keys.get(m.unit_path)!, type: m.type, held_on: m.held_on, n: 1 })),
  );
}

/** Meetings of `type` held in [from, to] under `prefix`, a scope of ROLLUP_LEVELS. */
export async function meetingsHeldAbove(
  q: DbOrTrx,
  prefix: string,
  type: MeetingType,
  from: string,
  to: string,
) {
  const row = await q
    .selectFrom('pl_meeting_days')
    .select(sql<number | null>`sum(n)`.as('n'))
    .where(pathUnder('unit_path', prefix))
    .where('type', '=', type)
    .where('held_on', '>=', from)
    .where('held_on', '<=', to)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every settings row with its unit's path, deepest last. */
async function settingsByPath(q: DbOrTrx) {
  const rows = await q.selectFrom('pl_settings').select(['org_unit_id', 'settings']).execute();
  // The settings' units by id (a join scans every unit instead).
  const paths = await q
    .selectFrom('org_units')
    .select(['id', 'path'])
    .where('id', 'in', q.selectFrom('pl_settings').select('org_unit_id'))
    .execute();
  const pathOfUnit = new Map(paths.map((p) => [p.id, p.path]));
  return rows
    .map((r) => ({
      path: pathOfUnit.get(r.org_unit_id)!,
      settings: JSON.parse(r.settings) as PartyLifeSettings,
    }))
    .sort((a, b) => a.path.length - b.path.length);
}

/** The branches of each county under a path, and of the whole path (the org module's in-memory counts). */
export type BranchesPerCounty = (
  prefix: string,
) => Promise<{ counties: { path: string; n: number }[]; total: number }>;

/**
 * Windows due and met over [from, to] per county under `prefix` (a scope of ROLLUP_LEVELS): the same figures as
 * adding up `complianceUnder` over the county's branches. Where some branch under `prefix` lies outside every county
 * (a tree this project does not build), per branch from pl_windows instead.
 */
export async function complianceByCounty(
  q: DbOrTrx,
  branchesPerCounty: BranchesPerCounty,
  prefix: string,
  from: string,
  to: string,
) {
  const [settings, counts, held] = await Promise.all([
    settingsByPath(q),
    branchesPerCounty(prefix),
    q
      .selectFrom('pl_window_counts')
      .select(['unit_path', 'type', 'window_start', 'window_end', 'n'])
      .where(pathUnder('unit_path', prefix))
      .where('window_start', '>=', from)
      .where('window_start', '<=', to)
      .execute(),
  ]);
  if (counts.counties.reduce((n, c) => n + c.n, 0) !== counts.total)
    return (await complianceUnder(q, prefix, from, to)).map((b) => ({ ...b, branches: 1 }));
  const byKey = new Map<string, { branches: number | null; rows: typeof held }>();
  for (const c of counts.counties) byKey.set(c.path, { branches: c.n, rows: [] });
  for (const h of held) {
    if (!byKey.has(h.unit_path)) byKey.set(h.unit_path, { branches: null, rows: [] });
    byKey.get(h.unit_path)!.rows.push(h);
  }
  const closedDue = new Map<PartyLifeSettings, number>();
  const out: { path: string; branches: number; due: number; met: number }[] = [];
  for (const [key, { branches, rows }] of byKey) {
    const s = settings.findLast((x) => key.startsWith(x.path))?.settings ?? DEFAULT_PARTY_LIFE_SETTINGS;
    let matched = 0;
    let stale = 0;
    let open = 0;
    for (const r of rows) {
      const w = r.window_end > to ? null : windowOf(s.frequencies[r.type as MeetingType], r.window_start);
      if (r.window_end > to) open += Number(r.n);
      else if (w && w.start === r.window_start && w.end === r.window_end) matched += Number(r.n);
      else stale += Number(r.n);
    }
    // Settings below the key, a window of a frequency no longer in force, or a key that is not a county (its
    // branches not counted above): branch by branch from pl_windows.
    if (branches === null || stale > 0 || settings.some((x) => x.path.startsWith(key) && x.path !== key)) {
      const each = await complianceUnder(q, key, from, to);
      const sum = (f: (b: { due: number; met: number }) => number) => each.reduce((n, b) => n + f(b), 0);
      out.push({ path: key, branches: each.length, due: sum((b) => b.due), met: sum((b) => b.met) });
      continue;
    }
    let due = closedDue.get(s);
    if (due === undefined) {
      due = MEETING_TYPES.reduce((n, t) => n + windowsIn(s.frequencies[t], from, to).closed.length, 0);
      closedDue.set(s, due);
    }
    out.push({ path: key, branches, due: branches * due + open, met: matched + open });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
