import { noticeEndsAt, type PublicNotice, type staffNoticeSchema } from '@fivestar/common';
import type { z } from 'zod';
import type { ExpressionBuilder } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.ts';
import { decryptField, encryptField } from '../../security/crypto.ts';
import { pathIds, pathUnder } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import type { RatingsService } from './ratings.service.ts';

const iso = (ms: number) => new Date(Number(ms)).toISOString();

type StaffNotice = z.infer<typeof staffNoticeSchema>;

/**
 * 公示: a township lists its county-rated stars publicly for a window of working days; anyone may lodge an
 * objection; the township resolves each on the record; when the window closes with nothing open the county names
 * the stars. The public view carries branch names, stars and outcomes only — no personal information.
 */
export function createNoticesService({
  db,
  audit,
  clock,
  ratings,
  calendar,
  piiKey,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  ratings: RatingsService;
  calendar: CalendarService;
  /** The objector's contact is personal information: encrypted at rest, shown only to the officers handling it. */
  piiKey: Buffer;
}) {
  /** Notices a staff member may see: in their subtree, or issued by a unit above them (their township's). */
  function visibleTo(user: CurrentUser) {
    const ids = pathIds(user.unitPath);
    const ancestors = ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
    return (eb: ExpressionBuilder<Database, 'rating_notices'>) =>
      eb.or([pathUnder('unit_path', user.unitPath), eb('unit_path', 'in', ancestors)]);
  }

  async function loadNotice(trx: DbOrTrx, id: number, staff: CurrentUser | null) {
    const n = await trx
      .selectFrom('rating_notices as n')
      .innerJoin('org_units as o', 'o.id', 'n.org_unit_id')
      .select([
        'n.id',
        'n.year',
        'n.title',
        'n.starts_at',
        'n.ends_at',
        'n.awarded_at',
        'n.unit_path',
        'o.name as unit_name',
      ])
      .where('n.id', '=', id)
      .executeTakeFirst();
    if (!n) throw notFound();
    const items = await trx
      .selectFrom('star_applications as a')
      .innerJoin('party_branches as b', 'b.id', 'a.branch_id')
      .select(['a.id', 'a.star_code', 'a.status', 'a.standard_id', 'b.name'])
      .where('a.notice_id', '=', id)
      .orderBy('a.unit_path')
      .orderBy('a.id')
      .execute();
    const names = new Map<string, string>();
    for (const it of items) {
      if (names.has(`${it.standard_id}:${it.star_code}`)) continue;
      const std = await ratings.standardById(it.standard_id);
      for (const s of std?.definition.stars ?? []) names.set(`${it.standard_id}:${s.code}`, s.name);
    }
    const objections = await trx
      .selectFrom('rating_objections as j')
      .leftJoin('users as u', 'u.id', 'j.resolved_by')
      .selectAll('j')
      .select('u.display_name as resolver')
      .where('j.notice_id', '=', id)
      .orderBy('j.id')
      .execute();
    const now = clock.now();
    const base: PublicNotice = {
      id: n.id,
      year: Number(n.year),
      title: n.title,
      unitName: n.unit_name,
      startsAt: iso(n.starts_at),
      endsAt: iso(n.ends_at),
      open: now >= Number(n.starts_at) && now < Number(n.ends_at),
      items: items.map((it) => ({
        applicationId: it.id,
        branchName: it.name,
        starCode: it.star_code,
        starName: names.get(`${it.standard_id}:${it.star_code}`) ?? it.star_code,
        status: it.status as PublicNotice['items'][number]['status'],
      })),
      objections: objections.map((o) => ({
        id: o.id,
        applicationId: o.application_id,
        status: o.status as 'open',
        outcome: o.outcome,
        createdAt: iso(o.created_at),
      })),
    };
    if (!staff) return { ...base, awardedAt: null as string | null };
    // The objector's contact is for the officers who handle objections, not for the village being objected to.
    const seesContact =
      staff.permissions.includes('rating:manage') || staff.permissions.includes('rating:rate');
    return {
      ...base,
      awardedAt: n.awarded_at === null ? null : iso(n.awarded_at),
      objections: objections.map((o) => ({
        id: o.id,
        applicationId: o.application_id,
        content: o.content,
        contact: seesContact && o.contact ? decryptField(piiKey, o.contact) : null,
        status: o.status as 'open',
        outcome: o.outcome,
        createdAt: iso(o.created_at),
        resolvedAt: o.resolved_at === null ? null : iso(o.resolved_at),
        resolvedBy: o.resolver ?? null,
      })),
    };
  }

  const noticeView = (trx: DbOrTrx, id: number, staff: CurrentUser) =>
    loadNotice(trx, id, staff) as Promise<StaffNotice>;
  const publicView = async (trx: DbOrTrx, id: number): Promise<PublicNotice> => {
    const { awardedAt: _a, ...base } = await loadNotice(trx, id, null);
    return base as PublicNotice;
  };

  return {
    async create(
      user: CurrentUser,
      input: { year: number; title?: string; workingDays?: number; applicationIds?: number[] },
      ip: string,
    ) {
      const id = await db.transaction().execute(async (trx) => {
        let q = trx
          .selectFrom('star_applications')
          .select(['id', 'status', 'standard_id'])
          .where('year', '=', input.year)
          .where('status', '=', 'rated')
          .where(pathUnder('unit_path', user.unitPath));
        if (input.applicationIds) {
          if (input.applicationIds.length === 0)
            throw invalidField('applicationIds', 'ratings.nothing_to_publish');
          q = q.where('id', 'in', input.applicationIds);
        }
        const apps = await q.orderBy('id').execute();
        if (apps.length === 0) throw conflict('ratings.nothing_to_publish');
        if (input.applicationIds && apps.length !== new Set(input.applicationIds).size)
          throw invalidField('applicationIds', 'ratings.forbidden_transition');
        const std = await ratings.standardById(apps[0]!.standard_id);
        const days = input.workingDays ?? std?.definition.noticeWorkingDays ?? 5;
        const now = clock.now();
        const notice = await trx
          .insertInto('rating_notices')
          .values({
            org_unit_id: user.unitId,
            unit_path: user.unitPath,
            year: input.year,
            title: input.title ?? `${user.unitName}${input.year}年度“五星”支部创建评定结果公示`,
            starts_at: now,
            ends_at: noticeEndsAt(now, days, await calendar.workCalendar(trx)),
            created_by: user.id,
            created_at: now,
            awarded_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const actor = { id: user.id, name: user.username, ip };
        for (const a of apps)
          await ratings.move(trx, a, 'publish', 'township', actor, null, { notice_id: notice.id });
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.notice_publish',
          objectType: 'rating_notice',
          objectId: notice.id,
          newValue: { year: input.year, items: apps.map((a) => a.id), workingDays: days },
          ip,
        });
        return notice.id;
      });
      return noticeView(db, id, user);
    },

    async listStaff(user: CurrentUser, year?: number) {
      let q = db.selectFrom('rating_notices').select('id').where(visibleTo(user));
      if (year !== undefined) q = q.where('year', '=', year);
      const rows = await q.orderBy('id', 'desc').limit(100).execute();
      return Promise.all(rows.map((r) => noticeView(db, r.id, user)));
    },

    async getStaff(user: CurrentUser, id: number) {
      const row = await db
        .selectFrom('rating_notices')
        .select('id')
        .where('id', '=', id)
        .where(visibleTo(user))
        .executeTakeFirst();
      if (!row) throw notFound();
      return noticeView(db, id, user);
    },

    async listPublic() {
      const rows = await db
        .selectFrom('rating_notices')
        .select('id')
        .orderBy('id', 'desc')
        .limit(50)
        .execute();
      return Promise.all(rows.map((r) => publicView(db, r.id)));
    },

    getPublic: (id: number) => publicView(db, id),

    async object(
      id: number,
      input: { applicationId?: number; content: string; contact?: string },
      ip: string,
    ) {
      await db.transaction().execute(async (trx) => {
        const n = await trx.selectFrom('rating_notices').selectAll().where('id', '=', id).executeTakeFirst();
        if (!n) throw notFound();
        const now = clock.now();
        if (now >= Number(n.ends_at)) throw conflict('ratings.notice_closed');
        let app: { id: number; status: string } | undefined;
        if (input.applicationId !== undefined) {
          app = await trx
            .selectFrom('star_applications')
            .select(['id', 'status'])
            .where('id', '=', input.applicationId)
            .where('notice_id', '=', id)
            .executeTakeFirst();
          if (!app) throw invalidField('applicationId', 'ratings.not_in_notice');
        }
        const row = await trx
          .insertInto('rating_objections')
          .values({
            notice_id: id,
            application_id: app?.id ?? null,
            content: input.content,
            contact: input.contact ? encryptField(piiKey, input.contact) : null,
            ip,
            status: 'open',
            outcome: null,
            created_at: now,
            resolved_at: null,
            resolved_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (app && app.status === 'publicity')
          await ratings.move(
            trx,
            app,
            'object',
            'public',
            { id: null, name: 'public', ip },
            `objection #${row.id}`,
          );
        await audit.record(trx, {
          actorName: 'public',
          action: 'ratings.objection_create',
          objectType: 'rating_objection',
          objectId: row.id,
          newValue: { noticeId: id, applicationId: app?.id ?? null },
          ip,
        });
      });
      return { ok: true };
    },

    async resolve(
      user: CurrentUser,
      objectionId: number,
      input: { decision: 'dismissed' | 'upheld'; outcome: string },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const o = await trx
          .selectFrom('rating_objections as j')
          .innerJoin('rating_notices as n', 'n.id', 'j.notice_id')
          .selectAll('j')
          .where('j.id', '=', objectionId)
          .where(pathUnder('n.unit_path', user.unitPath))
          .executeTakeFirst();
        if (!o) throw notFound();
        if (o.status !== 'open') throw conflict('ratings.objection_resolved');
        const now = clock.now();
        await trx
          .updateTable('rating_objections')
          .set({ status: input.decision, outcome: input.outcome, resolved_at: now, resolved_by: user.id })
          .where('id', '=', objectionId)
          .execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.objection_resolve',
          objectType: 'rating_objection',
          objectId: objectionId,
          oldValue: { status: 'open' },
          newValue: { status: input.decision, outcome: input.outcome },
          ip,
        });
        if (o.application_id !== null) {
          const app = await trx
            .selectFrom('star_applications')
            .select(['id', 'status'])
            .where('id', '=', o.application_id)
            .executeTakeFirstOrThrow();
          const actor = { id: user.id, name: user.username, ip };
          if (app.status === 'objection') {
            if (input.decision === 'upheld') {
              await ratings.move(trx, app, 'uphold_objection', 'township', actor, input.outcome, {
                notice_id: null,
              });
            } else {
              const stillOpen = await trx
                .selectFrom('rating_objections')
                .select('id')
                .where('application_id', '=', app.id)
                .where('status', '=', 'open')
                .executeTakeFirst();
              if (!stillOpen)
                await ratings.move(trx, app, 'dismiss_objection', 'township', actor, input.outcome);
            }
          }
        }
        return noticeView(trx, o.notice_id, user);
      });
    },

    /** The county names every star of a closed notice that has no open objection. */
    async award(user: CurrentUser, id: number, ip: string) {
      return db.transaction().execute(async (trx) => {
        const n = await trx
          .selectFrom('rating_notices')
          .selectAll()
          .where('id', '=', id)
          .where(pathUnder('unit_path', user.unitPath))
          .executeTakeFirst();
        if (!n) throw notFound();
        if (Number(n.ends_at) > clock.now()) throw conflict('ratings.notice_open');
        const openWhole = await trx
          .selectFrom('rating_objections')
          .select('id')
          .where('notice_id', '=', id)
          .where('status', '=', 'open')
          .where('application_id', 'is', null)
          .executeTakeFirst();
        if (openWhole) throw conflict('ratings.open_objections');
        const apps = await trx
          .selectFrom('star_applications')
          .select('id')
          .where('notice_id', '=', id)
          .where('status', '=', 'publicity')
          .execute();
        const rows = [];
        for (const a of apps) rows.push(await ratings.appRow(trx, null, a.id));
        // Capstone last, so the other stars named in the same notice count.
        const capstoneLast = [];
        for (const r of rows) {
          const std = await ratings.standardById(r.standard_id);
          capstoneLast.push({ r, last: std?.definition.capstone.starCode === r.star_code ? 1 : 0 });
        }
        capstoneLast.sort((a, b) => a.last - b.last);
        const actor = { id: user.id, name: user.username, ip };
        const skipped: number[] = [];
        for (const { r } of capstoneLast) {
          try {
            await ratings.awardApplication(trx, r, actor);
          } catch (err) {
            if (err instanceof AppError && err.messageKey === 'ratings.capstone') {
              await ratings.move(trx, r, 'reject', 'county', actor, 'capstone');
              skipped.push(r.id);
            } else throw err;
          }
        }
        await trx
          .updateTable('rating_notices')
          .set({ awarded_at: clock.now() })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.notice_award',
          objectType: 'rating_notice',
          objectId: id,
          newValue: { awarded: rows.length - skipped.length, rejectedByCapstone: skipped },
          ip,
        });
        return noticeView(trx, id, user);
      });
    },
  };
}

export type NoticesService = ReturnType<typeof createNoticesService>;
