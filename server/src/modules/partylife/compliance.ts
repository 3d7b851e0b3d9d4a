import {
  complianceRatio,
  DEFAULT_PARTY_LIFE_SETTINGS,
  MEETING_TYPES,
  windowsIn,
  windowWarning,
  type MeetingType,
  type PartyLifeSettings,
} from '@fivestar/common';
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { pathUnder } from '../../security/scope.ts';
import { pathIds, VILLAGE_LEVELS } from './partylife.core.ts';

/** Every settings row, resolved per path: the deepest unit on the path with a row, else the defaults. */
async function settingsResolver(q: DbOrTrx) {
  const rows = await q.selectFrom('pl_settings').select(['org_unit_id', 'settings']).execute();
  const byUnit = new Map(rows.map((r) => [r.org_unit_id, JSON.parse(r.settings) as PartyLifeSettings]));
  return (path: string): PartyLifeSettings => {
    const ids = pathIds(path);
    for (let i = ids.length - 1; i >= 0; i--) {
      const s = byUnit.get(ids[i]!);
      if (s) return s;
    }
    return DEFAULT_PARTY_LIFE_SETTINGS;
  };
}

/** The branches (village-level units with a party branch) under a path prefix. */
export async function branchesUnder(q: DbOrTrx, prefix: string) {
  return q
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .select(['o.id', 'o.path', 'o.name'])
    .where(pathUnder('o.path', prefix))
    .where('o.level', 'in', VILLAGE_LEVELS)
    .orderBy('o.path')
    .execute();
}

export interface BranchCompliance {
  id: number;
  path: string;
  name: string;
  due: number;
  met: number;
}

/**
 * The frequency engine's count over [from, to] for every branch under `prefix`: each type's closed windows are due
 * (by the settings that apply to the branch), an open window only once something is held in it; a window is met
 * when the branch held a meeting of the type in it (one pl_windows row per window met).
 */
export async function complianceUnder(
  q: DbOrTrx,
  prefix: string,
  from: string,
  to: string,
): Promise<BranchCompliance[]> {
  const [branches, resolve, held] = await Promise.all([
    branchesUnder(q, prefix),
    settingsResolver(q),
    q
      .selectFrom('pl_windows')
      .select([
        'org_unit_id',
        sql<number>`sum(case when window_end <= ${to} then 1 else 0 end)`.as('closed'),
        sql<number>`sum(case when window_end > ${to} then 1 else 0 end)`.as('open'),
      ])
      .where(pathUnder('unit_path', prefix))
      .where('window_start', '>=', from)
      .where('window_start', '<=', to)
      // grouped in the index's order (path, unit): a unit's rows under more than one path are added up below
      .groupBy(['unit_path', 'org_unit_id'])
      .execute(),
  ]);
  const heldBy = new Map<number, { closed: number; open: number }>();
  for (const h of held) {
    const sum = heldBy.get(h.org_unit_id) ?? { closed: 0, open: 0 };
    sum.closed += Number(h.closed);
    sum.open += Number(h.open);
    heldBy.set(h.org_unit_id, sum);
  }
  const closedDue = new Map<PartyLifeSettings, number>();
  return branches.map((b) => {
    const s = resolve(b.path);
    let due = closedDue.get(s);
    if (due === undefined) {
      due = MEETING_TYPES.reduce((n, t) => n + windowsIn(s.frequencies[t], from, to).closed.length, 0);
      closedDue.set(s, due);
    }
    const h = heldBy.get(b.id) ?? { closed: 0, open: 0 };
    const met = Math.min(h.closed, due) + h.open;
    return { id: b.id, path: b.path, name: b.name, due: due + h.open, met };
  });
}

/** Whether any meeting is recorded under `prefix` in `year` (one seek on pl_meetings_year_path). */
export async function hasMeetingsIn(q: DbOrTrx, prefix: string, year: number) {
  const row = await q
    .selectFrom('pl_meetings')
    .select('id')
    .where('year', '=', year)
    .where(pathUnder('unit_path', prefix))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The latest year up to `upTo` with a meeting recorded under `prefix`; null when there is none. */
export async function latestMeetingYear(q: DbOrTrx, prefix: string, upTo: number) {
  const first = await q
    .selectFrom('pl_meetings')
    .select((eb) => eb.fn.min('year').as('y'))
    .executeTakeFirst();
  if (first?.y === null || first?.y === undefined) return null;
  for (let y = upTo; y >= Number(first.y); y--) if (await hasMeetingsIn(q, prefix, y)) return y;
  return null;
}

export const totals = (rows: { due: number; met: number }[]) => {
  const due = rows.reduce((n, r) => n + r.due, 0);
  const met = rows.reduce((n, r) => n + r.met, 0);
  return { due, met, compliance: complianceRatio(met, due) };
};

/**
 * The rows of a compliance table: per branch when the scope is a township or below, otherwise per unit one level
 * under the scope (a county's townships, a city's counties), from branches or from the rollups' counties.
 */
export async function complianceRows(
  q: DbOrTrx,
  scope: { path: string; level: string },
  branches: BranchCompliance[] | { path: string; branches: number; due: number; met: number }[],
) {
  if (['township', 'district', 'village', 'community'].includes(scope.level))
    return (branches as BranchCompliance[]).map((b) => ({
      unitId: b.id,
      unitName: b.name,
      branches: 1,
      due: b.due,
      met: b.met,
      compliance: complianceRatio(b.met, b.due),
    }));
  const depth = pathIds(scope.path).length;
  const groups = new Map<number, { branches: number; due: number; met: number }>();
  for (const b of branches) {
    const child = pathIds(b.path)[depth]!;
    const g = groups.get(child) ?? { branches: 0, due: 0, met: 0 };
    // A branch, or a county of the rollups with its branches.
    g.branches += 'branches' in b ? b.branches : 1;
    g.due += b.due;
    g.met += b.met;
    groups.set(child, g);
  }
  const ids = [...groups.keys()];
  const names = ids.length
    ? await q.selectFrom('org_units').select(['id', 'name']).where('id', 'in', ids).orderBy('path').execute()
    : [];
  return names.map((n) => {
    const g = groups.get(n.id)!;
    return { unitId: n.id, unitName: n.name, ...g, compliance: complianceRatio(g.met, g.due) };
  });
}

/** The warnings of `today`: per branch and type, a running window ending within warnDays with nothing held. */
export async function warningsUnder(q: DbOrTrx, prefix: string, today: string) {
  const [branches, resolve, current] = await Promise.all([
    branchesUnder(q, prefix),
    settingsResolver(q),
    q
      .selectFrom('pl_windows')
      .select(['org_unit_id', 'type', 'window_key'])
      .where(pathUnder('unit_path', prefix))
      .where('window_start', '<=', today)
      .where('window_end', '>=', today)
      .execute(),
  ]);
  const held = new Map<string, Set<string>>();
  for (const w of current) {
    const k = `${w.org_unit_id}:${w.type}`;
    if (!held.has(k)) held.set(k, new Set());
    held.get(k)!.add(w.window_key);
  }
  const out: {
    unitId: number;
    unitName: string;
    type: MeetingType;
    window: string;
    end: string;
    daysLeft: number;
  }[] = [];
  for (const b of branches) {
    const s = resolve(b.path);
    for (const type of MEETING_TYPES) {
      const w = windowWarning(
        s.frequencies[type],
        today,
        s.warnDays,
        held.get(`${b.id}:${type}`) ?? new Set(),
      );
      if (w)
        out.push({ unitId: b.id, unitName: b.name, type, window: w.key, end: w.end, daysLeft: w.daysLeft });
    }
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft || a.unitName.localeCompare(b.unitName, 'zh'));
}
