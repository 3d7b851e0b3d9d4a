import { noticeEndsAt, type PublicNotice, type StaffNotice } from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.ts';
import { decryptField, encryptField } from '../../security/crypto.ts';
import type { AuditService } from '../audit/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import {
  applicationInNotice,
  applicationsInPublicity,
  applicationStatus,
  findApplication,
  ratedApplications,
  type ApplicationRow,
} from './applications.repository.ts';
import type { AwardsService } from './awards.service.ts';
import type { Actor, Cycle } from './cycle.service.ts';
import {
  applicationHasOpenObjection,
  findNotice,
  findNoticeUnder,
  findObjectionUnder,
  hasOpenObjection,
  insertNotice,
  insertObjection,
  latestNoticeIds,
  markNoticeAwarded,
  noticeItems,
  noticeObjections,
  noticeWindow,
  resolveObjection,
  visibleNoticeIds,
} from './notices.repository.ts';
import type { StandardsService } from './standards.service.ts';

const iso = (ms: number) => new Date(Number(ms)).toISOString();
const PUBLIC: Actor = { id: null, name: 'public' };

/**
 * 公示 (docs/programme.md §3): a township lists its county-rated stars publicly for a window of working days;
 * anyone may lodge an objection; the township resolves each on the record; when the window closes with nothing open
 * the county names the stars. The public view carries branch names, stars and outcomes only — no personal
 * information.
 */
export function createNoticesService({
  db,
  audit,
  clock,
  standards,
  cycle,
  awards,
  calendar,
  piiKey,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  standards: StandardsService;
  cycle: Cycle;
  awards: AwardsService;
  calendar: CalendarService;
  /** The objector's contact is personal information: encrypted at rest, shown only to the officers handling it. */
  piiKey: Buffer;
}) {
  /** A notice, its items with their star names, and its objections. */
  async function load(trx: DbOrTrx, id: number) {
    const n = await findNotice(trx, id);
    if (!n) throw notFound();
    const items = await noticeItems(trx, id);
    const names = new Map<string, string>();
    for (const it of items) {
      if (names.has(`${it.standard_id}:${it.star_code}`)) continue;
      const std = await standards.byId(trx, it.standard_id);
      for (const s of std?.definition.stars ?? []) names.set(`${it.standard_id}:${s.code}`, s.name);
    }
    const now = clock.now();
    const notice: PublicNotice = {
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
        status: it.status,
      })),
      objections: [],
    };
    return { n, notice, objections: await noticeObjections(trx, id) };
  }

  /** The public view of a notice: its items and the outcome of each objection, nothing personal. */
  async function publicView(trx: DbOrTrx, id: number): Promise<PublicNotice> {
    const { notice, objections } = await load(trx, id);
    return {
      ...notice,
      objections: objections.map((o) => ({
        id: o.id,
        applicationId: o.application_id,
        status: o.status,
        outcome: o.outcome,
        createdAt: iso(o.created_at),
      })),
    };
  }

  /** The staff view: the objections' text and, for the officers who handle them, the objector's contact. */
  async function staffView(trx: DbOrTrx, id: number, user: CurrentUser): Promise<StaffNotice> {
    const { n, notice, objections } = await load(trx, id);
    // The objector's contact is for the officers who handle objections, not for the village being objected to.
    const seesContact =
      user.permissions.includes('rating:manage') || user.permissions.includes('rating:rate');
    return {
      ...notice,
      awardedAt: n.awarded_at === null ? null : iso(n.awarded_at),
      objections: objections.map((o) => ({
        id: o.id,
        applicationId: o.application_id,
        content: o.content,
        contact: seesContact && o.contact ? decryptField(piiKey, o.contact) : null,
        status: o.status,
        outcome: o.outcome,
        createdAt: iso(o.created_at),
        resolvedAt: o.resolved_at === null ? null : iso(o.resolved_at),
        resolvedBy: o.resolver ?? null,
      })),
    };
  }

  return {
    /** Publishes the year's rated stars in the caller's subtree (or the ones given) for the notice window. */
    async create(
      user: CurrentUser,
      input: { year: number; title?: string; workingDays?: number; applicationIds?: number[] },
      ip: string,
    ) {
      const id = await db.transaction().execute(async (trx) => {
        if (input.applicationIds?.length === 0)
          throw invalidField('applicationIds', 'ratings.nothing_to_publish');
        const apps = await ratedApplications(trx, {
          year: input.year,
          scopePath: user.unitPath,
          ids: input.applicationIds,
        });
        if (apps.length === 0) throw conflict('ratings.nothing_to_publish');
        if (input.applicationIds && apps.length !== new Set(input.applicationIds).size)
          throw invalidField('applicationIds', 'ratings.forbidden_transition');
        const std = await standards.byId(trx, apps[0]!.standard_id);
        const days = input.workingDays ?? std?.definition.noticeWorkingDays ?? 5;
        const now = clock.now();
        const noticeId = await insertNotice(trx, {
          org_unit_id: user.unitId,
          unit_path: user.unitPath,
          year: input.year,
          title: input.title ?? `${user.unitName}${input.year}年度“五星”支部创建评定结果公示`,
          starts_at: now,
          ends_at: noticeEndsAt(now, days, await calendar.workCalendar(trx)),
          created_by: user.id,
          created_at: now,
          awarded_at: null,
        });
        const actor = { id: user.id, name: user.username, ip };
        for (const a of apps)
          await cycle.move(trx, a, 'publish', 'township', actor, null, { notice_id: noticeId });
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.notice_publish',
          objectType: 'rating_notice',
          objectId: noticeId,
          newValue: { year: input.year, items: apps.map((a) => a.id), workingDays: days },
          ip,
        });
        return noticeId;
      });
      return staffView(db, id, user);
    },

    async listStaff(user: CurrentUser, year?: number) {
      const ids = await visibleNoticeIds(db, user.unitPath, { year });
      return Promise.all(ids.map((id) => staffView(db, id, user)));
    },

    async getStaff(user: CurrentUser, id: number) {
      if ((await visibleNoticeIds(db, user.unitPath, { id })).length === 0) throw notFound();
      return staffView(db, id, user);
    },

    async listPublic() {
      return Promise.all((await latestNoticeIds(db, 50)).map((id) => publicView(db, id)));
    },

    getPublic: (id: number) => publicView(db, id),

    /** Anyone's objection, while the window is open; against an item it puts that item into `objection`. */
    async object(
      id: number,
      input: { applicationId?: number; content: string; contact?: string },
      ip: string,
    ) {
      await db.transaction().execute(async (trx) => {
        const n = await noticeWindow(trx, id);
        if (!n) throw notFound();
        const now = clock.now();
        if (now >= Number(n.ends_at)) throw conflict('ratings.notice_closed');
        const app =
          input.applicationId === undefined
            ? undefined
            : await applicationInNotice(trx, input.applicationId, id);
        if (input.applicationId !== undefined && !app)
          throw invalidField('applicationId', 'ratings.not_in_notice');
        const objectionId = await insertObjection(trx, {
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
        });
        if (app?.status === 'publicity')
          await cycle.move(trx, app, 'object', 'public', { ...PUBLIC, ip }, `objection #${objectionId}`);
        await audit.record(trx, {
          actorName: 'public',
          action: 'ratings.objection_create',
          objectType: 'rating_objection',
          objectId: objectionId,
          newValue: { noticeId: id, applicationId: app?.id ?? null },
          ip,
        });
      });
      return { ok: true };
    },

    /** The township's decision on an objection: upheld sends the item back to review, dismissed returns it. */
    async resolve(
      user: CurrentUser,
      objectionId: number,
      input: { decision: 'dismissed' | 'upheld'; outcome: string },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const o = await findObjectionUnder(trx, objectionId, user.unitPath);
        if (!o) throw notFound();
        if (o.status !== 'open') throw conflict('ratings.objection_resolved');
        await resolveObjection(trx, objectionId, {
          status: input.decision,
          outcome: input.outcome,
          by: user.id,
          now: clock.now(),
        });
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
          const app = await applicationStatus(trx, o.application_id);
          const actor = { id: user.id, name: user.username, ip };
          if (app.status === 'objection' && input.decision === 'upheld')
            await cycle.move(trx, app, 'uphold_objection', 'township', actor, input.outcome, {
              notice_id: null,
            });
          else if (app.status === 'objection' && !(await applicationHasOpenObjection(trx, app.id)))
            await cycle.move(trx, app, 'dismiss_objection', 'township', actor, input.outcome);
        }
        return staffView(trx, o.notice_id, user);
      });
    },

    /** The county names every star of a closed notice that has no open objection. */
    async award(user: CurrentUser, id: number, ip: string) {
      return db.transaction().execute(async (trx) => {
        const n = await findNoticeUnder(trx, id, user.unitPath);
        if (!n) throw notFound();
        if (Number(n.ends_at) > clock.now()) throw conflict('ratings.notice_open');
        if (await hasOpenObjection(trx, id, null)) throw conflict('ratings.open_objections');
        const rows: ApplicationRow[] = [];
        for (const appId of await applicationsInPublicity(trx, id))
          rows.push((await findApplication(trx, appId, null))!);
        // Capstone last, so the other stars named in the same notice count.
        const capstoneLast = [];
        for (const r of rows) {
          const std = await standards.byId(trx, r.standard_id);
          capstoneLast.push({ r, last: std?.definition.capstone.starCode === r.star_code ? 1 : 0 });
        }
        capstoneLast.sort((a, b) => a.last - b.last);
        const actor = { id: user.id, name: user.username, ip };
        const skipped: number[] = [];
        for (const { r } of capstoneLast) {
          try {
            await awards.award(trx, r, actor);
          } catch (err) {
            if (!(err instanceof AppError && err.messageKey === 'ratings.capstone')) throw err;
            await cycle.move(trx, r, 'reject', 'county', actor, 'capstone');
            skipped.push(r.id);
          }
        }
        await markNoticeAwarded(trx, id, clock.now());
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.notice_award',
          objectType: 'rating_notice',
          objectId: id,
          newValue: { awarded: rows.length - skipped.length, rejectedByCapstone: skipped },
          ip,
        });
        return staffView(trx, id, user);
      });
    },
  };
}

export type NoticesService = ReturnType<typeof createNoticesService>;
