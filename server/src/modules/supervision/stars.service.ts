import type { StarReview } from '@fivestar/common';
import { sql, type Selectable } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import { emptyPage, fetchPage, type PageQuery } from '../../db/paginate.ts';
import type { Database } from '../../db/schema.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { pathUnder, scopedSubtree, scopePrefix } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { StarDecisions as AwardsService } from '../ratings/index.ts';
import { starName, type SupervisionService } from './supervision.service.ts';

/**
 * Dynamic star management (动态管理): any held star may be taken (摘星) with a reason, whatever its origin; a
 * revocation is reversed only by another recorded decision; veto events open reviews that end in a decision to
 * revoke or keep. Every decision is a row (who, when, why) shown on the public notice page.
 */
export function createStarsService({
  db,
  audit,
  clock,
  awards,
  supervision,
  notifications,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  awards: AwardsService;
  supervision: SupervisionService;
  notifications: NotificationsService;
}) {
  const awardQuery = (q: DbOrTrx) =>
    q
      .selectFrom('star_awards as a')
      .innerJoin('org_units as o', 'o.id', 'a.org_unit_id')
      .select([
        'a.id',
        'a.branch_id',
        'a.org_unit_id',
        'a.unit_path',
        'a.year',
        'a.star_code',
        'a.status',
        'a.source',
        'a.awarded_at',
        'a.revoked_at',
        'a.revoked_reason',
        'o.name as unit_name',
      ]);
  type AwardJoined = Awaited<ReturnType<ReturnType<typeof awardQuery>['executeTakeFirstOrThrow']>>;
  const toAward = (r: AwardJoined) => ({
    id: r.id,
    branchId: r.branch_id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    year: Number(r.year),
    starCode: r.star_code,
    starName: starName(r.star_code),
    status: r.status as 'active' | 'revoked',
    source: r.source,
    awardedAt: Number(r.awarded_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    revokedReason: r.revoked_reason,
  });

  async function awardInScope(q: DbOrTrx, user: CurrentUser, id: number) {
    const r = await awardQuery(q)
      .where('a.id', '=', id)
      .where(pathUnder('a.unit_path', scopePrefix(user)))
      .executeTakeFirst();
    if (!r) throw notFound();
    return r;
  }

  const reviewQuery = (q: DbOrTrx) =>
    q
      .selectFrom('sv_star_reviews as r')
      .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
      .leftJoin('grid_events as e', 'e.id', 'r.event_id')
      .leftJoin('grid_event_types as t', 't.code', 'e.type_code')
      .select([
        'r.id',
        'r.award_id',
        'r.branch_id',
        'r.org_unit_id',
        'r.year',
        'r.star_code',
        'r.indicator_code',
        'r.trigger',
        'r.event_id',
        'r.status',
        'r.opened_at',
        'r.decided_name',
        'r.decided_at',
        'r.decision_reason',
        'o.name as unit_name',
        'e.type_code',
        'e.reported_at',
        't.name_zh as type_name',
      ]);
  type ReviewJoined = Awaited<ReturnType<ReturnType<typeof reviewQuery>['executeTakeFirstOrThrow']>>;
  const toReview = (r: ReviewJoined): StarReview => ({
    id: r.id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    branchId: r.branch_id,
    year: Number(r.year),
    starCode: r.star_code,
    starName: starName(r.star_code),
    trigger: r.trigger as 'veto_event',
    event:
      r.event_id !== null && r.type_code
        ? {
            id: r.event_id,
            typeCode: r.type_code,
            typeName: r.type_name ?? r.type_code,
            reportedAt: Number(r.reported_at),
          }
        : null,
    indicatorCode: r.indicator_code,
    status: r.status as StarReview['status'],
    awardId: r.award_id,
    openedAt: Number(r.opened_at),
    decidedBy: r.decided_name,
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    decisionReason: r.decision_reason,
  });

  const starOf = async (q: DbOrTrx, awardId: number) =>
    (await q.selectFrom('star_awards').select('star_code').where('id', '=', awardId).executeTakeFirst())
      ?.star_code ?? null;

  async function decide(
    trx: DbOrTrx,
    user: CurrentUser,
    award: AwardJoined,
    kind: 'revoke' | 'restore',
    reason: string,
    reviewId: number | null,
    ip: string,
  ) {
    const actor = { id: user.id, name: user.displayName, ip };
    const ids =
      kind === 'revoke'
        ? await awards.revoke(trx, award.id, actor, reason)
        : (await awards.restore(trx, award.id, actor, reason), [award.id]);
    const now = clock.now();
    for (const id of ids)
      await trx
        .insertInto('sv_star_decisions')
        .values({
          award_id: id,
          unit_path: award.unit_path,
          kind,
          reason:
            id === award.id ? reason : `随${starName(award.star_code)}摘除（过硬星须五星俱全）：${reason}`,
          review_id: reviewId,
          actor_id: user.id,
          actor_name: user.displayName,
          at: now,
          unit_name: award.unit_name,
          year: award.year,
          star_code: id === award.id ? award.star_code : await starOf(trx, id),
        })
        .execute();
    await audit.record(trx, {
      actorId: user.id,
      actorName: user.username,
      action: `supervision.star.${kind}`,
      objectType: 'star_award',
      objectId: award.id,
      oldValue: { status: award.status },
      newValue: { status: kind === 'revoke' ? 'revoked' : 'active', reason, reviewId, awards: ids },
      ip,
    });
    await notifications.notify(trx, {
      kind: `supervision.star_${kind}`,
      title: `${award.unit_name}${award.year}年度${starName(award.star_code)}${kind === 'revoke' ? '已摘除' : '已恢复'}`,
      body: reason,
      path: '/supervision/stars',
      unitPath: award.unit_path,
      permission: 'supervision:read',
    });
  }

  return {
    async list(
      user: CurrentUser,
      query: { unitId?: number; year?: number; status?: 'active' | 'revoked' } & PageQuery,
    ) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return emptyPage<ReturnType<typeof toAward>>(query);
      let q = awardQuery(db).where(pathUnder('a.unit_path', prefix));
      if (query.year !== undefined) q = q.where('a.year', '=', query.year);
      if (query.status) q = q.where('a.status', '=', query.status);
      return fetchPage(
        q,
        query,
        (x) => x.orderBy('a.year', 'desc').orderBy('a.unit_path').orderBy('a.star_code'),
        toAward,
      );
    },

    async decisions(user: CurrentUser, awardId: number) {
      await awardInScope(db, user, awardId);
      const rows = await db
        .selectFrom('sv_star_decisions')
        .selectAll()
        .where('award_id', '=', awardId)
        .orderBy('id')
        .execute();
      return rows.map((d) => ({
        id: d.id,
        awardId: d.award_id,
        kind: d.kind as 'revoke',
        reason: d.reason,
        reviewId: d.review_id,
        actorName: d.actor_name,
        at: Number(d.at),
      }));
    },

    async revoke(user: CurrentUser, id: number, input: { reason: string; reviewId?: number }, ip: string) {
      const out = await db.transaction().execute(async (trx) => {
        const a = await awardInScope(trx, user, id);
        if (a.status !== 'active') throw conflict('ratings.award_not_active');
        await decide(trx, user, a, 'revoke', input.reason, input.reviewId ?? null, ip);
        return toAward(await awardInScope(trx, user, id));
      });
      notifications.kick();
      return out;
    },

    /** A revocation is reversed only by this: another decision, with its own reason. */
    async restore(user: CurrentUser, id: number, input: { reason: string }, ip: string) {
      const out = await db.transaction().execute(async (trx) => {
        const a = await awardInScope(trx, user, id);
        if (a.status !== 'revoked') throw conflict('ratings.award_not_revoked');
        await decide(trx, user, a, 'restore', input.reason, null, ip);
        return toAward(await awardInScope(trx, user, id));
      });
      notifications.kick();
      return out;
    },

    async reviews(user: CurrentUser, query: { unitId?: number; status?: StarReview['status'] } & PageQuery) {
      await supervision.syncReviewsNow();
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return emptyPage<StarReview>(query);
      let q = reviewQuery(db).where(pathUnder('r.unit_path', prefix));
      if (query.status) q = q.where('r.status', '=', query.status);
      return fetchPage(
        q,
        query,
        (x) => x.orderBy(sql`case when r.status = 'open' then 0 else 1 end`).orderBy('r.id', 'desc'),
        toReview,
      );
    },

    async decideReview(
      user: CurrentUser,
      id: number,
      input: { outcome: 'revoke' | 'keep'; reason: string },
      ip: string,
    ) {
      const out = await db.transaction().execute(async (trx) => {
        const r = await reviewQuery(trx)
          .where('r.id', '=', id)
          .where(pathUnder('r.unit_path', scopePrefix(user)))
          .executeTakeFirst();
        if (!r) throw notFound();
        if (r.status !== 'open') throw conflict('supervision.review_decided');
        if (input.outcome === 'revoke') {
          if (r.award_id === null) throw conflict('supervision.review_no_award');
          const a = await awardInScope(trx, user, r.award_id);
          if (a.status !== 'active') throw conflict('ratings.award_not_active');
          await decide(trx, user, a, 'revoke', input.reason, id, ip);
        }
        const now = clock.now();
        const res = await trx
          .updateTable('sv_star_reviews')
          .set({
            status: input.outcome === 'revoke' ? 'revoked' : 'kept',
            decided_by: user.id,
            decided_name: user.displayName,
            decided_at: now,
            decision_reason: input.reason,
          })
          .where('id', '=', id)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw conflict('supervision.review_decided');
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.review.decide',
          objectType: 'sv_star_review',
          objectId: id,
          oldValue: { status: 'open' },
          newValue: input,
          ip,
        });
        return toReview((await reviewQuery(trx).where('r.id', '=', id).executeTakeFirst()) as ReviewJoined);
      });
      notifications.kick();
      return out;
    },

    /** Open reviews in a subtree (the workbench). */
    async openReviews(q: DbOrTrx, prefix: string) {
      const row = await q
        .selectFrom('sv_star_reviews')
        .select(sql<number>`count(*)`.as('n'))
        .where(pathUnder('unit_path', prefix))
        .where('status', '=', 'open')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Stars taken and restored, newest first, for the public notice page (no internal ids or names of officials). */
    async publicRevocations() {
      const rows = await db
        .selectFrom('sv_star_decisions as d')
        .select(['d.kind', 'd.reason', 'd.at', 'd.year', 'd.star_code', 'd.unit_name'])
        .where('d.year', 'is not', null)
        .orderBy('d.at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(100)
        .execute();
      return rows.map((r) => ({
        unitName: r.unit_name ?? '',
        year: Number(r.year),
        starName: starName(r.star_code ?? ''),
        reason: r.reason,
        at: Number(r.at),
        kind: r.kind as 'revoke' | 'restore',
      }));
    },
  };
}

export type StarsService = ReturnType<typeof createStarsService>;
export type DecisionRow = Selectable<Database['sv_star_decisions']>;
