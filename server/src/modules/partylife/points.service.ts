import { capPeriodKey, cappedPoints, windowOf, type MeetingType, type PointRule } from '@fivestar/common';
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { fetchPage, type PageQuery } from '../../db/paginate.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { pathUnder, scopedSubtree } from '../../security/scope.ts';
import { branchesUnder } from './compliance.ts';
import type { PartyLifeCore, Trx } from './partylife.core.ts';

type ClaimStatus = 'pending' | 'credited' | 'rejected';

/** The publicity source of the quarterly points notices (sourceId: year × 10 + quarter). */
export const POINTS_SOURCE = 'partylife-points';

/** What a member already holds of a rule in a period (credited rows only). */
async function alreadyCredited(q: DbOrTrx, personIds: number[], rule: string, period: string) {
  if (personIds.length === 0) return new Map<number, number>();
  const rows = await q
    .selectFrom('pl_points')
    .select(['person_id', sql<number>`sum(points)`.as('n')])
    .where('person_id', 'in', personIds)
    .where('rule_code', '=', rule)
    .where('period_key', '=', period)
    .where('status', '=', 'credited')
    .groupBy('person_id')
    .execute();
  return new Map(rows.map((r) => [r.person_id, Number(r.n)]));
}

/**
 * Member points: the rule table (per township or county, defaults otherwise), automatic credits from attendance,
 * claims decided by the township, the ranking. Points belong to the calendar year they were earned in, so every
 * year starts from zero; a rule's cap counts what is already credited in its period (month, quarter or year).
 */
export function createPointsService(core: PartyLifeCore) {
  const { db, clock, publicity } = core.deps;
  const { today, rulesFor, unitOrOwn, record } = core;

  const claimQuery = (q: DbOrTrx) =>
    q
      .selectFrom('pl_points as x')
      .innerJoin('persons as p', 'p.id', 'x.person_id')
      .innerJoin('org_units as o', 'o.id', 'x.org_unit_id')
      .select([
        'x.id',
        'x.org_unit_id',
        'o.name as unit_name',
        'x.person_id',
        'p.name as person_name',
        'x.rule_code',
        'x.rule_name',
        'x.points',
        'x.earned_on',
        'x.note',
        'x.status',
        'x.reason',
        'x.unit_path',
        'x.period_key',
      ])
      .where('x.source', '=', 'claim');
  type ClaimRow = Awaited<ReturnType<ReturnType<typeof claimQuery>['executeTakeFirstOrThrow']>>;
  const toClaim = (r: ClaimRow) => ({
    id: r.id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    personId: r.person_id,
    personName: r.person_name,
    ruleCode: r.rule_code,
    ruleName: r.rule_name,
    points: r.points,
    earnedOn: r.earned_on,
    note: r.note,
    status: r.status as ClaimStatus,
    reason: r.reason,
  });

  /** Credits each present member the attendance rules of the meeting's type, within each rule's cap. */
  async function creditAttendance(
    trx: Trx,
    m: {
      unit: { id: number; path: string };
      meetingId: number;
      type: MeetingType;
      heldOn: string;
      personIds: number[];
      userId: number | null;
    },
  ) {
    const { rules } = await rulesFor(trx, m.unit.path);
    let credited = 0;
    for (const rule of rules) {
      if (rule.source !== 'attend' || rule.meetingType !== m.type || rule.memberClass !== 'all') continue;
      const period = capPeriodKey(rule.capPeriod, m.heldOn);
      const already = await alreadyCredited(trx, m.personIds, rule.code, period);
      const rows = m.personIds
        .map((personId) => ({
          personId,
          points: cappedPoints(rule.points, rule.cap, already.get(personId) ?? 0),
        }))
        .filter((r) => r.points > 0)
        .map((r) => ({
          person_id: r.personId,
          org_unit_id: m.unit.id,
          unit_path: m.unit.path,
          rule_code: rule.code,
          rule_name: rule.name,
          year: Number(m.heldOn.slice(0, 4)),
          period_key: period,
          earned_on: m.heldOn,
          points: r.points,
          source: 'auto',
          meeting_id: m.meetingId,
          status: 'credited',
          note: '',
          reason: '',
          created_by: m.userId,
          decided_by: null,
          created_at: clock.now(),
        }));
      if (rows.length) await trx.insertInto('pl_points').values(rows).execute();
      credited += rows.reduce((n, r) => n + r.points, 0);
    }
    return credited;
  }

  async function noticeView(
    q: DbOrTrx,
    n: { id: number; year: number; quarter: number; publicity_id: number; members: number },
  ) {
    const s = await publicity.state(q, n.publicity_id);
    return {
      id: n.id,
      year: n.year,
      quarter: n.quarter,
      publicityId: n.publicity_id,
      status: s.status,
      endsOn: s.endsOn,
      members: n.members,
      openObjections: s.openObjections,
      upheld: s.upheldRefs.length + (s.upheldWhole ? 1 : 0),
    };
  }

  return {
    creditAttendance,

    async notices(user: CurrentUser) {
      const rows = await db
        .selectFrom('pl_point_notices')
        .selectAll()
        .where(pathUnder('unit_path', user.unitPath))
        .orderBy('year', 'desc')
        .orderBy('quarter', 'desc')
        .orderBy('id', 'desc')
        .limit(100)
        .execute();
      const out = [];
      for (const r of rows) out.push(await noticeView(db, r));
      return out;
    },

    /**
     * The quarterly 公示 of a township's member points, once the quarter has ended: every member with points in
     * it, by name, branch and points (nothing else from the people registry). Objections are answered on the
     * publicity module's pages; a correction is made by deciding the claims again and publishing anew.
     */
    async publish(user: CurrentUser, input: { year: number; quarter: number }, ip: string) {
      if (user.unitLevel !== 'township') throw invalidField('quarter', 'partylife.err.forum_township');
      const first = `${input.year}-${String((input.quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
      const end = windowOf('quarter', first)!.end;
      if (today() <= end) throw invalidField('quarter', 'partylife.err.quarter_open');
      return db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('pl_points as x')
          .innerJoin('persons as p', 'p.id', 'x.person_id')
          .innerJoin('org_units as o', 'o.id', 'x.org_unit_id')
          .select([
            'x.person_id',
            'p.name',
            'o.name as unit_name',
            'o.path',
            sql<number>`sum(x.points)`.as('n'),
          ])
          .where(pathUnder('x.unit_path', user.unitPath))
          .where('x.status', '=', 'credited')
          .where('x.earned_on', '>=', first)
          .where('x.earned_on', '<=', end)
          .groupBy(['x.person_id', 'p.name', 'o.name', 'o.path'])
          .execute();
        const items = rows
          .filter((r) => Number(r.n) > 0)
          .sort(
            (a, b) => a.path.localeCompare(b.path) || Number(b.n) - Number(a.n) || a.person_id - b.person_id,
          )
          .slice(0, 500);
        if (!items.length) throw invalidField('quarter', 'partylife.err.no_points');
        const notice = await publicity.publish(
          trx,
          user,
          {
            source: POINTS_SOURCE,
            sourceId: input.year * 10 + input.quarter,
            unitId: user.unitId,
            title: `${input.year}年第${input.quarter}季度党员积分公示`,
            items: items.map((r) => ({
              ref: `person:${r.person_id}`,
              label: r.name,
              detail: `${r.unit_name} ${Number(r.n)}分`,
            })),
          },
          ip,
        );
        const row = await trx
          .insertInto('pl_point_notices')
          .values({
            org_unit_id: user.unitId,
            unit_path: user.unitPath,
            year: input.year,
            quarter: input.quarter,
            publicity_id: notice.id,
            members: items.length,
            created_at: clock.now(),
          })
          .returning(['id', 'year', 'quarter', 'publicity_id', 'members'])
          .executeTakeFirstOrThrow();
        await record(
          trx,
          user,
          'points.publish',
          'pl_point_notice',
          row.id,
          { ...input, publicityId: notice.id },
          ip,
        );
        return noticeView(trx, row);
      });
    },

    async rules(user: CurrentUser, unitId?: number) {
      const unit = await unitOrOwn(db, user, unitId);
      return rulesFor(db, unit.path);
    },

    /** Replaces a township's (or county's) rule table. */
    async setRules(user: CurrentUser, input: { unitId: number; rules: PointRule[] }, ip: string) {
      const codes = new Set<string>();
      input.rules.forEach((r, i) => {
        if (codes.has(r.code)) throw invalidField(`rules.${i}.code`, 'partylife.err.duplicate');
        codes.add(r.code);
        if (r.source === 'attend' && !r.meetingType)
          throw invalidField(`rules.${i}.meetingType`, 'partylife.err.rule_meeting_type');
      });
      return db.transaction().execute(async (trx) => {
        const unit = await unitOrOwn(trx, user, input.unitId);
        if (!['province', 'city', 'county', 'township'].includes(unit.level))
          throw invalidField('unitId', 'partylife.err.settings_level');
        const before = await rulesFor(trx, unit.path);
        await trx.deleteFrom('pl_point_rules').where('org_unit_id', '=', unit.id).execute();
        await trx
          .insertInto('pl_point_rules')
          .values(
            input.rules.map((r, i) => ({
              org_unit_id: unit.id,
              code: r.code,
              name: r.name,
              points: r.points,
              source: r.source,
              meeting_type: r.source === 'attend' ? r.meetingType : null,
              cap: r.cap,
              cap_period: r.capPeriod,
              member_class: r.memberClass,
              sort: i,
            })),
          )
          .execute();
        await record(trx, user, 'points.rules', 'org_unit', unit.id, input.rules, ip, before.rules);
        return rulesFor(trx, unit.path);
      });
    },

    async claims(user: CurrentUser, query: { unitId?: number; status?: ClaimStatus } & PageQuery) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      let q = claimQuery(db).where(pathUnder('x.unit_path', prefix));
      if (query.status) q = q.where('x.status', '=', query.status);
      return fetchPage(q, query, (x) => x.orderBy('x.earned_on', 'desc').orderBy('x.id', 'desc'), toClaim);
    },

    /** A member's claim (entered by the member's secretary): pending until the township decides. */
    async createClaim(
      user: CurrentUser,
      input: { personId: number; ruleCode: string; earnedOn: string; note: string },
      ip: string,
    ) {
      if (input.earnedOn > today()) throw invalidField('earnedOn', 'partylife.err.future');
      return db.transaction().execute(async (trx) => {
        const person = await trx
          .selectFrom('persons as p')
          .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
          .select(['p.id', 'p.is_party_member', 'o.id as unit_id', 'o.path'])
          .where('p.id', '=', input.personId)
          .where(pathUnder('o.path', user.unitPath))
          .executeTakeFirst();
        if (!person || person.is_party_member !== 1)
          throw invalidField('personId', 'partylife.err.not_member');
        const { rules } = await rulesFor(trx, person.path);
        const rule = rules.find((r) => r.code === input.ruleCode && r.source === 'claim');
        if (!rule) throw invalidField('ruleCode', 'partylife.err.rule_unknown');
        const row = await trx
          .insertInto('pl_points')
          .values({
            person_id: person.id,
            org_unit_id: person.unit_id,
            unit_path: person.path,
            rule_code: rule.code,
            rule_name: rule.name,
            year: Number(input.earnedOn.slice(0, 4)),
            period_key: capPeriodKey(rule.capPeriod, input.earnedOn),
            earned_on: input.earnedOn,
            points: rule.points,
            source: 'claim',
            meeting_id: null,
            status: 'pending',
            note: input.note,
            reason: '',
            created_by: user.id,
            decided_by: null,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await record(trx, user, 'points.claim', 'pl_points', row.id, input, ip);
        return toClaim(await claimQuery(trx).where('x.id', '=', row.id).executeTakeFirstOrThrow());
      });
    },

    /** Approve (credited within the rule's cap for its period) or reject a pending claim. */
    async decideClaim(
      user: CurrentUser,
      id: number,
      input: { approve: boolean; reason: string },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const c = await claimQuery(trx)
          .where('x.id', '=', id)
          .where(pathUnder('x.unit_path', user.unitPath))
          .executeTakeFirst();
        if (!c) throw notFound();
        if (c.status !== 'pending') throw conflict('partylife.err.claim_decided');
        if (!input.approve && !input.reason) throw invalidField('reason', 'partylife.err.reason_required');
        let points = c.points;
        if (input.approve) {
          const { rules } = await rulesFor(trx, c.unit_path);
          const cap = rules.find((r) => r.code === c.rule_code)?.cap ?? null;
          const already = await alreadyCredited(trx, [c.person_id], c.rule_code, c.period_key);
          points = cappedPoints(c.points, cap, already.get(c.person_id) ?? 0);
        }
        await trx
          .updateTable('pl_points')
          .set({
            status: input.approve ? 'credited' : 'rejected',
            points,
            reason: input.reason,
            decided_by: user.id,
          })
          .where('id', '=', id)
          .execute();
        await record(
          trx,
          user,
          input.approve ? 'points.approve' : 'points.reject',
          'pl_points',
          id,
          {
            points,
            reason: input.reason,
          },
          ip,
        );
        return toClaim(await claimQuery(trx).where('x.id', '=', id).executeTakeFirstOrThrow());
      });
    },

    /** The year's (or a quarter's) credited points: members ranked, and branches by their average per member. */
    async ranking(user: CurrentUser, query: { year: number; quarter?: number; unitId?: number }) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) throw notFound();
      let q = db
        .selectFrom('pl_points as x')
        .innerJoin('persons as p', 'p.id', 'x.person_id')
        .innerJoin('org_units as o', 'o.id', 'x.org_unit_id')
        .select([
          'x.person_id',
          'p.name',
          'o.id as unit_id',
          'o.name as unit_name',
          sql<number>`sum(x.points)`.as('n'),
        ])
        .where(pathUnder('x.unit_path', prefix))
        .where('x.year', '=', query.year)
        .where('x.status', '=', 'credited');
      if (query.quarter) {
        const first = String((query.quarter - 1) * 3 + 1).padStart(2, '0');
        const last = String(query.quarter * 3).padStart(2, '0');
        q = q
          .where('x.earned_on', '>=', `${query.year}-${first}-01`)
          .where('x.earned_on', '<=', `${query.year}-${last}-31`);
      }
      const rows = await q.groupBy(['x.person_id', 'p.name', 'o.id', 'o.name']).execute();
      const members = rows
        .map((r) => ({ personId: r.person_id, name: r.name, unitName: r.unit_name, points: Number(r.n) }))
        .sort((a, b) => b.points - a.points || a.personId - b.personId)
        .slice(0, 100)
        .map((m, i) => ({ rank: i + 1, ...m }));
      const branches = await branchesUnder(db, prefix);
      const counts = await memberCounts(db, prefix);
      const totals = new Map<number, number>();
      for (const r of rows) totals.set(r.unit_id, (totals.get(r.unit_id) ?? 0) + Number(r.n));
      const ranked = branches
        .map((b) => {
          const n = counts.get(b.id) ?? 0;
          const total = totals.get(b.id) ?? 0;
          return {
            unitId: b.id,
            unitName: b.name,
            members: n,
            total,
            average: n ? Math.round((total / n) * 10) / 10 : 0,
          };
        })
        .sort((a, b) => b.average - a.average || a.unitId - b.unitId)
        .map((b, i) => ({ rank: i + 1, ...b }));
      return { year: query.year, quarter: query.quarter ?? null, members, branches: ranked };
    },
  };
}

/** Party members per village under a prefix. */
export async function memberCounts(q: DbOrTrx, prefix: string) {
  const rows = await q
    .selectFrom('persons as p')
    .innerJoin('org_units as o', 'o.id', 'p.org_unit_id')
    .select(['o.id', sql<number>`count(*)`.as('n')])
    .where(pathUnder('o.path', prefix))
    .where('p.is_party_member', '=', 1)
    .groupBy('o.id')
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

export type PointsService = ReturnType<typeof createPointsService>;
