import { randomBytes, randomInt } from 'node:crypto';
import {
  chinaDate,
  drawLots,
  groupBy,
  type AggregationMethod,
  type ContestTemplate,
  type RoundCreate,
  type RoundDetail,
  type RoundLevel,
  type RoundListItem,
  type RoundStatus,
  roundCreateSchema,
  type JudgeKind,
  type Stage,
  type MyRound,
} from '@fivestar/common';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { invalidField } from '../../http/errors.ts';
import { hashPassword, type HashCost } from '../../security/crypto.ts';
import { requireUnitInScope } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import type { LinksService } from '../links/index.ts';
import { bracketOf, feedsOf } from './bracket.service.ts';
import { manages, roundFor, stagesOf, visibleRounds, type RoundRow } from './contests.core.ts';
import { planJudging, type ManualExclusion } from './contests.judging.ts';

export interface RoundsDeps {
  db: Db;
  audit: AuditService;
  clock: Clock;
  hashCost: HashCost;
  links: LinksService;
}

const VILLAGE_LEVELS = ['village', 'community'];

/** A round's units by default: a township's villages (and communities), a county's townships. */
const unitLevelsUnder = (organiserLevel: string) =>
  organiserLevel === 'county' ? ['township'] : VILLAGE_LEVELS;

/** The end of a civil date in China (UTC+8), in epoch ms: when a guest account of a round dated that day expires. */
export const endOfChinaDay = (date: string) => Date.parse(`${date}T00:00:00+08:00`) + 86_400_000;

export function createRoundsService({ db, audit, clock, hashCost, links }: RoundsDeps) {
  const templates = async (): Promise<ContestTemplate[]> =>
    (await db.selectFrom('contest_templates').selectAll().orderBy('id').execute()).map((t) => ({
      id: t.id,
      code: t.code,
      name: t.name,
      level: t.level as RoundLevel,
      guess: t.guess === 1,
      stages: JSON.parse(t.stages) as Stage[],
    }));

  function listQuery(q: DbOrTrx, user: CurrentUser) {
    return visibleRounds(q, user)
      .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
      .select((eb) => [
        'r.id',
        'r.name',
        'r.level',
        'r.date',
        'r.status',
        'r.org_unit_id',
        'o.name as unit_name',
        'r.method',
        'r.stages',
        eb
          .selectFrom('contest_units as u')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('u.round_id', '=', 'r.id')
          .as('units'),
        eb
          .selectFrom('contest_judges as j')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('j.round_id', '=', 'r.id')
          .as('judges'),
        eb
          .selectFrom('contest_sheets as s')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('s.round_id', '=', 'r.id')
          .as('sheets'),
        eb
          .selectFrom('contest_assignments as a')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('a.round_id', '=', 'r.id')
          .as('assigned'),
      ]);
  }
  type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];
  const toItem = (r: ListRow): RoundListItem => ({
    id: r.id,
    name: r.name,
    level: r.level as RoundLevel,
    date: r.date,
    status: r.status as RoundStatus,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    method: r.method as AggregationMethod,
    units: Number(r.units ?? 0),
    judges: Number(r.judges ?? 0),
    sheets: Number(r.sheets ?? 0),
    expected: Number(r.assigned ?? 0) * (JSON.parse(r.stages) as Stage[]).length,
  });

  async function detail(q: DbOrTrx, user: CurrentUser, round: RoundRow): Promise<RoundDetail> {
    const item = toItem((await listQuery(q, user).where('r.id', '=', round.id).executeTakeFirstOrThrow())!);
    const [template, chair, units, judges, assignments, sheets, bracket, feedsInto] = await Promise.all([
      q
        .selectFrom('contest_templates')
        .select('name')
        .where('id', '=', round.template_id)
        .executeTakeFirstOrThrow(),
      q
        .selectFrom('users')
        .select('display_name')
        .where('id', '=', round.chair_user_id)
        .executeTakeFirstOrThrow(),
      q
        .selectFrom('contest_units')
        .select(['org_unit_id', 'name', 'lot_order'])
        .where('round_id', '=', round.id)
        .orderBy('lot_order')
        .execute(),
      q
        .selectFrom('contest_judges as j')
        .innerJoin('users as u', 'u.id', 'j.user_id')
        .select(['j.user_id', 'u.display_name', 'j.kind', 'j.expires_at'])
        .where('j.round_id', '=', round.id)
        .orderBy('j.user_id')
        .execute(),
      q
        .selectFrom('contest_assignments')
        .select(['user_id', 'org_unit_id'])
        .where('round_id', '=', round.id)
        .execute(),
      q
        .selectFrom('contest_sheets')
        .select(['user_id', 'org_unit_id'])
        .where('round_id', '=', round.id)
        .execute(),
      bracketOf(q, user, round),
      feedsOf(q, round.id),
    ]);
    const stages = stagesOf(round);
    // Grouped once by unit and by judge (a county round: thousands of assignments and sheets), in their order.
    const assignedTo = groupBy(assignments, (a) => a.org_unit_id);
    const assignedBy = groupBy(assignments, (a) => a.user_id);
    const sheetsOf = groupBy(sheets, (s) => s.org_unit_id);
    const sheetsBy = groupBy(sheets, (s) => s.user_id);
    return {
      ...item,
      templateName: template.name,
      stages,
      prizeTiers: JSON.parse(round.prize_tiers) as number[],
      tieBreak: round.tie_break,
      flagCount: round.flag_count,
      lotSeed: Number(round.lot_seed),
      chairId: round.chair_user_id,
      chairName: chair.display_name,
      isChair: round.chair_user_id === user.id,
      closedAt: round.closed_at === null ? null : Number(round.closed_at),
      bracket,
      feedsInto,
      roundUnits: units.map((u) => ({
        unitId: u.org_unit_id,
        name: u.name,
        lotOrder: u.lot_order,
        judges: (assignedTo.get(u.org_unit_id) ?? []).map((a) => a.user_id),
        sheets: sheetsOf.get(u.org_unit_id)?.length ?? 0,
      })),
      roundJudges: judges.map((j) => ({
        userId: j.user_id,
        name: j.display_name,
        kind: j.kind as JudgeKind,
        expiresAt: j.expires_at === null ? null : Number(j.expires_at),
        assigned: (assignedBy.get(j.user_id)?.length ?? 0) * stages.length,
        submitted: sheetsBy.get(j.user_id)?.length ?? 0,
      })),
    };
  }

  return {
    templates,

    async list(user: CurrentUser, query: { year?: number; level?: RoundLevel }): Promise<RoundListItem[]> {
      let q = listQuery(db, user);
      if (query.year) q = q.where('r.year', '=', query.year);
      if (query.level) q = q.where('r.level', '=', query.level);
      return (await q.orderBy('r.date', 'desc').orderBy('r.id', 'desc').execute()).map(toItem);
    },

    async get(user: CurrentUser, id: number) {
      const round = await roundFor(db, user, id);
      return detail(db, user, round);
    },

    /** The judge's rounds (open first), each with the units assigned to them in lot order and what is in. */
    async mine(user: CurrentUser): Promise<MyRound[]> {
      const rounds = await db
        .selectFrom('contest_rounds as r')
        .innerJoin('contest_judges as j', 'j.round_id', 'r.id')
        .select(['r.id', 'r.name', 'r.date', 'r.status', 'r.stages'])
        .where('j.user_id', '=', user.id)
        .orderBy('r.status', 'desc') // 'open' before 'closed'
        .orderBy('r.date', 'desc')
        .limit(20)
        .execute();
      const out: MyRound[] = [];
      for (const r of rounds) {
        const units = await db
          .selectFrom('contest_assignments as a')
          .innerJoin('contest_units as u', (j) =>
            j.onRef('u.round_id', '=', 'a.round_id').onRef('u.org_unit_id', '=', 'a.org_unit_id'),
          )
          .select(['u.org_unit_id', 'u.name', 'u.lot_order'])
          .where('a.round_id', '=', r.id)
          .where('a.user_id', '=', user.id)
          .orderBy('u.lot_order')
          .execute();
        const sheets = await db
          .selectFrom('contest_sheets')
          .select(['org_unit_id', 'stage'])
          .where('round_id', '=', r.id)
          .where('user_id', '=', user.id)
          .execute();
        out.push({
          id: r.id,
          name: r.name,
          date: r.date,
          status: r.status as RoundStatus,
          stages: JSON.parse(r.stages) as Stage[],
          units: units.map((u) => ({
            unitId: u.org_unit_id,
            name: u.name,
            lotOrder: u.lot_order,
            submitted: sheets.filter((s) => s.org_unit_id === u.org_unit_id).map((s) => s.stage),
          })),
        });
      }
      return out;
    },

    /**
     * A new round from a template: its units (a township's villages by default), the order drawn by lot (seed
     * recorded), judges and one-off guest accounts, 回避 (own unit, linked, by hand) and a balanced assignment.
     */
    async create(user: CurrentUser, raw: RoundCreate, ip: string): Promise<RoundDetail> {
      const input = roundCreateSchema.parse(raw) as z.output<typeof roundCreateSchema>;
      const tpl = (await templates()).find((t) => t.id === input.templateId);
      if (!tpl) throw invalidField('templateId', 'contests.err.template');
      const guestPasswords = input.guests.map(() => `Gj-${randomBytes(9).toString('base64url')}7`);
      const guestHashes = await Promise.all(guestPasswords.map((p) => hashPassword(p, hashCost)));
      const now = clock.now();
      const created = await db.transaction().execute(async (trx) => {
        const organiser = await requireUnitInScope(trx, user, input.unitId);
        if (organiser.level !== tpl.level) throw invalidField('unitId', `contests.err.level_${tpl.level}`);
        // Units: given ones must lie under the organiser; a final's come from its sources' winners (advanced later);
        // by default every village of a township, every township of a county.
        let units: { id: number; name: string; path: string }[] = [];
        const sources = input.sourceRoundIds ?? [];
        if (sources.length) {
          if (tpl.level !== 'county') throw invalidField('sourceRoundIds', 'contests.err.source_level');
          if (input.unitIds?.length) throw invalidField('unitIds', 'contests.err.source_units');
          const found = await trx
            .selectFrom('contest_rounds')
            .select(['id', 'level', 'unit_path'])
            .where('id', 'in', sources)
            .execute();
          sources.forEach((id, i) => {
            const r = found.find((x) => x.id === id);
            if (
              !r ||
              r.level !== 'township' ||
              !r.unit_path.startsWith(organiser.path) ||
              sources.indexOf(id) !== i
            )
              throw invalidField(`sourceRoundIds.${i}`, 'contests.err.source');
          });
        } else if (input.unitIds?.length) {
          const given = await trx
            .selectFrom('org_units')
            .select(['id', 'name', 'path'])
            .where('id', 'in', input.unitIds)
            .execute();
          units = given;
          input.unitIds.forEach((id, i) => {
            const u = given.find((x) => x.id === id);
            if (!u || !u.path.startsWith(organiser.path) || u.id === organiser.id)
              throw invalidField(`unitIds.${i}`, 'contests.err.unit_outside');
          });
        } else {
          units = await trx
            .selectFrom('org_units')
            .select(['id', 'name', 'path'])
            .where('path', 'like', `${organiser.path}%`)
            .where('level', 'in', unitLevelsUnder(organiser.level))
            .orderBy('id')
            .execute();
        }
        if (units.length === 0 && !sources.length) throw invalidField('unitIds', 'contests.err.no_units');
        const stages = tpl.stages;
        const codes = stages.flatMap((s) => s.criteria.map((c) => c.code));
        if (input.tieBreak !== null && !codes.includes(input.tieBreak))
          throw invalidField('tieBreak', 'contests.err.criterion');
        const seed = input.lotSeed ?? randomInt(1, 2_147_483_647);
        const row = await trx
          .insertInto('contest_rounds')
          .values({
            template_id: tpl.id,
            org_unit_id: organiser.id,
            unit_path: organiser.path,
            name: input.name,
            level: tpl.level,
            year: Number(input.date.slice(0, 4)),
            date: input.date,
            status: 'open',
            method: input.method,
            stages: JSON.stringify(stages),
            prize_tiers: JSON.stringify(input.prizeTiers),
            tie_break: input.tieBreak ?? stages[0]!.criteria[0]!.code,
            judges_per_unit: input.judgesPerUnit,
            flag_count: input.flagCount,
            lot_seed: seed,
            chair_user_id: user.id,
            publicity_id: null,
            advance_top: sources.length ? input.advanceTop : 0,
            created_by: user.id,
            created_at: now,
            closed_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const roundId = row.id;
        const order = drawLots(
          [...units].sort((a, b) => a.id - b.id),
          seed,
        );
        if (order.length)
          await trx
            .insertInto('contest_units')
            .values(
              order.map((u, i) => ({
                round_id: roundId,
                org_unit_id: u.id,
                unit_path: u.path,
                name: u.name,
                lot_order: i + 1,
                score: null,
                rank: null,
                tier: null,
                stage_scores: null,
                from_round_id: null,
              })),
            )
            .execute();
        if (sources.length)
          await trx
            .insertInto('contest_brackets')
            .values(
              sources.map((s) => ({ final_id: roundId, source_id: s, advanced_at: null, advanced_by: null })),
            )
            .execute();

        // Judges: named users (who must be able to score) and guests made now.
        const judgeRows: { user_id: number; kind: string; expires_at: number | null; path: string }[] = [];
        if (input.judges.length) {
          const found = await trx
            .selectFrom('users as u')
            .innerJoin('roles as r', 'r.code', 'u.role_code')
            .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
            .select(['u.id', 'u.status', 'r.permissions', 'o.path'])
            .where(
              'u.id',
              'in',
              input.judges.map((j) => j.userId),
            )
            .execute();
          const seen = new Set<number>();
          input.judges.forEach((j, i) => {
            const u = found.find((x) => x.id === j.userId);
            if (!u || u.status !== 'active')
              throw invalidField(`judges.${i}.userId`, 'contests.err.judge_unknown');
            if (!(JSON.parse(u.permissions) as string[]).includes('contest:score'))
              throw invalidField(`judges.${i}.userId`, 'contests.err.judge_role');
            if (seen.has(j.userId)) throw invalidField(`judges.${i}.userId`, 'contests.err.judge_twice');
            seen.add(j.userId);
            judgeRows.push({ user_id: j.userId, kind: j.kind, expires_at: null, path: u.path });
          });
        }
        const expires = Math.max(endOfChinaDay(input.date), now);
        const guestAccounts: { username: string; password: string }[] = [];
        for (let i = 0; i < input.guests.length; i++) {
          const username = `guest${roundId}-${i + 1}`;
          const g = await trx
            .insertInto('users')
            .values({
              username,
              display_name: `${input.guests[i]!.name}（特邀评委）`,
              password_hash: guestHashes[i]!,
              role_code: 'judge',
              org_unit_id: organiser.id,
              person_id: null,
              status: 'active',
              failed_logins: 0,
              locked_until: null,
              password_changed_at: now,
              last_login_at: null,
              created_at: now,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          judgeRows.push({ user_id: g.id, kind: 'guest', expires_at: expires, path: organiser.path });
          guestAccounts.push({ username, password: guestPasswords[i]! });
        }
        if (judgeRows.length === 0) throw invalidField('judges', 'contests.err.no_judges');
        await trx
          .insertInto('contest_judges')
          .values(
            judgeRows.map((j) => ({
              round_id: roundId,
              user_id: j.user_id,
              kind: j.kind,
              expires_at: j.expires_at,
            })),
          )
          .execute();

        // 回避: own unit and the units between, linked villages, and exclusions entered by hand; the assignment.
        const manual: ManualExclusion[] = input.exclusions.map((x, i) => {
          if (!judgeRows.some((j) => j.user_id === x.userId))
            throw invalidField(`exclusions.${i}.userId`, 'contests.err.not_judge');
          if (!units.some((u) => u.id === x.unitId))
            throw invalidField(`exclusions.${i}.unitId`, 'contests.err.unit_outside');
          return { user_id: x.userId, org_unit_id: x.unitId, reason: x.reason };
        });
        const exclusions = await planJudging(
          trx,
          links,
          { id: roundId, organiserPath: organiser.path, perUnit: input.judgesPerUnit },
          judgeRows,
          order,
          manual,
        );
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'contests.round.create',
          objectType: 'contest_round',
          objectId: roundId,
          newValue: {
            ...input,
            guests: guestAccounts.map((g) => g.username),
            lotSeed: seed,
            lotOrder: order.map((u) => u.id),
            exclusions: exclusions.exclusions,
          },
          ip,
        });
        return { roundId, guestAccounts };
      });
      const round = await roundFor(db, user, created.roundId);
      return { ...(await detail(db, user, round)), guestAccounts: created.guestAccounts };
    },

    manages,
    today: () => chinaDate(clock.now()),
  };
}

export type RoundsService = ReturnType<typeof createRoundsService>;
