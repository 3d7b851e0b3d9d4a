import { CONTEST_TEMPLATES } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type BuiltUser, type Unit, type Village, type World } from '../builders.ts';
import type { Session } from '../test-app.ts';
import { sheetFor, templateId } from './contests.builders.ts';

let worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds) await w.close();
  worlds = [];
});

const ARENA = CONTEST_TEMPLATES.find((t) => t.code === 'county_arena')!.stages;

/** A sheet of a county_arena stage worth `share` of each criterion's maximum (halves). */
const arenaSheet = (stage: string, share: number) =>
  ARENA.find((s) => s.code === stage)!.criteria.map((c) => ({
    code: c.code,
    score: Math.round(c.max * share * 2) / 2,
  }));

interface Town {
  unit: Unit;
  villages: Village[];
  chair: Session;
  judges: { user: BuiltUser; s: Session }[];
}

/** A county with `n` townships, each with `villages` villages, its office (chair) and three township judges. */
async function county(w: World, n: number, villages = 3) {
  const countyUnit = await w.county();
  const towns: Town[] = [];
  for (let t = 0; t < n; t++) {
    const unit = await w.township({ name: `县赛${t + 1}镇` });
    const district = await w.district({ township: unit });
    const vs: Village[] = [];
    for (let v = 0; v < villages; v++)
      vs.push(await w.village({ district, name: `县赛${t + 1}镇${v + 1}村` }));
    const chair = await w.user({ role: 'township_admin', unit });
    const judges = [];
    for (let j = 0; j < 3; j++) {
      const user = await w.user({ role: 'judge', unit });
      judges.push({ user, s: await w.login(user) });
    }
    towns.push({ unit, villages: vs, chair: await w.login(chair), judges });
  }
  const admin = await w.login(await w.user({ role: 'county_admin', unit: countyUnit }));
  const countyJudges = [];
  for (let j = 0; j < 3; j++) {
    const user = await w.user({ role: 'judge', unit: countyUnit });
    countyJudges.push({ user, s: await w.login(user) });
  }
  return { unit: countyUnit, towns, admin, countyJudges };
}

type RoundBody = {
  id: number;
  units: number;
  roundUnits: { unitId: number; name: string; lotOrder: number; judges: number[] }[];
  bracket: {
    advanceTop: number;
    canAdvance: boolean;
    sources: { id: number; status: string; advancedAt: number | null; winners: { unitId: number }[] }[];
  } | null;
  feedsInto: { id: number; name: string }[];
};

const close = async (s: Session, id: number) => {
  const res = await s.post(`/api/contests/${id}/close`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { ranked: number; flagged: number };
};

describe('contests: a county round ranks townships', () => {
  it('its units are the county’s townships; a township’s judge may not score their own; no yellow flags', async () => {
    const w = await createWorld();
    worlds.push(w);
    const c = await county(w, 3, 1);
    const ownJudge = c.towns[0]!.judges[0]!;
    const created = await c.admin.post('/api/contests', {
      templateId: await templateId(c.admin, 'county_arena'),
      unitId: c.unit.id,
      name: '2026年度乡镇擂台赛（乡镇排名）',
      date: '2026-12-20',
      judgesPerUnit: 3,
      flagCount: 2,
      judges: [
        ...c.countyJudges.map((j) => ({ userId: j.user.id, kind: 'cadre' })),
        { userId: ownJudge.user.id, kind: 'cadre' },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const round = created.json() as RoundBody;
    expect(round.roundUnits.map((u) => u.unitId).sort((a, b) => a - b)).toEqual(
      c.towns.map((t) => t.unit.id).sort((a, b) => a - b),
    );
    expect(round.bracket).toBeNull();

    const refused = await ownJudge.s.post(`/api/contests/${round.id}/scores`, {
      unitId: c.towns[0]!.unit.id,
      stage: 'arena',
      criteria: arenaSheet('arena', 0.9),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('conflict_of_interest');

    // Township i is scored (0.9 − 0.1·i) of every maximum by every judge assigned to it, on both stages.
    const judgeOf = new Map([...c.countyJudges, ownJudge].map((j) => [j.user.id, j.s]));
    for (const u of round.roundUnits) {
      const share = 0.9 - 0.1 * c.towns.findIndex((t) => t.unit.id === u.unitId);
      for (const j of u.judges)
        for (const stage of ['arena', 'inspection']) {
          const res = await judgeOf.get(j)!.post(`/api/contests/${round.id}/scores`, {
            unitId: u.unitId,
            stage,
            criteria: arenaSheet(stage, share),
          });
          expect(res.statusCode, res.body).toBe(201);
        }
    }
    expect(await close(c.admin, round.id)).toMatchObject({ ranked: 3, flagged: 0 });
    const results = (await c.admin.get(`/api/contests/${round.id}/results`)).json();
    expect(results.entries.map((e: { name: string; rank: number }) => [e.name, e.rank])).toEqual([
      ['县赛1镇', 1],
      ['县赛2镇', 2],
      ['县赛3镇', 3],
    ]);
    expect(results.entries.map((e: { score: number }) => e.score)).toEqual([90, 80, 70]);
    expect(results.entries[0].parentName).toBe('');
  });
});

describe('contests: the bracket sends township winners to the county final', () => {
  it('advances the top N of each closed source once, draws the order again, assigns the judges; audited', async () => {
    const w = await createWorld();
    worlds.push(w);
    const c = await county(w, 3);
    const [a, b, third] = c.towns as [Town, Town, Town];
    const rounds: RoundBody[] = [];
    for (const t of c.towns) {
      const created = await t.chair.post('/api/contests', {
        templateId: await templateId(t.chair),
        unitId: t.unit.id,
        name: `${t.unit.name}第四季度观摩`,
        date: '2026-11-20',
        judgesPerUnit: 3,
        flagCount: 0,
        judges: t.judges.map((j) => ({ userId: j.user.id, kind: 'cadre' })),
      });
      expect(created.statusCode, created.body).toBe(201);
      rounds.push(created.json() as RoundBody);
    }
    const tpl = await templateId(c.admin, 'county_arena');
    const finalBody = (extra: Record<string, unknown>) => ({
      templateId: tpl,
      unitId: c.unit.id,
      name: '2026年度擂台赛（决赛）',
      date: '2026-12-28',
      judgesPerUnit: 2,
      flagCount: 0,
      advanceTop: 2,
      judges: c.countyJudges.map((j) => ({ userId: j.user.id, kind: 'cadre' })),
      ...extra,
    });

    // Bad sources answer 400 with the field's path.
    const bad = async (extra: Record<string, unknown>, path: string) => {
      const res = await c.admin.post('/api/contests', finalBody(extra));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual([path]);
    };
    await bad({ sourceRoundIds: [rounds[0]!.id, rounds[0]!.id] }, 'sourceRoundIds.1');
    await bad({ sourceRoundIds: [999_999] }, 'sourceRoundIds.0');
    await bad({ sourceRoundIds: [rounds[0]!.id], unitIds: [a.villages[0]!.id] }, 'unitIds');
    await bad({ sourceRoundIds: [rounds[0]!.id], advanceTop: 0 }, 'advanceTop');

    const created = await c.admin.post(
      '/api/contests',
      finalBody({ sourceRoundIds: rounds.map((r) => r.id) }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const final = created.json() as RoundBody;
    expect(final.units).toBe(0);
    expect(final.bracket).toMatchObject({ advanceTop: 2, canAdvance: false });
    expect(final.bracket!.sources.map((s) => [s.id, s.status, s.advancedAt])).toEqual(
      rounds.map((r) => [r.id, 'open', null]),
    );
    const advance = () => c.admin.post(`/api/contests/${final.id}/advance`);

    // Nothing closed yet: nothing to advance; the final cannot be closed empty.
    expect((await advance()).statusCode).toBe(409);
    expect((await c.admin.post(`/api/contests/${final.id}/close`)).statusCode).toBe(409);

    // Township A closes (villages ranked 2, 1, 3): its top two advance; B and C wait.
    for (const [i, v] of a.villages.entries())
      for (const j of a.judges)
        expect(
          (
            await j.s.post(`/api/contests/${rounds[0]!.id}/scores`, {
              unitId: v.id,
              criteria: sheetFor([80, 90, 70][i]!),
            })
          ).statusCode,
        ).toBe(201);
    await close(a.chair, rounds[0]!.id);
    const detailBefore = (await c.admin.get(`/api/contests/${final.id}`)).json() as RoundBody;
    expect(detailBefore.bracket!.canAdvance).toBe(true);
    const first = await advance();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      advanced: [
        {
          sourceId: rounds[0]!.id,
          name: `${a.unit.name}第四季度观摩`,
          units: [
            { unitId: a.villages[1]!.id, name: a.villages[1]!.name, rank: 1 },
            { unitId: a.villages[0]!.id, name: a.villages[0]!.name, rank: 2 },
          ],
        },
      ],
      waiting: [
        { id: rounds[1]!.id, name: `${b.unit.name}第四季度观摩` },
        { id: rounds[2]!.id, name: `${third.unit.name}第四季度观摩` },
      ],
      units: 2,
    });
    expect((await advance()).json().error.code).toBe('conflict'); // A is advanced once
    // only the final's chair advances (A's office now sees the final, one of its villages being in it)
    expect((await a.chair.post(`/api/contests/${final.id}/advance`)).statusCode).toBe(403);

    // Township B closes: its two join; four units, lot orders 1–4, two judges each.
    for (const [i, v] of b.villages.entries())
      for (const j of b.judges)
        await j.s.post(`/api/contests/${rounds[1]!.id}/scores`, {
          unitId: v.id,
          criteria: sheetFor([60, 70, 95][i]!),
        });
    await close(b.chair, rounds[1]!.id);
    const second = (await advance()).json();
    expect(second.units).toBe(4);
    expect(second.advanced[0].units.map((u: { unitId: number }) => u.unitId)).toEqual([
      b.villages[2]!.id,
      b.villages[1]!.id,
    ]);
    const detail = (await c.admin.get(`/api/contests/${final.id}`)).json() as RoundBody;
    expect(detail.roundUnits.map((u) => u.lotOrder).sort()).toEqual([1, 2, 3, 4]);
    for (const u of detail.roundUnits) expect(u.judges).toHaveLength(2);
    expect(detail.bracket!.sources.map((s) => s.advancedAt !== null)).toEqual([true, true, false]);
    expect(detail.bracket!.sources[0]!.winners.map((x) => x.unitId)).toEqual([
      a.villages[1]!.id,
      a.villages[0]!.id,
    ]);
    const source = (await a.chair.get(`/api/contests/${rounds[0]!.id}`)).json() as RoundBody;
    expect(source.feedsInto).toEqual([{ id: final.id, name: '2026年度擂台赛（决赛）', status: 'open' }]);

    // A county judge scores a finalist: the bracket is fixed; C's winners can no longer join.
    const u = detail.roundUnits[0]!;
    const judge = c.countyJudges.find((j) => j.user.id === u.judges[0])!;
    const scored = await judge.s.post(`/api/contests/${final.id}/scores`, {
      unitId: u.unitId,
      stage: 'arena',
      criteria: arenaSheet('arena', 0.8),
    });
    expect(scored.statusCode, scored.body).toBe(201);
    for (const v of third.villages)
      for (const j of third.judges)
        await j.s.post(`/api/contests/${rounds[2]!.id}/scores`, { unitId: v.id, criteria: sheetFor(75) });
    await close(third.chair, rounds[2]!.id);
    const late = await advance();
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toMatch(/决赛已开始评分|scoring has begun/);

    const audits = await w.database.db
      .selectFrom('audit_log')
      .select(['action', 'object_id'])
      .where('action', '=', 'contests.round.advance')
      .execute();
    expect(audits).toEqual([
      { action: 'contests.round.advance', object_id: String(final.id) },
      { action: 'contests.round.advance', object_id: String(final.id) },
    ]);
  });
});
