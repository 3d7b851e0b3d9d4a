import { AGGREGATION_METHODS, type Stage } from '@fivestar/common';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../server/src/db/database.ts';
import { buildApp } from '../server/src/app.ts';
import { migrateApp } from '../server/src/kernel/migrations.ts';
import { insertChunked, rng } from '../server/src/kernel/seed-kit.ts';
import { contestsModule } from '../server/src/modules/contests/index.ts';
import { roundUnits } from '../server/src/modules/contests/contests.core.ts';
import { loadCurrentUser } from '../server/src/modules/auth/sessions.ts';
import { primaryKeyBaseline, timeIt, type Bench } from './bench-kit.ts';

const VILLAGES = 574;
const JUDGES = 9;
const CRITERIA = 20;
const BENCH_ROUND = 'bench: county inspection round';

/**
 * A county-wide inspection round at full size: VILLAGES villages (the county with the most, topped up from the
 * villages that follow it in the tree when it holds fewer), JUDGES judges (the county's and townships' accounts first)
 * scoring every village on a sheet of CRITERIA criteria, every sheet submitted (rows written as the sheets service
 * writes them). Measured warm: the results as `GET /api/contests/:id/results` computes them for an
 * open round, by each aggregation method, and the round's unit listing (the units with their townships, as the
 * results and the report read them) and its detail (`GET /api/contests/:id`). Baseline: one unit by primary key.
 * The round is removed again at the end, so the cached database stays as seed:scale built it.
 */
export const contestsBench: Bench = async ({ dbFile, keys }) => {
  const handle = openDatabase(`file:${dbFile}`);
  const { db } = handle;
  // A bench database built before a later migration of this module gets it here.
  await migrateApp(handle);
  const app = await buildApp({ database: handle, keys, logger: false });
  await app.ready();
  const { rounds, results } = app.module(contestsModule);
  const baseline = await primaryKeyBaseline(db);
  await removeBenchRounds(db);
  const { roundId, units, chairId } = await seedRound(db);
  const chair = (await loadCurrentUser(db, chairId))!;
  const rows = [];
  try {
    for (const method of AGGREGATION_METHODS) {
      await db.updateTable('contest_rounds').set({ method }).where('id', '=', roundId).execute();
      const res = await results.results(chair, roundId);
      if (res.entries.length !== units)
        throw new Error(`${method}: ${res.entries.length} of ${units} ranked`);
      const ms = await timeIt(() => results.results(chair, roundId), 10, 2);
      rows.push({ label: `results, ${method} (${units} villages)`, ms, ratio: ms / baseline });
    }
    const listing = await timeIt(() => roundUnits(db, roundId), 20);
    rows.push({ label: "round's unit listing (with townships)", ms: listing, ratio: listing / baseline });
    const detail = await timeIt(() => rounds.get(chair, roundId), 10, 2);
    rows.push({ label: 'round detail (units, judges, sheets)', ms: detail, ratio: detail / baseline });
  } finally {
    await removeBenchRounds(db);
    await app.close();
    await handle.close();
  }
  return {
    name: `Contests (SQLite: ${units} villages × ${JUDGES} judges × ${CRITERIA} criteria, ${units * JUDGES} sheets)`,
    baseline: { label: 'one unit by primary key', ms: baseline },
    rows,
  };
};

/** The round: the county with the most villages, its office's first account as chair, JUDGES accounts under it. */
async function seedRound(db: Db) {
  const random = rng(574);
  const county = await db
    .selectFrom('org_units as c')
    .innerJoin('org_units as v', (j) =>
      j.on((eb) => eb.and([eb('v.path', '>', eb.ref('c.path')), eb('v.path', '<', eb.ref('c.path') + '~')])),
    )
    .select(['c.id', 'c.path'])
    .where('c.level', '=', 'county')
    .where('v.level', 'in', ['village', 'community'])
    .groupBy(['c.id', 'c.path'])
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .orderBy('c.id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const upper = county.path.slice(0, -1) + '0';
  const own = await db
    .selectFrom('org_units')
    .select(['id', 'name', 'path'])
    .where('path', '>', county.path)
    .where('path', '<', upper)
    .where('level', 'in', ['village', 'community'])
    .orderBy('id')
    .limit(VILLAGES)
    .execute();
  // The scale tree's counties hold fewer villages than 范县's 574: the round is topped up with the villages that
  // follow in the tree (the neighbouring counties'), so the results are computed at the issue's full size.
  const villages =
    own.length >= VILLAGES
      ? own
      : [
          ...own,
          ...(await db
            .selectFrom('org_units')
            .select(['id', 'name', 'path'])
            .where((eb) => eb.or([eb('path', '<', county.path), eb('path', '>=', upper)]))
            .where('level', 'in', ['village', 'community'])
            .orderBy('path')
            .limit(VILLAGES - own.length)
            .execute()),
        ];
  const chair = await db
    .selectFrom('users')
    .select('id')
    .where('org_unit_id', '=', county.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  // Judges: the county's and its townships' accounts first (no village of their own to be excused from).
  const judges = await db
    .selectFrom('users as u')
    .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
    .select('u.id')
    .where('o.path', '>=', county.path)
    .where('o.path', '<', upper)
    .where('u.id', '!=', chair.id)
    .orderBy(sql`case when o.level in ('village', 'community') then 1 else 0 end`)
    .orderBy('u.id')
    .limit(JUDGES)
    .execute();
  if (judges.length < JUDGES) throw new Error(`only ${judges.length} accounts in the county`);
  const template = await db
    .selectFrom('contest_templates')
    .select(['id', 'stages'])
    .where('code', '=', 'county_arena')
    .executeTakeFirstOrThrow();
  // The county's template as its editor may set it: the arena's criteria and the inspection's, topped up to CRITERIA.
  const shipped = JSON.parse(template.stages) as Stage[];
  const stages = shipped.map((s) => ({ ...s, criteria: [...s.criteria] }));
  const inspection = stages.find((s) => s.code === 'inspection')!;
  for (let i = 0; stages.reduce((n, s) => n + s.criteria.length, 0) < CRITERIA; i++)
    inspection.criteria.push({
      ...inspection.criteria[i % 9]!,
      code: `extra_${i + 1}`,
      name: `补充指标 ${i + 1}`,
    });
  const now = Date.now();
  const date = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
  return db.transaction().execute(async (trx) => {
    const round = await trx
      .insertInto('contest_rounds')
      .values({
        template_id: template.id,
        org_unit_id: county.id,
        unit_path: county.path,
        name: BENCH_ROUND,
        level: 'county',
        year: Number(date.slice(0, 4)),
        date,
        status: 'open',
        method: 'trimmed_mean',
        stages: JSON.stringify(stages),
        prize_tiers: JSON.stringify([3, 10, 20]),
        tie_break: stages[0]!.criteria[0]!.code,
        judges_per_unit: JUDGES,
        flag_count: 3,
        lot_seed: 574,
        chair_user_id: chair.id,
        publicity_id: null,
        created_by: chair.id,
        created_at: now,
        closed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const order = [...villages].sort(() => random() - 0.5);
    await insertChunked(
      trx,
      'contest_units',
      order.map((v, i) => ({
        round_id: round.id,
        org_unit_id: v.id,
        unit_path: v.path,
        name: v.name,
        lot_order: i + 1,
        score: null,
        rank: null,
        tier: null,
        stage_scores: null,
      })),
    );
    await insertChunked(
      trx,
      'contest_judges',
      judges.map((j) => ({ round_id: round.id, user_id: j.id, kind: 'cadre', expires_at: null })),
    );
    await insertChunked(
      trx,
      'contest_assignments',
      villages.flatMap((v) => judges.map((j) => ({ round_id: round.id, user_id: j.id, org_unit_id: v.id }))),
    );
    // Scores: each village's own standing, each judge's own leniency, and some noise per criterion.
    const bias = judges.map(() => (random() - 0.5) * 0.2);
    for (const v of villages) {
      const quality = 0.55 + random() * 0.4;
      for (const [k, j] of judges.entries()) {
        for (const stage of stages) {
          const scores = stage.criteria.map((c) => ({
            code: c.code,
            score: Math.max(
              0,
              Math.min(c.max, Math.round(c.max * (quality + bias[k]! + (random() - 0.5) * 0.2))),
            ),
          }));
          const sheet = await trx
            .insertInto('contest_sheets')
            .values({
              round_id: round.id,
              user_id: j.id,
              org_unit_id: v.id,
              stage: stage.code,
              total: scores.reduce((a, s) => a + s.score, 0),
              submitted_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await insertChunked(
            trx,
            'contest_scores',
            scores.map((s) => ({
              sheet_id: sheet.id,
              code: s.code,
              score: s.score,
              note: '',
              photo_id: null,
              original_score: null,
              reason: null,
              corrected_by: null,
              corrected_at: null,
            })),
          );
        }
      }
    }
    return { roundId: round.id, units: villages.length, chairId: chair.id };
  });
}

/** Removes the bench's round (and everything hanging off it) if a previous run left it. */
async function removeBenchRounds(db: Db) {
  const ids = (
    await db.selectFrom('contest_rounds').select('id').where('name', '=', BENCH_ROUND).execute()
  ).map((r) => r.id);
  if (ids.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const sheets = trx.selectFrom('contest_sheets').select('id').where('round_id', 'in', ids);
    await trx.deleteFrom('contest_scores').where('sheet_id', 'in', sheets).execute();
    for (const table of [
      'contest_sheets',
      'contest_assignments',
      'contest_judges',
      'contest_exclusions',
      'contest_units',
    ] as const)
      await trx.deleteFrom(table).where('round_id', 'in', ids).execute();
    await trx.deleteFrom('contest_rounds').where('id', 'in', ids).execute();
  });
}
