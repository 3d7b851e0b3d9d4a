import type { AggregationMethod, Stage } from '@fivestar/common';
import { computeResults, type SheetTotal } from '@fivestar/common';
import { sql, type Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { pathUnder, scopePrefix } from '../../security/scope.ts';

export type RoundRow = Selectable<Database['contest_rounds']>;

/** The rounds a user may see: organised in their subtree, with a unit in it, or where they judge. */
export function visibleRounds(q: DbOrTrx, user: CurrentUser) {
  const prefix = scopePrefix(user);
  return q
    .selectFrom('contest_rounds as r')
    .where((eb) =>
      eb.or([
        pathUnder('r.unit_path', prefix),
        eb.exists(
          eb
            .selectFrom('contest_judges as j')
            .select('j.user_id')
            .whereRef('j.round_id', '=', 'r.id')
            .where('j.user_id', '=', user.id),
        ),
        eb.exists(
          eb
            .selectFrom('contest_units as cu')
            .select('cu.org_unit_id')
            .whereRef('cu.round_id', '=', 'r.id')
            .where(pathUnder('cu.unit_path', prefix)),
        ),
      ]),
    );
}

/** A round the caller may see, else 404 (out of scope answers like missing). */
export async function roundFor(q: DbOrTrx, user: CurrentUser, id: number): Promise<RoundRow> {
  const row = await visibleRounds(q, user).selectAll('r').where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** Whether the caller manages the round: its chair, or a manager whose subtree holds the organising unit. */
export function manages(user: CurrentUser, round: RoundRow): boolean {
  if (round.chair_user_id === user.id) return true;
  return (
    (user.permissions as string[]).includes('contest:manage') && round.unit_path.startsWith(scopePrefix(user))
  );
}

export function requireChair(user: CurrentUser, round: RoundRow) {
  if (round.chair_user_id !== user.id) throw new AppError('forbidden', 'contests.err.not_chair');
}

export function requireOpen(round: RoundRow) {
  if (round.status !== 'open') throw new AppError('conflict', 'contests.err.closed');
}

export const stagesOf = (round: Pick<RoundRow, 'stages'>): Stage[] => JSON.parse(round.stages) as Stage[];
export const stageMax = (s: Stage) => s.criteria.reduce((a, c) => a + c.max, 0);

/**
 * The sheets of a round as the aggregation rules take them: totals, and of the per-criterion scores the one the
 * rules read, the tie-break criterion's (`criteria` holds it when the sheet has it). One row per sheet: the other
 * criteria's rows (twenty a sheet on a full sheet) are not read.
 */
export async function sheetTotals(
  q: DbOrTrx,
  roundId: number,
  tieBreak: string | null,
): Promise<SheetTotal[]> {
  const rows = await q
    .selectFrom('contest_sheets as s')
    .leftJoin('contest_scores as c', (j) =>
      j.onRef('c.sheet_id', '=', 's.id').on('c.code', '=', tieBreak ?? ''),
    )
    .select(['s.id', 's.user_id', 's.org_unit_id', 's.stage', 's.total', 'c.score'])
    .where('s.round_id', '=', roundId)
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({
    judgeId: r.user_id,
    unitId: r.org_unit_id,
    stage: r.stage,
    total: Number(r.total),
    criteria: tieBreak !== null && r.score !== null ? { [tieBreak]: Number(r.score) } : {},
  }));
}

/** The round's results computed now from the sheets in (what closing fixes). */
export async function computeRound(q: DbOrTrx, round: RoundRow) {
  const stages = stagesOf(round);
  const sheets = await sheetTotals(q, round.id, round.tie_break);
  return computeResults({
    method: round.method as AggregationMethod,
    stages: stages.map((s) => ({ code: s.code, weight: s.weight, max: stageMax(s) })),
    sheets,
    tieBreakCriterion: round.tie_break,
    prizeTiers: JSON.parse(round.prize_tiers) as number[],
  });
}

/**
 * Units of a round with their names and parents' names: the township each unit lies in (a county round shows it
 * beside each village) is the township among the ids on the unit's path, read by primary key in one query.
 */
export async function roundUnits(q: DbOrTrx, roundId: number) {
  const rows = await q
    .selectFrom('contest_units as cu')
    .innerJoin('org_units as o', 'o.id', 'cu.org_unit_id')
    .select([
      'cu.org_unit_id',
      'cu.name',
      'cu.lot_order',
      'cu.score',
      'cu.rank',
      'cu.tier',
      'cu.stage_scores',
      'cu.unit_path',
      'o.path',
      'o.level',
    ])
    .where('cu.round_id', '=', roundId)
    .orderBy('cu.lot_order')
    .execute();
  const idsOf = (path: string) => path.split('/').filter(Boolean).map(Number);
  const ancestors = [...new Set(rows.flatMap((r) => idsOf(r.path)))];
  const townships = new Map<number, string>();
  for (let i = 0; i < ancestors.length; i += 500) {
    const part = await q
      .selectFrom('org_units')
      .select(['id', 'name'])
      .where('level', '=', 'township')
      .where('id', 'in', ancestors.slice(i, i + 500))
      .execute();
    for (const t of part) townships.set(t.id, t.name);
  }
  return rows.map(({ path, ...r }) => {
    // the first township on the path (root first) other than the unit itself; '' when there is none
    const township = idsOf(path).find((id) => townships.has(id) && id !== r.org_unit_id);
    return { ...r, parent_name: township === undefined ? '' : townships.get(township)! };
  });
}

/** Whether a judge has submitted every sheet assigned to them in the round. */
export async function judgeDone(q: DbOrTrx, round: RoundRow, userId: number): Promise<boolean> {
  const stages = stagesOf(round).length;
  const [a, s] = await Promise.all([
    q
      .selectFrom('contest_assignments')
      .select(sql<number>`count(*)`.as('n'))
      .where('round_id', '=', round.id)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
    q
      .selectFrom('contest_sheets')
      .select(sql<number>`count(*)`.as('n'))
      .where('round_id', '=', round.id)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return Number(a.n) > 0 && Number(s.n) >= Number(a.n) * stages;
}
