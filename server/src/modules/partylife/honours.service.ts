import {
  NOMINATION_STEPS,
  quotaFor,
  ROUND_STEPS,
  type HonourKind,
  type NominationStatus,
  type HonourRoundStatus,
} from '@fivestar/common';
import type { DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { pathUnder } from '../../security/scope.ts';
import type { PartyLifeCore } from './partylife.core.ts';

const HELD = ['recommended', 'approved', 'awarded'];

/** The publicity source of honour rounds (sourceId: the round). */
export const HONOURS_SOURCE = 'partylife-honours';

/**
 * Honour selections: a township's rounds with quotas (household titles per village by its size, village titles in
 * all), nomination → village recommendation → township review → 公示 → award, and the honours registry.
 */
export function createHonoursService(core: PartyLifeCore) {
  const { db, clock, publicity } = core.deps;
  const { today, villageInScope, record } = core;

  const roundQuery = (q: DbOrTrx) =>
    q
      .selectFrom('pl_honour_rounds as r')
      .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
      .select([
        'r.id',
        'r.org_unit_id',
        'o.name as unit_name',
        'r.unit_path',
        'r.title',
        'r.kind',
        'r.year',
        'r.quota_base',
        'r.quota_per',
        'r.status',
        'r.publicity_id',
        (eb) =>
          eb
            .selectFrom('pl_nominations as n')
            .select((e) => e.fn.countAll<number>().as('c'))
            .whereRef('n.round_id', '=', 'r.id')
            .as('nominations'),
        (eb) =>
          eb
            .selectFrom('pl_nominations as n')
            .select((e) => e.fn.countAll<number>().as('c'))
            .whereRef('n.round_id', '=', 'r.id')
            .where('n.status', '=', 'awarded')
            .as('awarded'),
      ]);
  type RoundRow = Awaited<ReturnType<ReturnType<typeof roundQuery>['executeTakeFirstOrThrow']>>;
  const toRound = (r: RoundRow) => ({
    id: r.id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    title: r.title,
    kind: r.kind as HonourKind,
    year: r.year,
    quotaBase: r.quota_base,
    quotaPer: r.quota_per,
    status: r.status as HonourRoundStatus,
    publicityId: r.publicity_id,
    nominations: Number(r.nominations ?? 0),
    awarded: Number(r.awarded ?? 0),
  });

  const nominationQuery = (q: DbOrTrx) =>
    q
      .selectFrom('pl_nominations as n')
      .innerJoin('org_units as o', 'o.id', 'n.org_unit_id')
      .select([
        'n.id',
        'n.round_id',
        'n.org_unit_id',
        'o.name as unit_name',
        'n.unit_path',
        'n.nominee',
        'n.reason',
        'n.status',
      ]);
  type NominationRow = Awaited<ReturnType<ReturnType<typeof nominationQuery>['executeTakeFirstOrThrow']>>;
  const toNomination = (n: NominationRow) => ({
    id: n.id,
    roundId: n.round_id,
    unitId: n.org_unit_id,
    unitName: n.unit_name,
    nominee: n.nominee,
    reason: n.reason,
    status: n.status as NominationStatus,
  });

  /** A round the caller sees: held by a unit in their scope, or by the township above their village. */
  async function roundFor(q: DbOrTrx, user: CurrentUser, id: number) {
    const r = await roundQuery(q).where('r.id', '=', id).executeTakeFirst();
    if (!r || !(r.unit_path.startsWith(user.unitPath) || user.unitPath.startsWith(r.unit_path)))
      throw notFound();
    return r;
  }

  /** The quota of each village (household titles) or of the round (village titles), and what is used of it. */
  async function quotas(q: DbOrTrx, r: RoundRow, nominations: NominationRow[]) {
    const used = (unitId?: number) =>
      nominations.filter((n) => HELD.includes(n.status) && (unitId === undefined || n.org_unit_id === unitId))
        .length;
    if (r.kind === 'village')
      return [
        {
          unitId: r.org_unit_id,
          unitName: r.unit_name,
          quota: quotaFor({ base: r.quota_base, per: null }, 0),
          used: used(),
        },
      ];
    const villages = await q
      .selectFrom('party_branches as b')
      .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
      .select(['o.id', 'o.name', 'b.member_count'])
      .where(pathUnder('o.path', r.unit_path))
      .orderBy('o.path')
      .execute();
    return villages.map((v) => ({
      unitId: v.id,
      unitName: v.name,
      quota: quotaFor({ base: r.quota_base, per: r.quota_per }, v.member_count),
      used: used(v.id),
    }));
  }

  async function detail(q: DbOrTrx, user: CurrentUser, id: number) {
    const r = await roundFor(q, user, id);
    let ns = await nominationQuery(q).where('n.round_id', '=', id).orderBy('n.id').execute();
    // A village sees its own nominations; the township all of them.
    if (!r.unit_path.startsWith(user.unitPath)) ns = ns.filter((n) => n.unit_path.startsWith(user.unitPath));
    const qs = await quotas(q, r, ns);
    return {
      ...toRound(r),
      nominationList: ns.map(toNomination),
      quotas: r.unit_path.startsWith(user.unitPath) ? qs : qs.filter((x) => x.unitId === user.unitId),
    };
  }

  const canManage = (user: CurrentUser) => (user.permissions as string[]).includes('partylife:manage');

  return {
    detail: (user: CurrentUser, id: number) => detail(db, user, id),

    async list(user: CurrentUser, query: { year?: number }) {
      // The rounds held in the caller's area, and those of the units above (a village takes part in its township's).
      let q = roundQuery(db).where((eb) =>
        eb.or([
          pathUnder('r.unit_path', user.unitPath),
          eb('r.org_unit_id', 'in', user.unitPath.split('/').filter(Boolean).map(Number)),
        ]),
      );
      if (query.year) q = q.where('r.year', '=', query.year);
      return (await q.orderBy('r.year', 'desc').orderBy('r.id', 'desc').execute()).map(toRound);
    },

    async create(
      user: CurrentUser,
      input: { title: string; kind: HonourKind; year: number; quotaBase: number; quotaPer: number | null },
      ip: string,
    ) {
      if (input.kind === 'household' && input.quotaBase === 0 && input.quotaPer === null)
        throw invalidField('quotaBase', 'partylife.err.quota_zero');
      if (input.kind === 'village' && input.quotaBase === 0)
        throw invalidField('quotaBase', 'partylife.err.quota_zero');
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('pl_honour_rounds')
          .values({
            org_unit_id: user.unitId,
            unit_path: user.unitPath,
            title: input.title,
            kind: input.kind,
            year: input.year,
            quota_base: input.quotaBase,
            quota_per: input.kind === 'village' ? null : input.quotaPer,
            status: 'nominating',
            publicity_id: null,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await record(trx, user, 'honours.round', 'pl_honour_round', row.id, input, ip);
        return detail(trx, user, row.id);
      });
    },

    /** A nomination of a household (or, in a village round, of the village itself) by a village in the round's area. */
    async nominate(
      user: CurrentUser,
      roundId: number,
      input: { unitId: number; nominee: string; reason: string },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const r = await roundFor(trx, user, roundId);
        if (r.status !== 'nominating') throw conflict('partylife.err.round_closed');
        const unit = await villageInScope(trx, user, input.unitId);
        if (!unit.path.startsWith(r.unit_path)) throw invalidField('unitId', 'partylife.err.not_in_round');
        const nominee = r.kind === 'village' ? unit.name : input.nominee;
        const dup = await trx
          .selectFrom('pl_nominations')
          .select('id')
          .where('round_id', '=', roundId)
          .where('org_unit_id', '=', unit.id)
          .where('nominee', '=', nominee)
          .executeTakeFirst();
        if (dup) throw conflict('partylife.err.nominated', 'nominee');
        const now = clock.now();
        const row = await trx
          .insertInto('pl_nominations')
          .values({
            round_id: roundId,
            org_unit_id: unit.id,
            unit_path: unit.path,
            nominee,
            reason: input.reason,
            status: 'nominated',
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await record(
          trx,
          user,
          'honours.nominate',
          'pl_nomination',
          row.id,
          { roundId, ...input, nominee },
          ip,
        );
        return toNomination(await nominationQuery(trx).where('n.id', '=', row.id).executeTakeFirstOrThrow());
      });
    },

    /** recommend (the village, within its quota), approve or reject (the township). */
    async step(user: CurrentUser, id: number, action: 'recommend' | 'approve' | 'reject', ip: string) {
      if (action !== 'recommend' && !canManage(user)) throw forbidden();
      return db.transaction().execute(async (trx) => {
        const n = await nominationQuery(trx)
          .where('n.id', '=', id)
          .where(pathUnder('n.unit_path', user.unitPath))
          .executeTakeFirst();
        if (!n) throw notFound();
        const r = await roundQuery(trx).where('r.id', '=', n.round_id).executeTakeFirstOrThrow();
        if (!NOMINATION_STEPS[action].includes(n.status as NominationStatus))
          throw conflict('partylife.err.nomination_step');
        if (action === 'recommend' && r.status !== 'nominating') throw conflict('partylife.err.round_closed');
        if (action !== 'recommend' && !['nominating', 'reviewing'].includes(r.status))
          throw conflict('partylife.err.round_closed');
        if (action === 'recommend') {
          const all = await nominationQuery(trx).where('n.round_id', '=', r.id).execute();
          const qs = await quotas(trx, r, all);
          const q = r.kind === 'village' ? qs[0]! : qs.find((x) => x.unitId === n.org_unit_id);
          if (!q || q.used >= q.quota) throw conflict('partylife.err.quota_full');
        }
        const to: NominationStatus =
          action === 'recommend' ? 'recommended' : action === 'approve' ? 'approved' : 'rejected';
        await trx
          .updateTable('pl_nominations')
          .set({ status: to, updated_at: clock.now() })
          .where('id', '=', id)
          .where('status', '=', n.status)
          .execute();
        await record(trx, user, `honours.${action}`, 'pl_nomination', id, { to }, ip, { status: n.status });
        return toNomination({ ...n, status: to });
      });
    },

    /** review: nominations close; publish: 公示 of the approved; award: after 公示, into the registry. */
    async roundStep(user: CurrentUser, id: number, action: 'review' | 'publish' | 'award', ip: string) {
      return db.transaction().execute(async (trx) => {
        const r = await roundFor(trx, user, id);
        if (!r.unit_path.startsWith(user.unitPath)) throw notFound();
        if (r.status !== ROUND_STEPS[action]) throw conflict('partylife.err.round_step');
        const approved = await nominationQuery(trx)
          .where('n.round_id', '=', id)
          .where('n.status', '=', 'approved')
          .execute();
        if (action === 'publish' && approved.length === 0) throw conflict('partylife.err.none_approved');
        const to: HonourRoundStatus =
          action === 'review' ? 'reviewing' : action === 'publish' ? 'publicity' : 'awarded';
        let publicityId = r.publicity_id;
        if (action === 'publish')
          publicityId = (
            await publicity.publish(
              trx,
              user,
              {
                source: HONOURS_SOURCE,
                sourceId: id,
                unitId: r.org_unit_id,
                title: `${r.year}年度“${r.title}”评选结果公示`,
                items: approved.map((n) => ({
                  ref: `nomination:${n.id}`,
                  label: n.nominee,
                  detail: r.kind === 'village' ? r.title : `${n.unit_name} · ${r.title}`,
                })),
              },
              ip,
            )
          ).id;
        if (action === 'award') {
          // After 公示: only once its window has ended with every objection answered; an upheld objection to
          // one nomination keeps it out of the award, one to the whole notice sends the round back to review.
          const notice = await publicity.state(trx, r.publicity_id!);
          if (!(await publicity.canConclude(trx, notice.id))) throw conflict('partylife.err.publicity_open');
          if (notice.upheldWhole) throw conflict('partylife.err.publicity_upheld');
          const upheld = approved.filter((n) => notice.upheldRefs.includes(`nomination:${n.id}`));
          if (upheld.length)
            await trx
              .updateTable('pl_nominations')
              .set({ status: 'rejected', updated_at: clock.now() })
              .where(
                'id',
                'in',
                upheld.map((n) => n.id),
              )
              .execute();
          approved.splice(0, approved.length, ...approved.filter((n) => !upheld.includes(n)));
          const day = today();
          for (const n of approved)
            await trx
              .insertInto('pl_honours')
              .values({
                round_id: id,
                nomination_id: n.id,
                year: r.year,
                title: r.title,
                kind: r.kind,
                org_unit_id: n.org_unit_id,
                unit_path: n.unit_path,
                holder: n.nominee,
                awarded_on: day,
              })
              .execute();
          if (approved.length)
            await trx
              .updateTable('pl_nominations')
              .set({ status: 'awarded', updated_at: clock.now() })
              .where('round_id', '=', id)
              .where('status', '=', 'approved')
              .execute();
        }
        await trx
          .updateTable('pl_honour_rounds')
          .set({ status: to, publicity_id: publicityId })
          .where('id', '=', id)
          .execute();
        await record(
          trx,
          user,
          `honours.${action}`,
          'pl_honour_round',
          id,
          { to, approved: approved.length },
          ip,
          {
            status: r.status,
          },
        );
        return detail(trx, user, id);
      });
    },

    async registry(user: CurrentUser, query: { year?: number; unitId?: number }) {
      let q = db
        .selectFrom('pl_honours as h')
        .innerJoin('org_units as o', 'o.id', 'h.org_unit_id')
        .select([
          'h.id',
          'h.year',
          'h.title',
          'h.kind',
          'h.org_unit_id',
          'o.name',
          'h.holder',
          'h.awarded_on',
        ])
        .where(pathUnder('h.unit_path', user.unitPath));
      if (query.year) q = q.where('h.year', '=', query.year);
      if (query.unitId) q = q.where('h.org_unit_id', '=', query.unitId);
      return (await q.orderBy('h.year', 'desc').orderBy('h.id').limit(500).execute()).map((h) => ({
        id: h.id,
        year: h.year,
        title: h.title,
        kind: h.kind as HonourKind,
        unitId: h.org_unit_id,
        unitName: h.name,
        holder: h.holder,
        awardedOn: h.awarded_on,
      }));
    },
  };
}

export type HonoursService = ReturnType<typeof createHonoursService>;
