import {
  drawLots,
  qualifiers,
  type AdvanceResult,
  type Bracket,
  type RoundDetail,
  type RoundStatus,
} from '@fivestar/common';
import { sql } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict } from '../../http/errors.ts';
import type { AuditService } from '../audit/index.ts';
import type { LinksService } from '../links/index.ts';
import { requireChair, requireOpen, roundFor, type RoundRow } from './contests.core.ts';
import { planJudging } from './contests.judging.ts';

export interface BracketDeps {
  db: Db;
  audit: AuditService;
  clock: Clock;
  links: LinksService;
}

async function sheetCount(q: DbOrTrx, roundId: number): Promise<number> {
  const row = await q
    .selectFrom('contest_sheets')
    .select(sql<number>`count(*)`.as('n'))
    .where('round_id', '=', roundId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The sources of a final with their state and qualifying places (closed sources only). */
async function sourcesOf(q: DbOrTrx, final: Pick<RoundRow, 'id' | 'advance_top'>) {
  const rows = await q
    .selectFrom('contest_brackets as b')
    .innerJoin('contest_rounds as r', 'r.id', 'b.source_id')
    .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
    .select(['r.id', 'r.name', 'o.name as unit_name', 'r.date', 'r.status', 'b.advanced_at'])
    .where('b.final_id', '=', final.id)
    .orderBy('o.sort')
    .orderBy('r.id')
    .execute();
  const closed = rows.filter((r) => r.status === 'closed').map((r) => r.id);
  const top = closed.length
    ? await q
        .selectFrom('contest_units')
        .select(['round_id', 'org_unit_id', 'name', 'rank', 'score'])
        .where('round_id', 'in', closed)
        .where('rank', '<=', final.advance_top)
        .orderBy('rank')
        .orderBy('name')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    unitName: r.unit_name,
    date: r.date,
    status: r.status as RoundStatus,
    advancedAt: r.advanced_at === null ? null : Number(r.advanced_at),
    winners: qualifiers(
      top.filter((u) => u.round_id === r.id),
      final.advance_top,
    ).map((u) => ({ unitId: u.org_unit_id, name: u.name, rank: Number(u.rank), score: Number(u.score) })),
  }));
}

/** A final's bracket as its page shows it (null: the round has no sources). */
export async function bracketOf(q: DbOrTrx, user: CurrentUser, round: RoundRow): Promise<Bracket | null> {
  if (round.advance_top === 0) return null;
  const sources = await sourcesOf(q, round);
  const ready = sources.some((s) => s.status === 'closed' && s.advancedAt === null);
  const canAdvance =
    ready &&
    round.status === 'open' &&
    round.chair_user_id === user.id &&
    (await sheetCount(q, round.id)) === 0;
  return { advanceTop: round.advance_top, sources, canAdvance };
}

/** The finals a round feeds. */
export async function feedsOf(q: DbOrTrx, roundId: number): Promise<RoundDetail['feedsInto']> {
  const rows = await q
    .selectFrom('contest_brackets as b')
    .innerJoin('contest_rounds as r', 'r.id', 'b.final_id')
    .select(['r.id', 'r.name', 'r.status'])
    .where('b.source_id', '=', roundId)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, status: r.status as RoundStatus }));
}

export function createBracketService({ db, audit, clock, links }: BracketDeps) {
  return {
    /**
     * The chair advances winners: the top places of every closed source not yet advanced join the final's units
     * (each remembering its source); the final's order is drawn again by its recorded seed over all its units and
     * its 回避 and assignment are made again. Refused once the final's first sheet is in.
     */
    async advance(user: CurrentUser, id: number, ip: string): Promise<AdvanceResult> {
      return db.transaction().execute(async (trx) => {
        const round = await roundFor(trx, user, id);
        requireChair(user, round);
        requireOpen(round);
        if (round.advance_top === 0) throw conflict('contests.err.not_final');
        if ((await sheetCount(trx, round.id)) > 0) throw conflict('contests.err.final_started');
        const sources = await sourcesOf(trx, round);
        const ready = sources.filter((s) => s.status === 'closed' && s.advancedAt === null);
        const waiting = sources.filter((s) => s.status === 'open').map((s) => ({ id: s.id, name: s.name }));
        if (ready.length === 0) throw conflict('contests.err.nothing_to_advance');
        const now = clock.now();

        const present = new Set(
          (
            await trx
              .selectFrom('contest_units')
              .select('org_unit_id')
              .where('round_id', '=', round.id)
              .execute()
          ).map((u) => u.org_unit_id),
        );
        const advanced: AdvanceResult['advanced'] = [];
        for (const s of ready) {
          const units = s.winners.filter((w) => !present.has(w.unitId));
          if (units.length) {
            const paths = await trx
              .selectFrom('org_units')
              .select(['id', 'path'])
              .where(
                'id',
                'in',
                units.map((u) => u.unitId),
              )
              .execute();
            await trx
              .insertInto('contest_units')
              .values(
                units.map((u) => ({
                  round_id: round.id,
                  org_unit_id: u.unitId,
                  unit_path: paths.find((p) => p.id === u.unitId)!.path,
                  name: u.name,
                  lot_order: 0,
                  score: null,
                  rank: null,
                  tier: null,
                  stage_scores: null,
                  from_round_id: s.id,
                })),
              )
              .execute();
            for (const u of units) present.add(u.unitId);
          }
          await trx
            .updateTable('contest_brackets')
            .set({ advanced_at: now, advanced_by: user.id })
            .where('final_id', '=', round.id)
            .where('source_id', '=', s.id)
            .execute();
          advanced.push({
            sourceId: s.id,
            name: s.name,
            units: units.map((u) => ({ unitId: u.unitId, name: u.name, rank: u.rank })),
          });
        }

        // The order is drawn again over all the final's units by the round's recorded seed (anyone can re-draw it).
        const all = await trx
          .selectFrom('contest_units')
          .select(['org_unit_id as id', 'unit_path as path'])
          .where('round_id', '=', round.id)
          .orderBy('org_unit_id')
          .execute();
        const order = drawLots(all, Number(round.lot_seed));
        for (const [i, u] of order.entries())
          await trx
            .updateTable('contest_units')
            .set({ lot_order: i + 1 })
            .where('round_id', '=', round.id)
            .where('org_unit_id', '=', u.id)
            .execute();

        // 回避 and the assignment, made again over the new units (exclusions entered by hand are kept).
        const judges = await trx
          .selectFrom('contest_judges as j')
          .innerJoin('users as u', 'u.id', 'j.user_id')
          .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
          .select(['j.user_id', 'o.path'])
          .where('j.round_id', '=', round.id)
          .orderBy('j.user_id')
          .execute();
        const manual = await trx
          .selectFrom('contest_exclusions')
          .select(['user_id', 'org_unit_id', 'reason'])
          .where('round_id', '=', round.id)
          .where('manual', '=', 1)
          .execute();
        await trx.deleteFrom('contest_exclusions').where('round_id', '=', round.id).execute();
        await trx.deleteFrom('contest_assignments').where('round_id', '=', round.id).execute();
        await planJudging(
          trx,
          links,
          { id: round.id, organiserPath: round.unit_path, perUnit: round.judges_per_unit },
          judges,
          order,
          manual,
        );

        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'contests.round.advance',
          objectType: 'contest_round',
          objectId: round.id,
          newValue: {
            advanced: advanced.map((a) => ({ sourceId: a.sourceId, units: a.units.map((u) => u.unitId) })),
            waiting: waiting.map((w) => w.id),
            lotSeed: Number(round.lot_seed),
            lotOrder: order.map((u) => u.id),
          },
          ip,
        });
        return { advanced, waiting, units: order.length };
      });
    },
  };
}

export type BracketService = ReturnType<typeof createBracketService>;
