import {
  assignJudges,
  CONTEST_TEMPLATES,
  computeResults,
  drawLots,
  qualifiers,
  type Stage,
} from '@fivestar/common';
import type { DemoSeeder } from '../../../kernel/seeding.ts';
import { insertChunked, resetSequences, rng } from '../../../kernel/seed-kit.ts';
import { placeConflict } from '../contests.judging.ts';
import { endOfChinaDay } from '../rounds.service.ts';

/** The module's own random source, so the demo's other figures do not move with this module's draws. */
const SEED = 0x0c0e57;
const QUARTERS = ['2023-03-28', '2023-06-27', '2023-09-26', '2023-12-26'];
const JUDGES_PER_UNIT = 7;
const COUNTY_GUESTS = 5;
/** Guest judges of each generated township's round (all three score every village). */
const TOWNSHIP_GUESTS = 3;
/** The county final's bracket: each township round's winner goes on. */
const FINAL_TOP = 1;

/**
 * The demo's rounds: the four 2023 quarterly living-environment rounds of the township's 55 villages, judged by
 * judge01–judge09 and the village secretaries (never their own village), every sheet in, ranked and closed; the
 * fourth-quarter rounds of the county's eleven other townships (generated villages, three guest judges each,
 * labelled illustrative); the county's 擂台赛 of December 2023 (the final), whose units are each township round's
 * winner advanced through the bracket, judged by five county guest judges; and the county's ranking of its twelve
 * townships. Guest accounts ended with their rounds. Scores come from a unit's standing (steady over the year,
 * slowly improving; a township's is its villages'), each judge's leniency and some noise; a guess for illustration,
 * drawn from records as usual. No supervision items are written for the demo's flags (the supervision demo's
 * figures stay as they are). The module draws from its own random source, 张庄镇's rounds first, so their figures
 * do not move with what follows.
 */
export const seedContestsDemo: DemoSeeder = async (ctx) => {
  const { trx, clock, dialect, passwordHash } = ctx;
  const { county, township, units } = ctx.town;
  const random = rng(SEED);
  const now = clock.now();
  const templates = await trx.selectFrom('contest_templates').select(['id', 'code']).execute();
  const tplId = (code: string) => templates.find((t) => t.code === code)!.id;
  const tplStages = (code: string) => CONTEST_TEMPLATES.find((t) => t.code === code)!.stages;

  const staff = await trx
    .selectFrom('users as u')
    .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
    .select(['u.id', 'u.username', 'u.role_code', 'o.path'])
    .where((eb) =>
      eb.or([
        eb('u.role_code', '=', 'judge'),
        eb('u.role_code', '=', 'village_secretary'),
        eb('u.username', 'in', ['township', 'county']),
      ]),
    )
    .orderBy('u.id')
    .execute();
  const chair = staff.find((u) => u.username === 'township')!;
  const countyChair = staff.find((u) => u.username === 'county')!;
  const judges = staff.filter((u) => u.role_code === 'judge' || u.role_code === 'village_secretary');

  const standing = new Map(units.map((u) => [u.id, 0.55 + random() * 0.38]));
  const leniency = new Map(judges.map((j) => [j.id, (random() - 0.5) * 0.12]));
  const maxRound = await trx
    .selectFrom('contest_rounds')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  const maxSheet = await trx
    .selectFrom('contest_sheets')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  let roundId = Number(maxRound?.m ?? 0);
  let sheetId = Number(maxSheet?.m ?? 0);
  const counts = { rounds: 0, sheets: 0 };

  /** One closed round with every sheet in. */
  async function round(input: {
    tpl: string;
    organiser: { id: number; path: string };
    name: string;
    date: string;
    chairId: number;
    method: 'trimmed_mean' | 'median' | 'zscore';
    units: { id: number; path: string; name: string }[];
    judges: { id: number; path: string; kind: string; expires: number | null }[];
    perUnit: number;
    prizeTiers: number[];
    progress: number;
    /** A final: how many of each source's top places qualified, and the source each unit came from. */
    advanceTop?: number;
    fromRound?: Map<number, number>;
  }) {
    const id = ++roundId;
    const stages: Stage[] = tplStages(input.tpl);
    const seed = 1 + Math.floor(random() * 2_000_000_000);
    const order = drawLots(
      [...input.units].sort((a, b) => a.id - b.id),
      seed,
    );
    const excluded = new Set<string>();
    for (const j of input.judges)
      for (const u of input.units)
        if (placeConflict(j.path, u.path, input.organiser.path)) excluded.add(`${j.id}:${u.id}`);
    const assignment = assignJudges(
      input.judges.map((j) => j.id),
      order.map((u) => u.id),
      input.perUnit,
      (j, u) => !excluded.has(`${j}:${u}`),
    );
    const sheets: Record<string, unknown>[] = [];
    const scores: Record<string, unknown>[] = [];
    const totals: {
      judgeId: number;
      unitId: number;
      stage: string;
      total: number;
      criteria: Record<string, number>;
    }[] = [];
    const submittedAt = Date.parse(`${input.date}T16:00:00+08:00`);
    for (const [unitId, js] of assignment)
      for (const j of js)
        for (const st of stages) {
          const sid = ++sheetId;
          const criteria: Record<string, number> = {};
          for (const c of st.criteria) {
            const level =
              (standing.get(unitId) ?? 0.7) +
              input.progress +
              (leniency.get(j) ?? 0) +
              (random() - 0.5) * 0.16;
            criteria[c.code] = Math.max(0, Math.min(c.max, Math.round(c.max * level * 2) / 2));
          }
          const total = Object.values(criteria).reduce((a, b) => a + b, 0);
          sheets.push({
            id: sid,
            round_id: id,
            user_id: j,
            org_unit_id: unitId,
            stage: st.code,
            total,
            submitted_at: submittedAt,
          });
          for (const [code, score] of Object.entries(criteria))
            scores.push({
              sheet_id: sid,
              code,
              score,
              note: '',
              photo_id: null,
              original_score: null,
              reason: null,
              corrected_by: null,
              corrected_at: null,
            });
          totals.push({ judgeId: j, unitId, stage: st.code, total, criteria });
        }
    const tieBreak = stages[0]!.criteria[0]!.code;
    const results = computeResults({
      method: input.method,
      stages: stages.map((s) => ({
        code: s.code,
        weight: s.weight,
        max: s.criteria.reduce((a, c) => a + c.max, 0),
      })),
      sheets: totals,
      tieBreakCriterion: tieBreak,
      prizeTiers: input.prizeTiers,
    });
    await trx
      .insertInto('contest_rounds')
      .values({
        id,
        template_id: tplId(input.tpl),
        org_unit_id: input.organiser.id,
        unit_path: input.organiser.path,
        name: input.name,
        level: input.tpl === 'county_arena' ? 'county' : 'township',
        year: Number(input.date.slice(0, 4)),
        date: input.date,
        status: 'closed',
        method: input.method,
        stages: JSON.stringify(stages),
        prize_tiers: JSON.stringify(input.prizeTiers),
        tie_break: tieBreak,
        judges_per_unit: input.perUnit,
        flag_count: 3,
        lot_seed: seed,
        chair_user_id: input.chairId,
        publicity_id: null,
        advance_top: input.advanceTop ?? 0,
        created_by: input.chairId,
        created_at: submittedAt - 7 * 86_400_000,
        closed_at: submittedAt + 3_600_000,
      } as never)
      .execute();
    await insertChunked(
      trx,
      'contest_units',
      order.map((u, i) => {
        const r = results.find((x) => x.unitId === u.id)!;
        return {
          round_id: id,
          org_unit_id: u.id,
          unit_path: u.path,
          name: u.name,
          lot_order: i + 1,
          score: r.score,
          rank: r.rank,
          tier: r.tier,
          stage_scores: JSON.stringify(r.stages),
          from_round_id: input.fromRound?.get(u.id) ?? null,
        };
      }),
    );
    await insertChunked(
      trx,
      'contest_judges',
      input.judges.map((j) => ({ round_id: id, user_id: j.id, kind: j.kind, expires_at: j.expires })),
    );
    await insertChunked(
      trx,
      'contest_exclusions',
      [...excluded].map((k) => {
        const [u, o] = k.split(':').map(Number);
        return { round_id: id, user_id: u, org_unit_id: o, reason: 'own_unit', manual: 0 };
      }),
    );
    await insertChunked(
      trx,
      'contest_assignments',
      [...assignment].flatMap(([u, js]) => js.map((j) => ({ round_id: id, user_id: j, org_unit_id: u }))),
    );
    await insertChunked(trx, 'contest_sheets', sheets);
    await insertChunked(trx, 'contest_scores', scores, 800);
    counts.rounds++;
    counts.sheets += sheets.length;
    return { id, results };
  }

  const villages = units.map((u) => ({ id: u.id, path: u.path, name: u.name }));
  const judgeList = judges.map((j) => ({
    id: j.id,
    path: j.path,
    kind: j.role_code === 'judge' ? 'cadre' : 'secretary',
    expires: null,
  }));
  let last = { id: 0, results: [] as ReturnType<typeof computeResults> };
  for (const [q, date] of QUARTERS.entries())
    last = await round({
      tpl: 'living_environment',
      organiser: township,
      name: `2023年第${'一二三四'[q]}季度人居环境逐村观摩评比`,
      date,
      chairId: chair.id,
      method: 'trimmed_mean',
      units: villages,
      judges: judgeList,
      perUnit: JUDGES_PER_UNIT,
      prizeTiers: [3, 5, 7],
      progress: q * 0.02,
    });

  // Guest judges (accounts that ended with their round, labelled illustrative), made in one insert.
  const guests: Record<string, unknown>[] = [];
  const maxUser = await trx
    .selectFrom('users')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirstOrThrow();
  let userId = Number(maxUser.m ?? 0);
  const guestsOf = (
    prefix: string,
    label: string,
    unit: { id: number; path: string },
    n: number,
    date: string,
  ) =>
    Array.from({ length: n }, (_, g) => {
      const id = ++userId;
      guests.push({
        id,
        username: `${prefix}-${g + 1}`,
        display_name: `${label}${g + 1}（示例）`,
        password_hash: passwordHash,
        role_code: 'judge',
        org_unit_id: unit.id,
        person_id: null,
        status: 'disabled',
        failed_logins: 0,
        locked_until: null,
        password_changed_at: now,
        last_login_at: null,
        created_at: now,
        updated_at: now,
      });
      leniency.set(id, (random() - 0.5) * 0.12);
      return { id, path: unit.path, kind: 'guest', expires: endOfChinaDay(date) };
    });

  // The other townships' fourth-quarter rounds (generated villages, guest judges): every sheet in, closed.
  const fourth: { id: number; results: ReturnType<typeof computeResults> }[] = [last];
  const sourceOf = new Map<number, { id: number; path: string; name: string }>();
  for (const v of villages) sourceOf.set(v.id, v);
  const plans = ctx.town.otherTownships.map((t, i) => {
    for (const v of t.villages) {
      standing.set(v.id, 0.55 + random() * 0.38);
      sourceOf.set(v.id, v);
    }
    const date = `2023-12-${String(12 + i).padStart(2, '0')}`;
    return { t, date, judges: guestsOf(`q4-2023-t${i + 1}`, `${t.name}观摩评委`, t, TOWNSHIP_GUESTS, date) };
  });
  const countyDate = '2023-12-28';
  const rankingDate = '2023-12-29';
  const finalJudges = guestsOf('arena2023', '县级擂台赛特邀评委', county, COUNTY_GUESTS, countyDate);
  const rankingJudges = guestsOf('ranking2023', '县级乡镇述职评委', county, COUNTY_GUESTS, rankingDate);
  await insertChunked(trx, 'users', guests);
  for (const p of plans)
    fourth.push(
      await round({
        tpl: 'living_environment',
        organiser: p.t,
        name: '2023年第四季度人居环境逐村观摩评比',
        date: p.date,
        chairId: countyChair.id,
        method: 'trimmed_mean',
        units: p.t.villages,
        judges: p.judges,
        perUnit: TOWNSHIP_GUESTS,
        prizeTiers: [3, 5, 7],
        progress: 0.06,
      }),
    );

  // The county's 擂台赛: each township's fourth-quarter winner, advanced through the bracket, judged by guests.
  const fromRound = new Map<number, number>();
  for (const r of fourth) for (const w of qualifiers(r.results, FINAL_TOP)) fromRound.set(w.unitId, r.id);
  const final = await round({
    tpl: 'county_arena',
    organiser: county,
    name: '2023年度范县“创五星”擂台赛（决赛）',
    date: countyDate,
    chairId: countyChair.id,
    method: 'trimmed_mean',
    units: [...fromRound.keys()].map((id) => sourceOf.get(id)!),
    judges: finalJudges,
    perUnit: COUNTY_GUESTS,
    prizeTiers: [1, 2, 3],
    progress: 0.06,
    advanceTop: FINAL_TOP,
    fromRound,
  });
  const advancedAt = Date.parse(`${countyDate}T09:00:00+08:00`) - 3 * 86_400_000;
  await insertChunked(
    trx,
    'contest_brackets',
    fourth.map((r) => ({
      final_id: final.id,
      source_id: r.id,
      advanced_at: advancedAt,
      advanced_by: countyChair.id,
    })),
  );

  // The county ranks its twelve townships (擂台述职 and an inspection of each), a township's standing its villages'.
  const townships = [
    { ...township, villages },
    ...ctx.town.otherTownships.map((t) => ({ ...t, villages: t.villages })),
  ];
  for (const t of townships) {
    const own = t.villages.map((v) => standing.get(v.id) ?? 0.7);
    standing.set(t.id, own.reduce((a, b) => a + b, 0) / own.length + (random() - 0.5) * 0.1);
  }
  await round({
    tpl: 'county_arena',
    organiser: county,
    name: '2023年度范县乡镇“创五星”擂台赛（乡镇排名）',
    date: rankingDate,
    chairId: countyChair.id,
    method: 'trimmed_mean',
    units: townships.map((t) => ({ id: t.id, path: t.path, name: t.name })),
    judges: rankingJudges,
    perUnit: COUNTY_GUESTS,
    prizeTiers: [1, 2, 3],
    progress: 0.04,
  });
  await resetSequences(trx, dialect, ['contest_rounds', 'contest_sheets', 'users']);
  Object.assign(ctx.counts, { contestRounds: counts.rounds, contestSheets: counts.sheets });
};
