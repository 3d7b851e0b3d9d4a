import {
  chinaDate,
  METHOD_FORMULA,
  type AggregationMethod,
  type ContestResults,
  type RoundStatus,
} from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict } from '../../http/errors.ts';
import type { AuditService } from '../audit/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { SupervisionService } from '../supervision/index.ts';
import {
  computeRound,
  judgeDone,
  manages,
  requireChair,
  requireOpen,
  roundFor,
  roundUnits,
  stageMax,
  stagesOf,
  type RoundRow,
} from './contests.core.ts';

export interface ResultsDeps {
  db: Db;
  audit: AuditService;
  clock: Clock;
  supervision: SupervisionService;
  notifications: NotificationsService;
}

const DAY = 86_400_000;
const VILLAGE_LEVELS = ['village', 'community'];
/** Days a yellow-flagged village is given to put things right (a guess kept here, shown on the item). */
export const FLAG_DEADLINE_DAYS = 30;

export function createResultsService({ db, audit, clock, supervision, notifications }: ResultsDeps) {
  async function results(user: CurrentUser, round: RoundRow): Promise<ContestResults> {
    const stages = stagesOf(round);
    const units = await roundUnits(db, round.id);
    const closed = round.status === 'closed';
    // An open round's figures: for its managers, and for a judge once all their own sheets are in (a reader who
    // is no judge of it sees them at closing).
    const hidden = !closed && !manages(user, round) && !(await judgeDone(db, round, user.id));
    let entries: ContestResults['entries'] = [];
    if (closed) {
      entries = units
        .filter((u) => u.rank !== null)
        .map((u) => ({
          unitId: u.org_unit_id,
          name: u.name,
          score: Number(u.score),
          rank: Number(u.rank),
          tier: u.tier,
          stages: JSON.parse(u.stage_scores ?? '{}') as Record<string, number>,
          tieBreak: null,
          judges: 0,
          parentName: u.parent_name,
        }))
        .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
      // the judges' count and the tie-break figure are the sheets' (fixed since closing)
      const live = await computeRound(db, round);
      for (const e of entries) {
        const r = live.find((x) => x.unitId === e.unitId);
        e.judges = r?.judges ?? 0;
        e.tieBreak = r?.tieBreak ?? null;
      }
    } else if (!hidden) {
      const byId = new Map(units.map((u) => [u.org_unit_id, u]));
      entries = (await computeRound(db, round)).map((r) => ({
        unitId: r.unitId,
        name: byId.get(r.unitId)?.name ?? '',
        score: r.score,
        rank: r.rank,
        tier: r.tier,
        stages: r.stages,
        tieBreak: r.tieBreak,
        judges: r.judges,
        parentName: byId.get(r.unitId)?.parent_name ?? '',
      }));
    }
    return {
      id: round.id,
      name: round.name,
      status: round.status as RoundStatus,
      method: round.method as AggregationMethod,
      stages: stages.map((s) => ({ code: s.code, name: s.name, weight: s.weight, max: stageMax(s) })),
      tieBreak: round.tie_break,
      prizeTiers: JSON.parse(round.prize_tiers) as number[],
      final: closed,
      hidden: !closed && hidden,
      formula: METHOD_FORMULA[round.method as AggregationMethod],
      entries,
      publicityId: round.publicity_id,
    };
  }

  return {
    async results(user: CurrentUser, id: number) {
      return results(user, await roundFor(db, user, id));
    },

    /**
     * The chair closes the round: the results are computed from the sheets in and fixed on the units, guest
     * accounts stop working, the last-ranked units get a yellow flag as a problem-list item in supervision, and the
     * judges and the organiser's office are told.
     */
    async close(user: CurrentUser, id: number, ip: string) {
      return db
        .transaction()
        .execute(async (trx) => {
          const round = await roundFor(trx, user, id);
          requireChair(user, round);
          requireOpen(round);
          const now = clock.now();
          const computed = await computeRound(trx, round);
          if (round.advance_top > 0 && (await roundUnits(trx, round.id)).length === 0)
            throw conflict('contests.err.final_empty');
          for (const r of computed)
            await trx
              .updateTable('contest_units')
              .set({ score: r.score, rank: r.rank, tier: r.tier, stage_scores: JSON.stringify(r.stages) })
              .where('round_id', '=', round.id)
              .where('org_unit_id', '=', r.unitId)
              .execute();
          await trx
            .updateTable('contest_rounds')
            .set({ status: 'closed', closed_at: now })
            .where('id', '=', round.id)
            .where('status', '=', 'open')
            .execute();
          // Guest judges' accounts end with the round.
          const guests = await trx
            .selectFrom('contest_judges')
            .select('user_id')
            .where('round_id', '=', round.id)
            .where('kind', '=', 'guest')
            .execute();
          if (guests.length) {
            await trx
              .updateTable('users')
              .set({ status: 'disabled', updated_at: now })
              .where(
                'id',
                'in',
                guests.map((g) => g.user_id),
              )
              .execute();
            await trx
              .updateTable('contest_judges')
              .set({ expires_at: now })
              .where('round_id', '=', round.id)
              .where('kind', '=', 'guest')
              .execute();
          }
          // Yellow flags: the last `flag_count` villages (a county round ranking townships flags none).
          const units = await roundUnits(trx, round.id);
          const villages = new Set(
            units.filter((u) => VILLAGE_LEVELS.includes(u.level)).map((u) => u.org_unit_id),
          );
          const last = [...computed]
            .filter((r) => villages.has(r.unitId))
            .sort((a, b) => b.rank - a.rank)
            .slice(0, round.flag_count);
          const deadline = chinaDate(Date.parse(`${round.date}T12:00:00+08:00`) + FLAG_DEADLINE_DAYS * DAY);
          let flagged = 0;
          for (const r of last) {
            const unit = units.find((u) => u.org_unit_id === r.unitId)!;
            const owner = await supervision.secretaryOf(trx, r.unitId);
            await supervision.insertItem(
              trx,
              {
                unit: { id: r.unitId, path: unit.unit_path },
                year: round.year,
                list: 'problem',
                source: 'finding',
                starCode: 'ecology',
                indicatorCode: null,
                title: `${round.name}排名第 ${r.rank} 名（黄旗），限期整改`,
                measures: `对照评分表逐项整改失分项（得分 ${r.score}），下次观摩前整改到位。`,
                evidenceRequired: '整改前后对比照片',
                evidenceMin: 1,
                ownerUserId: owner?.id ?? null,
                ownerName: owner?.display_name ?? `${unit.name}党支部书记`,
                checkerUserId: null,
                deadline: deadline < chinaDate(now) ? chinaDate(now + FLAG_DEADLINE_DAYS * DAY) : deadline,
                startDate: round.date < chinaDate(now) ? chinaDate(now) : round.date,
              },
              { id: user.id, name: user.displayName },
            );
            flagged++;
          }
          const judges = await trx
            .selectFrom('contest_judges')
            .select('user_id')
            .where('round_id', '=', round.id)
            .execute();
          await notifications.notify(trx, {
            kind: 'contests.closed',
            title: `${round.name}结果已产生`,
            body: `共 ${computed.length} 个单位排名，排名靠后的 ${flagged} 个村已列入问题清单限期整改。`,
            path: `/contests/${round.id}/results`,
            userIds: judges.map((j) => j.user_id).filter((u) => u !== user.id),
            unitPath: round.unit_path,
            permission: 'contest:manage',
          });
          await audit.record(trx, {
            actorId: user.id,
            actorName: user.username,
            action: 'contests.round.close',
            objectType: 'contest_round',
            objectId: round.id,
            oldValue: { status: 'open' },
            newValue: {
              status: 'closed',
              ranking: computed.map((r) => ({
                unitId: r.unitId,
                score: r.score,
                rank: r.rank,
                tier: r.tier,
              })),
              flagged,
            },
            ip,
          });
          return { ranked: computed.length, flagged, publicityId: null as number | null };
        })
        .finally(() => notifications.kick());
    },
  };
}

export type ResultsService = ReturnType<typeof createResultsService>;
