import {
  DEFAULT_PARTY_LIFE_SETTINGS,
  MEETING_TYPES,
  windowsIn,
  type PartyLifeSettings,
} from '@fivestar/common';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { backfillRollups } from '../../src/modules/partylife/migrations/partylife-0004-compliance-rollups.ts';
import { createWorld, type Unit, type World } from '../builders.ts';
import type { Session } from '../test-app.ts';
import { meeting, present } from './partylife.builders.ts';

// The test clock's day is 2026-11-02 (China time).
let worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds) await w.close();
  worlds = [];
});

const pathIds = (path: string) => path.split('/').filter(Boolean).map(Number);

/**
 * The figures recomputed the plain way, from pl_windows and pl_settings: per branch, due = each type's closed
 * windows by the settings that apply (the deepest unit on the path with a row) plus the open windows held, met =
 * min(closed held, closed due) + open held; grouped by the unit one level under `scope`.
 */
async function plain(w: World, scope: string, from: string, to: string) {
  const { db } = w.database;
  const settings = new Map(
    (await db.selectFrom('pl_settings').select(['org_unit_id', 'settings']).execute()).map((r) => [
      r.org_unit_id,
      JSON.parse(r.settings) as PartyLifeSettings,
    ]),
  );
  const branches = await db
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .select(['o.id', 'o.path'])
    .where('o.level', 'in', ['village', 'community'])
    .execute();
  const windows = await db.selectFrom('pl_windows').selectAll().execute();
  const groups = new Map<number, { branches: number; due: number; met: number }>();
  for (const b of branches.filter((x) => x.path.startsWith(scope))) {
    const s =
      pathIds(b.path)
        .reverse()
        .map((id) => settings.get(id))
        .find(Boolean) ?? DEFAULT_PARTY_LIFE_SETTINGS;
    const closedDue = MEETING_TYPES.reduce(
      (n, t) => n + windowsIn(s.frequencies[t], from, to).closed.length,
      0,
    );
    const mine = windows.filter(
      (x) => x.org_unit_id === b.id && x.window_start >= from && x.window_start <= to,
    );
    const closed = mine.filter((x) => x.window_end <= to).length;
    const open = mine.length - closed;
    const child = pathIds(b.path)[pathIds(scope).length] ?? b.id;
    const g = groups.get(child) ?? { branches: 0, due: 0, met: 0 };
    g.branches++;
    g.due += closedDue + open;
    g.met += Math.min(closed, closedDue) + open;
    groups.set(child, g);
  }
  const sum = (f: (g: { due: number; met: number }) => number) =>
    [...groups.values()].reduce((n, g) => n + f(g), 0);
  return { due: sum((g) => g.due), met: sum((g) => g.met), groups };
}

/** A unit written as the builders write one (they keep the org module's counts), with a branch for a village. */
async function unitUnder(w: World, parent: Unit, level: string, name: string): Promise<Unit> {
  const { db } = w.database;
  const unit = await w.unitUnder(parent, level, name);
  if (level === 'village')
    await db
      .insertInto('party_branches')
      .values({
        org_unit_id: unit.id,
        name: `${name}党支部`,
        kind: 'rural',
        org_type: 'branch',
        secretary_person_id: null,
        member_count: 30,
        is_relocation_community: 0,
        created_at: 0,
      })
      .execute();
  await w.app.caches.bump(db, 'org');
  return unit;
}

describe('the compliance rollups', () => {
  it('give the figures of a plain recount from pl_windows at every scope, also when the cap binds', async () => {
    const w = await createWorld();
    worlds.push(w);
    const { db } = w.database;
    const county1 = await w.county();
    const [provinceId, cityId] = pathIds(county1.path);
    const province: Unit = { id: provinceId!, path: `/${provinceId}/`, name: '河南省', level: 'province' };
    const city: Unit = { id: cityId!, path: `/${provinceId}/${cityId}/`, name: '测试市', level: 'city' };
    const county2 = await unitUnder(w, city, 'county', '二县');
    const town2 = await unitUnder(w, county2, 'township', '二镇');
    const district2 = await unitUnder(w, town2, 'district', '二管区');
    const t1 = await w.township();
    const t2 = await w.township();
    const villages = [
      await w.village({ district: await w.district({ township: t1 }) }),
      await w.village({ district: await w.district({ township: t2 }) }),
      await unitUnder(w, district2, 'village', '二村'),
      await unitUnder(w, district2, 'village', '三村'), // holds nothing: due all the same
    ];
    const admin = async (unit: Unit) => w.login(await w.user({ role: 'county_admin', unit }));
    const at = {
      province: await admin(province),
      city: await admin(city),
      county1: await admin(county1),
      county2: await admin(county2),
      t2: await w.login(await w.user({ role: 'township_admin', unit: t2 })),
    };
    const secretaries: { s: Session; village: Unit; members: { id: number }[] }[] = [];
    for (const village of villages.slice(0, 3)) {
      const p = await w.person({ unit: village, partyMember: true, idNumber: null, phone: null });
      const s = await w.login(await w.user({ role: 'village_secretary', unit: village }));
      secretaries.push({ s, village, members: [{ id: p.id }] });
    }
    const hold = (i: number, type: string, heldOn: string) =>
      meeting(secretaries[i]!.s, secretaries[i]!.village as never, {
        type,
        heldOn,
        attendance: present(secretaries[i]!.members),
      });
    const setFrequencies = async (s: Session, unit: Unit, frequencies: Record<string, string>) => {
      const res = await s.request('PUT', '/api/party-life/settings', {
        ...DEFAULT_PARTY_LIFE_SETTINGS,
        unitId: unit.id,
        frequencies: { ...DEFAULT_PARTY_LIFE_SETTINGS.frequencies, ...frequencies },
      });
      expect(res.statusCode, res.body).toBe(200);
    };

    // Every scope, by the summary over a range crossing a year mid-month and by the table of each year.
    const check = async () => {
      for (const [scope, s] of [
        [province, at.province],
        [city, at.city],
        [county1, at.county1],
        [county2, at.county2],
        [t2, at.t2],
      ] as const) {
        for (const [from, to] of [
          ['2025-11-15', '2026-11-02'],
          ['2025-12-31', '2026-01-31'],
        ] as const) {
          const summary = (await s.get(`/api/party-life/summary?from=${from}&to=${to}`)).json();
          const expected = await plain(w, scope.path, from, to);
          expect(summary.meetings, `${scope.name} ${from}…${to}`).toMatchObject({
            held: expected.met,
            due: expected.due,
          });
          const themeDays = await db
            .selectFrom('pl_meetings')
            .select(sql<number>`count(*)`.as('n'))
            .where('type', '=', 'theme_day')
            .where('unit_path', 'like', `${scope.path}%`)
            .where('held_on', '>=', from)
            .where('held_on', '<=', to)
            .executeTakeFirstOrThrow();
          expect(summary.themeDays).toBe(Number(themeDays.n));
        }
        for (const [year, to] of [
          [2025, '2025-12-31'],
          [2026, '2026-11-02'],
        ] as const) {
          const table = (await s.get(`/api/party-life/compliance?year=${year}`)).json();
          const expected = await plain(w, scope.path, `${year}-01-01`, to);
          expect(table, `${scope.name} ${year}`).toMatchObject({ due: expected.due, met: expected.met });
          if (scope.level === 'township') continue;
          const rows = table.rows as { unitId: number; branches: number; due: number; met: number }[];
          expect(
            Object.fromEntries(rows.map((r) => [r.unitId, { branches: r.branches, due: r.due, met: r.met }])),
          ).toEqual(Object.fromEntries(expected.groups));
        }
      }
    };

    // Township 2 has every type monthly: its branch holds 40 windows of four types; then back to the defaults,
    // where 36 are due up to 2026-11-02 — the per-branch cap binds.
    await setFrequencies(at.t2, t2, {
      assembly: 'month',
      lecture: 'month',
      life_meeting: 'month',
      appraisal: 'month',
    });
    for (let m = 1; m <= 10; m++)
      for (const type of ['assembly', 'lecture', 'life_meeting', 'appraisal'])
        await hold(1, type, `2026-${String(m).padStart(2, '0')}-05`);
    for (const [i, type, heldOn] of [
      [0, 'committee', '2025-11-20'],
      [0, 'committee', '2025-12-31'],
      [0, 'committee', '2026-01-02'],
      [0, 'committee', '2026-01-20'], // a second meeting in a met window
      [0, 'theme_day', '2026-03-01'],
      [0, 'assembly', '2026-03-31'],
      [0, 'life_meeting', '2026-10-30'], // the open year
      [2, 'theme_day', '2025-11-14'],
      [2, 'theme_day', '2026-01-15'],
      [2, 'group', '2026-11-01'], // the open month
      [2, 'lecture', '2025-12-01'],
      [2, 'assembly', '2026-04-15'],
      [2, 'appraisal', '2025-06-01'],
    ] as const)
      await hold(i, type, heldOn);
    await setFrequencies(at.t2, t2, {});
    await check();

    // The rollups rebuilt from pl_windows and pl_meetings (as the migration backfills them) say the same, and a
    // meeting recorded after the backfill is counted in its transaction.
    await db.deleteFrom('pl_window_counts').execute();
    await db.deleteFrom('pl_meeting_days').execute();
    await backfillRollups(db);
    await hold(2, 'committee', '2026-02-10');
    await hold(2, 'theme_day', '2026-02-11');
    await check();

    // The city makes 党员大会 monthly: county 2's quarterly windows no longer are the frequency in force.
    await setFrequencies(at.city, city, { assembly: 'month' });
    await hold(2, 'assembly', '2026-09-09');
    await check();

    // A village outside every county (directly under the city): the province and the city count branch by branch.
    const outside = await unitUnder(w, city, 'village', '市直村');
    const p = await w.person({ unit: outside, partyMember: true, idNumber: null, phone: null });
    secretaries.push({
      s: await w.login(await w.user({ role: 'village_secretary', unit: outside })),
      village: outside,
      members: [{ id: p.id }],
    });
    await hold(3, 'committee', '2026-05-05');
    await check();
  });
});
