import {
  chinaDate,
  maskContact,
  publicityEndsOn,
  publicityObjectionCreateSchema,
  publicityPublishSchema,
  publicityStatus,
  type PublicityNotice,
  type PublicityPublishInput,
  type PublicityStatus,
  type PublicitySummary,
  type StaffObjection,
} from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { PageQuery, PageResult } from '../../db/paginate.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../http/errors.ts';
import { decryptField, encryptField } from '../../security/crypto.ts';
import { requireUnitInScope } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import {
  findItem,
  findNotice,
  findObjectionUnder,
  insertItems,
  insertNotice,
  insertObjection,
  listNotices,
  listObjectionsUnder,
  noticeItems,
  noticeObjections,
  noticesBySource,
  resolveObjection,
  type StaffObjectionRow,
} from './publicity.repository.ts';

/** Where a notice stands, as the publishing module reads it before concluding its own record. */
export interface PublicityState {
  id: number;
  source: string;
  sourceId: number;
  unitId: number;
  title: string;
  status: PublicityStatus;
  startsOn: string;
  endsOn: string;
  /** Objections not yet resolved. */
  openObjections: number;
  /** Refs of the items with an upheld objection (each once, in the order the objections came). */
  upheldRefs: string[];
  /** An objection to the notice as a whole was upheld. */
  upheldWhole: boolean;
  /** All objections, resolved or not. */
  objections: number;
}

/** An objection from the public: to one item (its ref) or, without one, to the notice as a whole. */
export interface ObjectionInput {
  itemRef?: string | undefined;
  reason: string;
  contact?: string | undefined;
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** A zod failure of the publish input as a 400 naming each field. */
function invalidInput(issues: readonly { path: PropertyKey[]; message: string }[]): AppError {
  return new AppError(
    'validation_failed',
    'validation_failed',
    issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}

/**
 * 公示 for any module (docs/publicity.md): a module publishes a notice in its own transaction; the public reads it and
 * may object while it is open; the officers of the publishing unit's area resolve each objection on the record; the
 * module asks `state` / `canConclude` before it concludes its own record. Every write is audited.
 */
export function createPublicityService({
  db,
  audit,
  clock,
  calendar,
  notifications,
  piiKey,
  defaultWorkingDays,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  calendar: CalendarService;
  notifications: NotificationsService;
  /** The objector's contact is personal information: encrypted at rest, masked, revealed only with pii:view. */
  piiKey: Buffer;
  defaultWorkingDays: number;
}) {
  const today = () => chinaDate(clock.now());

  async function state(trx: DbOrTrx, id: number): Promise<PublicityState> {
    const n = await findNotice(trx, id);
    if (!n) throw notFound();
    const objections = await noticeObjections(trx, id);
    const upheld = objections.filter((o) => o.status === 'upheld');
    return {
      id: n.id,
      source: n.source,
      sourceId: Number(n.source_id),
      unitId: n.org_unit_id,
      title: n.title,
      status: publicityStatus(n.ends_on, clock.now()),
      startsOn: n.starts_on,
      endsOn: n.ends_on,
      openObjections: objections.filter((o) => o.status === 'open').length,
      upheldRefs: [...new Set(upheld.flatMap((o) => (o.item_ref === null ? [] : [o.item_ref])))],
      upheldWhole: upheld.some((o) => o.item_ref === null),
      objections: objections.length,
    };
  }

  function toStaff(r: StaffObjectionRow): StaffObjection {
    return {
      id: r.id,
      noticeId: r.notice_id,
      noticeTitle: r.notice_title,
      source: r.source,
      unitName: r.unit_name,
      noticeEndsOn: r.ends_on,
      noticeStatus: publicityStatus(r.ends_on, clock.now()),
      itemRef: r.item_ref,
      itemLabel: r.item_label ?? null,
      reason: r.reason,
      contact: r.contact_enc === null ? null : maskContact(decryptField(piiKey, r.contact_enc)),
      status: r.status as StaffObjection['status'],
      reply: r.reply,
      createdAt: iso(r.created_at),
      resolvedAt: isoOrNull(r.resolved_at),
      resolvedBy: r.resolver ?? null,
    };
  }

  /** An objection while the notice is open; the publishing unit's officers are told (webhooks sent after commit). */
  async function lodge(
    trx: DbOrTrx,
    id: number,
    raw: ObjectionInput,
    ip: string,
  ): Promise<{ id: number; endsOn: string }> {
    const parsed = publicityObjectionCreateSchema.safeParse(raw);
    if (!parsed.success) throw invalidInput(parsed.error.issues);
    const input = parsed.data;
    const n = await findNotice(trx, id);
    if (!n) throw notFound();
    if (publicityStatus(n.ends_on, clock.now()) !== 'open') throw conflict('publicity.notice_ended', 'id');
    const item = input.itemRef === undefined ? undefined : await findItem(trx, id, input.itemRef);
    if (input.itemRef !== undefined && !item) throw invalidField('itemRef', 'publicity.not_in_notice');
    const objectionId = await insertObjection(trx, {
      notice_id: id,
      item_ref: item?.ref ?? null,
      reason: input.reason,
      contact_enc: input.contact ? encryptField(piiKey, input.contact) : null,
      status: 'open',
      reply: null,
      created_at: clock.now(),
      resolved_at: null,
      resolved_by: null,
    });
    await audit.record(trx, {
      actorName: 'public',
      action: 'publicity.objection_create',
      objectType: 'publicity_objection',
      objectId: objectionId,
      newValue: { noticeId: id, itemRef: item?.ref ?? null, withContact: Boolean(input.contact) },
      ip,
    });
    // The reason and the contact stay out of the message: it may go to a group robot.
    await notifications.notify(trx, {
      kind: 'publicity.objection',
      title: `公示异议：${n.title}`,
      body: `${item ? `“${item.label}”` : '整个公示'}收到一条异议，请在“公示异议”中答复（公示期至 ${n.ends_on}）。`,
      path: '/publicity/objections',
      unitPath: n.unit_path,
      permission: 'publicity:handle',
    });
    return { id: objectionId, endsOn: n.ends_on };
  }

  return {
    /**
     * Publishes a notice inside the caller's transaction: the unit must lie in the actor's scope, the window is
     * `workingDays` working days (default: the setting) after `startsOn` (default: today; not in the future).
     */
    async publish(
      trx: DbOrTrx,
      actor: CurrentUser,
      input: PublicityPublishInput,
      ip?: string,
    ): Promise<{ id: number; endsOn: string }> {
      const parsed = publicityPublishSchema.safeParse(input);
      if (!parsed.success) throw invalidInput(parsed.error.issues);
      const v = parsed.data;
      const seen = new Set<string>();
      v.items.forEach((it, i) => {
        if (seen.has(it.ref)) throw invalidField(`items.${i}.ref`, 'publicity.duplicate_ref');
        seen.add(it.ref);
      });
      const startsOn = v.startsOn ?? today();
      if (startsOn > today()) throw invalidField('startsOn', 'publicity.starts_in_future');
      const unit = await requireUnitInScope(trx, actor, v.unitId);
      const workingDays = v.workingDays ?? defaultWorkingDays;
      const endsOn = publicityEndsOn(startsOn, workingDays, await calendar.workCalendar(trx));
      const id = await insertNotice(trx, {
        source: v.source,
        source_id: v.sourceId,
        org_unit_id: unit.id,
        unit_path: unit.path,
        title: v.title,
        summary: v.summary || null,
        starts_on: startsOn,
        ends_on: endsOn,
        working_days: workingDays,
        created_by: actor.id,
        created_at: clock.now(),
      });
      await insertItems(trx, id, v.items);
      await audit.record(trx, {
        actorId: actor.id,
        actorName: actor.username,
        action: 'publicity.publish',
        objectType: 'publicity_notice',
        objectId: id,
        newValue: {
          source: v.source,
          sourceId: v.sourceId,
          unitId: unit.id,
          startsOn,
          endsOn,
          workingDays,
          items: v.items.map((it) => it.ref),
        },
        ip: ip ?? null,
      });
      return { id, endsOn };
    },

    state,

    /** The window has ended and no objection is open: the source may conclude its record. */
    async canConclude(trx: DbOrTrx, id: number): Promise<boolean> {
      const s = await state(trx, id);
      return s.status === 'ended' && s.openObjections === 0;
    },

    /** The notices of one source record, newest first. */
    async bySource(trx: DbOrTrx, source: string, sourceId: number): Promise<PublicityState[]> {
      const rows = await noticesBySource(trx, source, sourceId);
      const out: PublicityState[] = [];
      for (const r of rows) out.push(await state(trx, r.id));
      return out;
    },

    /** The public list, newest first. */
    async list(
      query: { source?: string; status?: PublicityStatus } & PageQuery,
    ): Promise<PageResult<PublicitySummary>> {
      const now = clock.now();
      const page = await listNotices(
        db,
        { source: query.source, status: query.status, today: chinaDate(now) },
        query,
      );
      return {
        ...page,
        items: page.items.map((r) => ({
          id: r.id,
          source: r.source,
          title: r.title,
          unitName: r.unit_name,
          startsOn: r.starts_on,
          endsOn: r.ends_on,
          workingDays: r.working_days,
          status: publicityStatus(r.ends_on, now),
          items: Number(r.item_count ?? 0),
          objections: Number(r.objection_count ?? 0),
        })),
      };
    },

    /** One notice as the public sees it: its items, window, and the outcome of each objection (nothing personal). */
    async get(id: number): Promise<PublicityNotice> {
      const n = await findNotice(db, id);
      if (!n) throw notFound();
      const items = await noticeItems(db, id);
      const objections = await noticeObjections(db, id);
      return {
        id: n.id,
        source: n.source,
        title: n.title,
        summary: n.summary,
        unitName: n.unit_name,
        startsOn: n.starts_on,
        endsOn: n.ends_on,
        workingDays: n.working_days,
        status: publicityStatus(n.ends_on, clock.now()),
        items: items.length,
        objections: objections.length,
        itemList: items.map((it) => ({ ref: it.ref, label: it.label, detail: it.detail })),
        objectionList: objections.map((o) => ({
          id: o.id,
          itemRef: o.item_ref,
          itemLabel: o.item_label ?? null,
          status: o.status as StaffObjection['status'],
          reply: o.reply,
          createdAt: iso(o.created_at),
          resolvedAt: isoOrNull(o.resolved_at),
        })),
      };
    },

    /** Anyone's objection while the notice is open, in its own transaction (the public route). */
    async object(id: number, input: ObjectionInput, ip: string): Promise<{ id: number; endsOn: string }> {
      return db
        .transaction()
        .execute((trx) => lodge(trx, id, input, ip))
        .finally(() => notifications.kick());
    },

    /** The same inside the caller's transaction (a module's demo seeder lodging an objection). */
    lodge,

    /** Objections to the notices of the caller's units, open ones first; contacts masked. */
    async objections(
      user: CurrentUser,
      query: { status?: 'open' | 'resolved'; source?: string } & PageQuery,
    ): Promise<PageResult<StaffObjection>> {
      const page = await listObjectionsUnder(db, user.unitPath, query, query);
      return { ...page, items: page.items.map(toStaff) };
    },

    /** The decision on an objection, on the record (the reply is shown on the public notice). */
    async resolve(
      user: CurrentUser,
      id: number,
      input: { outcome: 'upheld' | 'dismissed'; reply: string },
      ip: string,
    ): Promise<StaffObjection> {
      return db.transaction().execute(async (trx) => {
        const o = await findObjectionUnder(trx, id, user.unitPath);
        if (!o) throw notFound();
        if (o.status !== 'open') throw conflict('publicity.objection_resolved');
        const done = await resolveObjection(trx, id, {
          status: input.outcome,
          reply: input.reply,
          by: user.id,
          now: clock.now(),
        });
        if (!done) throw conflict('publicity.objection_resolved');
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'publicity.objection_resolve',
          objectType: 'publicity_objection',
          objectId: id,
          oldValue: { status: 'open' },
          newValue: { noticeId: o.notice_id, itemRef: o.item_ref, status: input.outcome, reply: input.reply },
          ip,
        });
        return toStaff((await findObjectionUnder(trx, id, user.unitPath))!);
      });
    },

    /** The objector's contact in full, for an officer who handles objections and holds pii:view; audited. */
    async revealContact(user: CurrentUser, id: number, reason: string, ip: string) {
      if (!user.permissions.includes('publicity:handle')) throw forbidden();
      return db.transaction().execute(async (trx) => {
        const o = await findObjectionUnder(trx, id, user.unitPath);
        if (!o) throw notFound();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'publicity.contact_reveal',
          objectType: 'publicity_objection',
          objectId: id,
          newValue: { reason },
          ip,
        });
        return { contact: o.contact_enc === null ? null : decryptField(piiKey, o.contact_enc) };
      });
    },

    /** Open objections to the notices of the units under `unitPath` (the workbench's count). */
    async openCount(q: DbOrTrx, unitPath: string): Promise<number> {
      const page = await listObjectionsUnder(q, unitPath, { status: 'open' }, { page: 1, pageSize: 1 });
      return page.total;
    },
  };
}

export type PublicityService = ReturnType<typeof createPublicityService>;
