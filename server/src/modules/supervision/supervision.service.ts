import { createHash } from 'node:crypto';
import {
  chinaDate,
  checkItemTransition,
  closeRefusal,
  DEFAULT_SUPERVISION_SETTINGS,
  extensionRefusal,
  parentOfPath,
  slipColour,
  slipDates,
  submitRefusal,
  tasksFromShortfalls,
  type ItemAction,
  type ItemList,
  type ItemSource,
  type ItemStatus,
  type SlipColour,
  type SupervisionItem,
  type SupervisionItemDetail,
  type SupervisionSettings,
  type WorkCalendar,
} from '@fivestar/common';
import { fileTypeFromBuffer } from 'file-type';
import { sql, type Selectable } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import { emptyPage, fetchPage, type PageQuery } from '../../db/paginate.ts';
import type { Database } from '../../db/schema.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.ts';
import { pathIds, pathUnder, requireUnitInScope, scopedSubtree, scopePrefix } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import type { LinksService } from '../links/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { AwardsService } from '../ratings/index.ts';
import { starName } from './stars.names.ts';
import { openVetoReviews } from './veto.ts';

type ItemRow = Selectable<Database['sv_items']>;
type Trx = DbOrTrx;

const VILLAGE_LEVELS = ['village', 'community'];
const FILE_TYPES: Record<string, number> = {
  'image/jpeg': 10,
  'image/png': 10,
  'image/webp': 10,
  'image/heic': 10,
  'application/pdf': 10,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 10,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 10,
};

export interface SupervisionDeps {
  db: Db;
  audit: AuditService;
  clock: Clock;
  calendar: CalendarService;
  links: LinksService;
  notifications: NotificationsService;
  awards: AwardsService;
}

export { starName };

/** SQL conditions of each slip colour on `today` (the same as slipColour, as index-friendly comparisons). */
export function slipWhere(colour: SlipColour, today: string, t = 'i') {
  const c = (x: string) => sql.ref(`${t}.${x}`);
  if (colour === 'red') return sql<boolean>`(${c('status')} <> 'closed' and ${c('deadline')} < ${today})`;
  if (colour === 'yellow')
    return sql<boolean>`(${c('status')} <> 'closed' and ${c('deadline')} >= ${today} and ${c('yellow_on')} <= ${today})`;
  return sql<boolean>`(${c('status')} <> 'closed' and ${c('deadline')} >= ${today} and (${c('yellow_on')} is null or ${c('yellow_on')} > ${today}) and ${c('blue_on')} <= ${today})`;
}

export function createSupervisionService(deps: SupervisionDeps) {
  const { db, audit, clock, calendar, links, notifications } = deps;
  const today = () => chinaDate(clock.now());
  const actorOf = (u: CurrentUser) => ({ id: u.id, name: u.displayName });

  // ---- Settings ------------------------------------------------------------------------------------------

  /** The settings that apply to a unit: its own row, else the nearest unit above with one, else the defaults. */
  async function settingsFor(
    q: Trx,
    path: string,
  ): Promise<SupervisionSettings & { unitId: number; version: number }> {
    const ids = pathIds(path);
    const rows = await q.selectFrom('sv_settings').selectAll().where('org_unit_id', 'in', ids).execute();
    for (const id of [...ids].reverse()) {
      const r = rows.find((x) => x.org_unit_id === id);
      if (r)
        return {
          unitId: id,
          blueDays: r.blue_days,
          behindPoints: r.behind_points,
          flagCount: r.flag_count,
          version: r.version,
        };
    }
    return { unitId: ids[ids.length - 1] ?? 0, ...DEFAULT_SUPERVISION_SETTINGS, version: 0 };
  }

  async function datesFor(
    q: Trx,
    path: string,
    item: { startDate: string; deadline: string; progress: number },
    cal?: WorkCalendar,
  ) {
    const settings = await settingsFor(q, path);
    return slipDates(item, settings, cal ?? (await calendar.workCalendar(q)));
  }

  // ---- Reading items -------------------------------------------------------------------------------------

  const itemColumns = [
    'i.id',
    'i.org_unit_id',
    'i.unit_path',
    'i.parent_unit_id',
    'i.year',
    'i.list',
    'i.source',
    'i.star_code',
    'i.indicator_code',
    'i.title',
    'i.measures',
    'i.evidence_required',
    'i.evidence_min',
    'i.owner_user_id',
    'i.owner_name',
    'i.checker_user_id',
    'i.start_date',
    'i.deadline',
    'i.blue_on',
    'i.yellow_on',
    'i.status',
    'i.progress',
    'i.extensions',
    'i.files',
    'i.visit_id',
    'i.submitted_by',
    'i.red_notified',
    'i.version',
    'i.created_by',
    'i.created_at',
    'i.updated_at',
    'i.closed_at',
    'i.closed_by',
    'o.name as unit_name',
    'p.name as parent_name',
    'c.display_name as checker_name',
  ] as const;

  function itemQuery(q: Trx) {
    return q
      .selectFrom('sv_items as i')
      .innerJoin('org_units as o', 'o.id', 'i.org_unit_id')
      .leftJoin('org_units as p', 'p.id', 'i.parent_unit_id')
      .leftJoin('users as c', 'c.id', 'i.checker_user_id')
      .select(itemColumns);
  }
  type Joined = Awaited<ReturnType<ReturnType<typeof itemQuery>['executeTakeFirstOrThrow']>>;

  function toItem(r: Joined, day = today()): SupervisionItem {
    const status = r.status as ItemStatus;
    const slip = slipColour({ status, deadline: r.deadline, blueOn: r.blue_on, yellowOn: r.yellow_on }, day);
    return {
      id: r.id,
      unitId: r.org_unit_id,
      unitName: r.unit_name,
      year: Number(r.year),
      list: r.list as ItemList,
      source: r.source as ItemSource,
      starCode: r.star_code,
      starName: starName(r.star_code),
      indicatorCode: r.indicator_code,
      title: r.title,
      measures: r.measures,
      evidenceRequired: r.evidence_required,
      evidenceMin: Number(r.evidence_min),
      ownerUserId: r.owner_user_id,
      ownerName: r.owner_name,
      checkerUserId: r.checker_user_id,
      checkerName: r.checker_name ?? null,
      deadline: r.deadline,
      status,
      progress: Number(r.progress),
      slip,
      escalatedTo:
        slip === 'red' && r.parent_unit_id !== null
          ? { id: r.parent_unit_id, name: r.parent_name ?? '' }
          : null,
      extensions: Number(r.extensions),
      files: Number(r.files),
      version: Number(r.version),
      createdAt: Number(r.created_at),
      closedAt: r.closed_at === null ? null : Number(r.closed_at),
    };
  }

  /** The item if it lies in the caller's scope (else 404, as for a missing one). */
  async function itemInScope(q: Trx, user: CurrentUser, id: number): Promise<Joined> {
    const row = await itemQuery(q)
      .where('i.id', '=', id)
      .where(pathUnder('i.unit_path', scopePrefix(user)))
      .executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  const has = (u: CurrentUser, p: string) => (u.permissions as string[]).includes(p);

  function allowedFor(user: CurrentUser, r: Joined, pending: number): SupervisionItemDetail['allowed'] {
    const out: SupervisionItemDetail['allowed'] = [];
    const status = r.status as ItemStatus;
    const ownerSide =
      has(user, 'supervision:work') &&
      (r.owner_user_id === null || r.owner_user_id === user.id || has(user, 'supervision:manage'));
    if (ownerSide && status === 'open') out.push('progress', 'submit');
    if (ownerSide && status !== 'closed' && pending === 0) out.push('extend');
    if (
      has(user, 'supervision:check') &&
      status === 'submitted' &&
      closeRefusal(
        {
          evidenceMin: 0,
          ownerUserId: r.owner_user_id,
          checkerUserId: r.checker_user_id,
          submittedBy: r.submitted_by,
        },
        0,
        user.id,
      ) === null
    )
      out.push('close', 'reject');
    if (has(user, 'supervision:manage') && status === 'closed') out.push('reopen');
    if (has(user, 'supervision:manage') && pending > 0) out.push('decide_extension');
    if (has(user, 'supervision:manage') && status !== 'closed') out.push('edit');
    return out;
  }

  async function detail(q: Trx, user: CurrentUser, id: number): Promise<SupervisionItemDetail> {
    const r = await itemInScope(q, user, id);
    const [history, files, extensions] = await Promise.all([
      q.selectFrom('sv_item_log').selectAll().where('item_id', '=', id).orderBy('id').execute(),
      q
        .selectFrom('sv_files')
        .select(['id', 'name', 'mime', 'size', 'uploaded_name', 'created_at'])
        .where('item_id', '=', id)
        .orderBy('id')
        .execute(),
      q.selectFrom('sv_extensions').selectAll().where('item_id', '=', id).orderBy('id').execute(),
    ]);
    const pending = extensions.filter((e) => e.status === 'pending').length;
    return {
      ...toItem(r),
      visitId: r.visit_id,
      history: history.map((h) => ({
        id: h.id,
        action: h.action,
        fromStatus: h.from_status,
        toStatus: h.to_status,
        actorName: h.actor_name,
        reason: h.reason,
        progress: h.progress === null ? null : Number(h.progress),
        fileIds: JSON.parse(h.file_ids) as number[],
        at: Number(h.at),
      })),
      fileList: files.map((f) => ({
        id: f.id,
        name: f.name,
        mime: f.mime,
        size: Number(f.size),
        uploadedBy: f.uploaded_name,
        createdAt: Number(f.created_at),
      })),
      extensionList: extensions.map(toExtension),
      allowed: allowedFor(user, r, pending),
    };
  }

  const toExtension = (e: Selectable<Database['sv_extensions']>) => ({
    id: e.id,
    itemId: e.item_id,
    fromDeadline: e.from_deadline,
    toDeadline: e.to_deadline,
    reason: e.reason,
    status: e.status as 'pending',
    requestedBy: e.requested_name,
    requestedAt: Number(e.requested_at),
    decidedBy: e.decided_name,
    decisionReason: e.decision_reason,
  });

  async function log(
    trx: Trx,
    itemId: number,
    entry: {
      action: string;
      from: string | null;
      to: string | null;
      actor: { id: number | null; name: string };
      reason?: string | null;
      progress?: number | null;
      fileIds?: number[];
    },
  ) {
    await trx
      .insertInto('sv_item_log')
      .values({
        item_id: itemId,
        action: entry.action,
        from_status: entry.from,
        to_status: entry.to,
        actor_id: entry.actor.id,
        actor_name: entry.actor.name,
        reason: entry.reason ?? null,
        progress: entry.progress ?? null,
        file_ids: JSON.stringify(entry.fileIds ?? []),
        at: clock.now(),
      })
      .execute();
  }

  // ---- Creating items ------------------------------------------------------------------------------------

  interface NewItem {
    unit: { id: number; path: string };
    year: number;
    list: ItemList;
    source: ItemSource;
    starCode: string;
    indicatorCode: string | null;
    title: string;
    measures: string;
    evidenceRequired: string;
    evidenceMin: number;
    ownerUserId: number | null;
    ownerName: string;
    checkerUserId: number | null;
    deadline: string;
    startDate?: string;
    visitId?: number | null;
  }

  /** Inserts an item with its first log row (used by create, generate, findings and the demo). */
  async function insertItem(
    trx: Trx,
    input: NewItem,
    actor: { id: number | null; name: string },
    cal?: WorkCalendar,
  ) {
    const now = clock.now();
    const startDate = input.startDate ?? chinaDate(now);
    const dates = await datesFor(
      trx,
      input.unit.path,
      { startDate, deadline: input.deadline, progress: 0 },
      cal,
    );
    const row = await trx
      .insertInto('sv_items')
      .values({
        org_unit_id: input.unit.id,
        unit_path: input.unit.path,
        parent_unit_id: parentOfPath(input.unit.path),
        year: input.year,
        list: input.list,
        source: input.source,
        star_code: input.starCode,
        indicator_code: input.indicatorCode,
        title: input.title,
        measures: input.measures,
        evidence_required: input.evidenceRequired,
        evidence_min: input.evidenceMin,
        owner_user_id: input.ownerUserId,
        owner_name: input.ownerName,
        checker_user_id: input.checkerUserId,
        start_date: startDate,
        deadline: input.deadline,
        blue_on: dates.blueOn,
        yellow_on: dates.yellowOn,
        status: 'open',
        progress: 0,
        extensions: 0,
        files: 0,
        visit_id: input.visitId ?? null,
        submitted_by: null,
        red_notified: 0,
        version: 1,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
        closed_at: null,
        closed_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await log(trx, row.id, { action: 'create', from: null, to: 'open', actor });
    return row.id;
  }

  async function villageInScope(trx: Trx, user: CurrentUser, unitId: number, field = 'unitId') {
    const unit = await requireUnitInScope(trx, user, unitId, field);
    if (!VILLAGE_LEVELS.includes(unit.level)) throw invalidField(field, 'supervision.err.not_village');
    return unit;
  }

  /** An owner or checker named by id: an active account whose unit is the item's unit or above it. */
  async function personFor(trx: Trx, unitPath: string, userId: number | null, field: string) {
    if (userId === null) return null;
    const u = await trx
      .selectFrom('users as u')
      .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
      .select(['u.id', 'u.display_name', 'o.path'])
      .where('u.id', '=', userId)
      .where('u.status', '=', 'active')
      .executeTakeFirst();
    if (!u || !unitPath.startsWith(u.path)) throw invalidField(field, 'supervision.err.person_unit');
    return u;
  }

  async function secretaryOf(trx: Trx, unitId: number) {
    return trx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('org_unit_id', '=', unitId)
      .where('role_code', '=', 'village_secretary')
      .where('status', '=', 'active')
      .orderBy('id')
      .executeTakeFirst();
  }

  // ---- Transitions ---------------------------------------------------------------------------------------

  /** Moves an item by the action table, guarded by its current status (a concurrent move answers 409). */
  async function move(
    trx: Trx,
    r: Joined,
    action: ItemAction,
    actor: { id: number; name: string },
    reason: string | null,
    set: Partial<Record<keyof ItemRow, unknown>> = {},
  ) {
    const check = checkItemTransition(r.status as ItemStatus, action, reason);
    if (!check.ok) throw conflict(`supervision.${check.refusal}`);
    const res = await trx
      .updateTable('sv_items')
      .set({
        ...(set as object),
        status: check.to,
        updated_at: clock.now(),
        version: sql`version + 1`,
      } as never)
      .where('id', '=', r.id)
      .where('status', '=', r.status)
      .where('version', '=', r.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('supervision.forbidden_transition');
    await log(trx, r.id, { action, from: r.status, to: check.to, actor, reason });
    return check.to;
  }

  async function auditItem(
    trx: Trx,
    user: CurrentUser,
    action: string,
    id: number,
    oldValue: unknown,
    newValue: unknown,
    ip: string,
  ) {
    await audit.record(trx, {
      actorId: user.id,
      actorName: user.username,
      action: `supervision.${action}`,
      objectType: 'sv_item',
      objectId: id,
      oldValue,
      newValue,
      ip,
    });
  }

  const itemPath = (id: number) => `/supervision/items/${id}`;

  async function storeFile(
    trx: Trx,
    user: CurrentUser,
    target: { itemId: number | null; visitId: number | null; unitId: number; unitPath: string },
    name: string,
    body: Uint8Array,
  ) {
    const buf = Buffer.from(body);
    if (buf.length === 0) throw invalidField('body', 'supervision.err.file_empty');
    const type = await fileTypeFromBuffer(buf);
    const mime = type?.mime ?? '';
    if (!(mime in FILE_TYPES)) throw new AppError('unsupported_media_type', 'supervision.err.file_type');
    const row = await trx
      .insertInto('sv_files')
      .values({
        item_id: target.itemId,
        visit_id: target.visitId,
        org_unit_id: target.unitId,
        unit_path: target.unitPath,
        name,
        mime,
        size: buf.length,
        sha256: createHash('sha256').update(buf).digest('hex'),
        data: buf.toString('base64'),
        uploaded_by: user.id,
        uploaded_name: user.displayName,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      name,
      mime,
      size: buf.length,
      uploadedBy: user.displayName,
      createdAt: clock.now(),
    };
  }

  const syncVetoReviews = (trx: Trx) => openVetoReviews(trx, { audit, clock, notifications });

  async function syncReviewsNow() {
    const opened = await db.transaction().execute((trx) => syncVetoReviews(trx));
    if (opened) notifications.kick();
    return opened;
  }

  // ---- Summary -------------------------------------------------------------------------------------------

  async function countItems(q: Trx, prefix: string, day: string) {
    const row = await q
      .selectFrom('sv_items as i')
      .select([
        sql<number>`count(*)`.as('total'),
        sql<number>`sum(case when i.status = 'closed' then 1 else 0 end)`.as('closed'),
        sql<number>`sum(case when ${slipWhere('red', day)} then 1 else 0 end)`.as('red'),
        sql<number>`sum(case when ${slipWhere('yellow', day)} then 1 else 0 end)`.as('yellow'),
        sql<number>`sum(case when ${slipWhere('blue', day)} then 1 else 0 end)`.as('blue'),
      ])
      .where(pathUnder('i.unit_path', prefix))
      .executeTakeFirstOrThrow();
    const total = Number(row.total);
    const closed = Number(row.closed ?? 0);
    return {
      total,
      closed,
      open: total - closed,
      red: Number(row.red ?? 0),
      yellow: Number(row.yellow ?? 0),
      blue: Number(row.blue ?? 0),
    };
  }

  return {
    today,
    generateIn,
    settingsFor,
    insertItem,
    detail,
    toItem,
    itemQuery,
    syncVetoReviews,
    syncReviewsNow,
    countItems,
    storeFile,
    secretaryOf,
    move,
    log,

    async summary(user: CurrentUser, unitId?: number) {
      const prefix = await scopedSubtree(db, user, unitId);
      if (prefix === null) throw notFound();
      const c = await countItems(db, prefix, today());
      return {
        tasks: { total: c.total, open: c.open, closed: c.closed, overdue: c.red },
        slips: { blue: c.blue, yellow: c.yellow, red: c.red },
        links: await links.counts(db, prefix),
      };
    },

    async list(
      user: CurrentUser,
      query: {
        unitId?: number;
        year?: number;
        list?: ItemList;
        starCode?: string;
        status?: ItemStatus[];
        slip?: SlipColour[];
        mine?: 'owner' | 'checker' | 'linked' | 'escalated';
        q?: string;
      } & PageQuery,
    ) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return emptyPage<SupervisionItem>(query);
      const day = today();
      let q = itemQuery(db).where(pathUnder('i.unit_path', prefix));
      if (query.year !== undefined) q = q.where('i.year', '=', query.year);
      if (query.list) q = q.where('i.list', '=', query.list);
      if (query.starCode) q = q.where('i.star_code', '=', query.starCode);
      if (query.status?.length) q = q.where('i.status', 'in', query.status);
      if (query.slip?.length) {
        const slips = query.slip;
        q = q.where((eb) => eb.or(slips.map((s) => eb(slipWhere(s, day), '=', sql<boolean>`true`))));
      }
      if (query.q) q = q.where('i.title', 'like', `%${query.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`);
      if (query.mine === 'owner')
        q = q.where('i.owner_user_id', '=', user.id).where('i.status', '<>', 'closed');
      if (query.mine === 'checker')
        q = q
          .where('i.status', '=', 'submitted')
          .where((eb) => eb.or([eb('i.checker_user_id', '=', user.id), eb('i.checker_user_id', 'is', null)]))
          .where((eb) => eb.or([eb('i.owner_user_id', 'is', null), eb('i.owner_user_id', '<>', user.id)]))
          .where((eb) => eb.or([eb('i.submitted_by', 'is', null), eb('i.submitted_by', '<>', user.id)]));
      if (query.mine === 'escalated')
        q = q
          .where('i.parent_unit_id', '=', user.unitId)
          .where(slipWhere('red', day), '=', sql<boolean>`true`);
      if (query.mine === 'linked') {
        const villages = await links.villagesOf(db, user.id);
        if (villages.length === 0) return emptyPage<SupervisionItem>(query);
        q = q.where('i.org_unit_id', 'in', villages).where('i.status', '<>', 'closed');
      }
      return fetchPage(
        q,
        query,
        (x) =>
          x
            .orderBy(sql`case when i.status = 'closed' then 1 else 0 end`)
            .orderBy('i.deadline')
            .orderBy('i.id'),
        (r) => toItem(r, day),
      );
    },

    get: (user: CurrentUser, id: number) => detail(db, user, id),

    async create(
      user: CurrentUser,
      input: Omit<NewItem, 'unit' | 'source'> & { unitId: number },
      ip: string,
    ) {
      return db
        .transaction()
        .execute(async (trx) => {
          const unit = await villageInScope(trx, user, input.unitId);
          const owner = await personFor(trx, unit.path, input.ownerUserId, 'ownerUserId');
          await personFor(trx, unit.path, input.checkerUserId, 'checkerUserId');
          if (input.checkerUserId !== null && input.checkerUserId === input.ownerUserId)
            throw invalidField('checkerUserId', 'supervision.checker_is_owner');
          if (!owner && !input.ownerName) throw invalidField('ownerName', 'supervision.err.owner_required');
          const id = await insertItem(
            trx,
            { ...input, unit, source: 'manual', ownerName: input.ownerName || owner!.display_name },
            actorOf(user),
          );
          await auditItem(trx, user, 'item.create', id, null, input, ip);
          if (owner)
            await notifications.notify(trx, {
              kind: 'supervision.assigned',
              title: `新交办：${input.title}`,
              body: `${unit.name}，限 ${input.deadline} 前完成。`,
              path: itemPath(id),
              userIds: [owner.id],
            });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async update(
      user: CurrentUser,
      id: number,
      patch: {
        title?: string;
        measures?: string;
        evidenceRequired?: string;
        evidenceMin?: number;
        ownerUserId?: number | null;
        ownerName?: string;
        checkerUserId?: number | null;
      },
      ifMatch: number | null,
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const r = await itemInScope(trx, user, id);
        if (ifMatch === null) throw new AppError('precondition_required', 'supervision.err.if_match');
        if (ifMatch !== Number(r.version)) throw new AppError('precondition_failed', 'supervision.stale');
        if (r.status === 'closed') throw conflict('supervision.closed');
        const set: Partial<Record<keyof ItemRow, unknown>> = {};
        if (patch.title !== undefined) set.title = patch.title;
        if (patch.measures !== undefined) set.measures = patch.measures;
        if (patch.evidenceRequired !== undefined) set.evidence_required = patch.evidenceRequired;
        if (patch.evidenceMin !== undefined) set.evidence_min = patch.evidenceMin;
        if (patch.ownerUserId !== undefined) {
          const owner = await personFor(trx, r.unit_path, patch.ownerUserId, 'ownerUserId');
          set.owner_user_id = patch.ownerUserId;
          if (owner) set.owner_name = owner.display_name;
        }
        if (patch.ownerName !== undefined) set.owner_name = patch.ownerName;
        if (patch.checkerUserId !== undefined) {
          await personFor(trx, r.unit_path, patch.checkerUserId, 'checkerUserId');
          set.checker_user_id = patch.checkerUserId;
        }
        const ownerAfter = (set.owner_user_id as number | null | undefined) ?? r.owner_user_id;
        const checkerAfter = (set.checker_user_id as number | null | undefined) ?? r.checker_user_id;
        if (checkerAfter !== null && checkerAfter === ownerAfter)
          throw invalidField('checkerUserId', 'supervision.checker_is_owner');
        const res = await trx
          .updateTable('sv_items')
          .set({ ...(set as object), updated_at: clock.now(), version: sql`version + 1` } as never)
          .where('id', '=', id)
          .where('version', '=', r.version)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw new AppError('precondition_failed', 'supervision.stale');
        await log(trx, id, { action: 'edit', from: r.status, to: r.status, actor: actorOf(user) });
        await auditItem(trx, user, 'item.edit', id, r, patch, ip);
        return detail(trx, user, id);
      });
    },

    async upload(user: CurrentUser, id: number, name: string, body: Uint8Array, ip: string) {
      return db.transaction().execute(async (trx) => {
        const r = await itemInScope(trx, user, id);
        if (r.status === 'closed') throw conflict('supervision.closed');
        if (r.owner_user_id !== null && r.owner_user_id !== user.id && !has(user, 'supervision:manage'))
          throw conflict('supervision.not_owner');
        const file = await storeFile(
          trx,
          user,
          { itemId: id, visitId: null, unitId: r.org_unit_id, unitPath: r.unit_path },
          name,
          body,
        );
        await trx
          .updateTable('sv_items')
          .set({ files: sql`files + 1` } as never)
          .where('id', '=', id)
          .execute();
        await auditItem(trx, user, 'item.file', id, null, { fileId: file.id, name, size: file.size }, ip);
        return file;
      });
    },

    async file(user: CurrentUser, id: number) {
      const f = await db
        .selectFrom('sv_files')
        .select(['name', 'mime', 'data'])
        .where('id', '=', id)
        .where(pathUnder('unit_path', scopePrefix(user)))
        .executeTakeFirst();
      if (!f) throw notFound();
      return { name: f.name, mime: f.mime, body: Buffer.from(f.data, 'base64') };
    },

    async progress(
      user: CurrentUser,
      id: number,
      input: { progress: number; note: string; fileIds: number[] },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const r = await itemInScope(trx, user, id);
        if (r.owner_user_id !== null && r.owner_user_id !== user.id && !has(user, 'supervision:manage'))
          throw conflict('supervision.not_owner');
        const check = checkItemTransition(r.status as ItemStatus, 'progress', input.note);
        if (!check.ok) throw conflict(`supervision.${check.refusal}`);
        if (input.fileIds.length) {
          const found = await trx
            .selectFrom('sv_files')
            .select('id')
            .where('item_id', '=', id)
            .where('id', 'in', input.fileIds)
            .execute();
          if (found.length !== new Set(input.fileIds).size)
            throw invalidField('fileIds', 'supervision.err.file_unknown');
        }
        const dates = await datesFor(trx, r.unit_path, {
          startDate: r.start_date,
          deadline: r.deadline,
          progress: input.progress,
        });
        const res = await trx
          .updateTable('sv_items')
          .set({
            progress: input.progress,
            yellow_on: dates.yellowOn,
            blue_on: dates.blueOn,
            updated_at: clock.now(),
            version: sql`version + 1`,
          } as never)
          .where('id', '=', id)
          .where('version', '=', r.version)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw conflict('supervision.forbidden_transition');
        await log(trx, id, {
          action: 'progress',
          from: r.status,
          to: r.status,
          actor: actorOf(user),
          reason: input.note,
          progress: input.progress,
          fileIds: input.fileIds,
        });
        await auditItem(trx, user, 'item.progress', id, { progress: r.progress }, input, ip);
        return detail(trx, user, id);
      });
    },

    async submit(user: CurrentUser, id: number, reason: string | undefined, ip: string) {
      return db
        .transaction()
        .execute(async (trx) => {
          const r = await itemInScope(trx, user, id);
          if (r.owner_user_id !== null && r.owner_user_id !== user.id && !has(user, 'supervision:manage'))
            throw conflict('supervision.not_owner');
          const check = checkItemTransition(r.status as ItemStatus, 'submit');
          if (!check.ok) throw conflict(`supervision.${check.refusal}`);
          const refusal = submitRefusal(Number(r.evidence_min), Number(r.files));
          if (refusal) throw conflict(`supervision.${refusal}`);
          await move(trx, r, 'submit', actorOf(user), reason ?? null, { submitted_by: user.id });
          await auditItem(trx, user, 'item.submit', id, { status: r.status }, { status: 'submitted' }, ip);
          await notifications.notify(trx, {
            kind: 'supervision.submitted',
            title: `待验收销号：${r.title}`,
            body: `${r.unit_name}已上报完成并提交佐证，请验收。`,
            path: itemPath(id),
            ...(r.checker_user_id !== null
              ? { userIds: [r.checker_user_id] }
              : { unitPath: r.unit_path, permission: 'supervision:check' as const }),
          });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async close(user: CurrentUser, id: number, reason: string | undefined, ip: string) {
      return db
        .transaction()
        .execute(async (trx) => {
          const r = await itemInScope(trx, user, id);
          const check = checkItemTransition(r.status as ItemStatus, 'close');
          if (!check.ok) throw conflict(`supervision.${check.refusal}`);
          const refusal = closeRefusal(
            {
              evidenceMin: Number(r.evidence_min),
              ownerUserId: r.owner_user_id,
              checkerUserId: r.checker_user_id,
              submittedBy: r.submitted_by,
            },
            Number(r.files),
            user.id,
          );
          if (refusal) throw conflict(`supervision.${refusal}`);
          await move(trx, r, 'close', actorOf(user), reason ?? null, {
            closed_at: clock.now(),
            closed_by: user.id,
            progress: 100,
          });
          await auditItem(trx, user, 'item.close', id, { status: r.status }, { status: 'closed' }, ip);
          if (r.owner_user_id !== null)
            await notifications.notify(trx, {
              kind: 'supervision.closed',
              title: `已销号：${r.title}`,
              body: `${user.displayName}验收通过，该事项已销号。`,
              path: itemPath(id),
              userIds: [r.owner_user_id],
            });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async reject(user: CurrentUser, id: number, reason: string, ip: string) {
      return db
        .transaction()
        .execute(async (trx) => {
          const r = await itemInScope(trx, user, id);
          const check = checkItemTransition(r.status as ItemStatus, 'reject', reason);
          if (!check.ok) throw conflict(`supervision.${check.refusal}`);
          const refusal = closeRefusal(
            {
              evidenceMin: 0,
              ownerUserId: r.owner_user_id,
              checkerUserId: r.checker_user_id,
              submittedBy: r.submitted_by,
            },
            0,
            user.id,
          );
          if (refusal) throw conflict(`supervision.${refusal}`);
          await move(trx, r, 'reject', actorOf(user), reason, { submitted_by: null });
          await auditItem(trx, user, 'item.reject', id, { status: r.status }, { status: 'open', reason }, ip);
          if (r.owner_user_id !== null)
            await notifications.notify(trx, {
              kind: 'supervision.rejected',
              title: `验收未通过：${r.title}`,
              body: reason,
              path: itemPath(id),
              userIds: [r.owner_user_id],
            });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async reopen(user: CurrentUser, id: number, reason: string, ip: string) {
      return db
        .transaction()
        .execute(async (trx) => {
          const r = await itemInScope(trx, user, id);
          await move(trx, r, 'reopen', actorOf(user), reason, {
            closed_at: null,
            closed_by: null,
            submitted_by: null,
            red_notified: 0,
          });
          await auditItem(trx, user, 'item.reopen', id, { status: r.status }, { status: 'open', reason }, ip);
          if (r.owner_user_id !== null)
            await notifications.notify(trx, {
              kind: 'supervision.reopened',
              title: `已重新打开：${r.title}`,
              body: reason,
              path: itemPath(id),
              userIds: [r.owner_user_id],
            });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async requestExtension(
      user: CurrentUser,
      id: number,
      input: { deadline: string; reason: string },
      ip: string,
    ) {
      return db
        .transaction()
        .execute(async (trx) => {
          const r = await itemInScope(trx, user, id);
          if (r.owner_user_id !== null && r.owner_user_id !== user.id && !has(user, 'supervision:manage'))
            throw conflict('supervision.not_owner');
          const pending = await trx
            .selectFrom('sv_extensions')
            .select(sql<number>`count(*)`.as('n'))
            .where('item_id', '=', id)
            .where('status', '=', 'pending')
            .executeTakeFirstOrThrow();
          const refusal = extensionRefusal(
            { status: r.status as ItemStatus, deadline: r.deadline },
            input.deadline,
            Number(pending.n),
          );
          if (refusal === 'not_later') throw invalidField('deadline', 'supervision.extension_not_later');
          if (refusal) throw conflict(`supervision.extension_${refusal}`);
          const ext = await trx
            .insertInto('sv_extensions')
            .values({
              item_id: id,
              unit_path: r.unit_path,
              from_deadline: r.deadline,
              to_deadline: input.deadline,
              reason: input.reason,
              status: 'pending',
              requested_by: user.id,
              requested_name: user.displayName,
              requested_at: clock.now(),
              decided_by: null,
              decided_name: null,
              decided_at: null,
              decision_reason: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await log(trx, id, {
            action: 'extension_request',
            from: r.status,
            to: r.status,
            actor: actorOf(user),
            reason: `${input.deadline}：${input.reason}`,
          });
          await auditItem(
            trx,
            user,
            'extension.request',
            id,
            { deadline: r.deadline },
            { extensionId: ext.id, ...input },
            ip,
          );
          await notifications.notify(trx, {
            kind: 'supervision.extension',
            title: `延期申请：${r.title}`,
            body: `${r.unit_name}申请延期至 ${input.deadline}：${input.reason}`,
            path: itemPath(id),
            unitPath: r.unit_path,
            permission: 'supervision:manage',
          });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async decideExtension(
      user: CurrentUser,
      extId: number,
      input: { approve: boolean; reason?: string },
      ip: string,
    ) {
      return db
        .transaction()
        .execute(async (trx) => {
          const e = await trx
            .selectFrom('sv_extensions')
            .selectAll()
            .where('id', '=', extId)
            .where(pathUnder('unit_path', scopePrefix(user)))
            .executeTakeFirst();
          if (!e) throw notFound();
          if (e.status !== 'pending') throw conflict('supervision.extension_decided');
          const r = await itemInScope(trx, user, e.item_id);
          if (!input.approve && !input.reason?.trim())
            throw invalidField('reason', 'supervision.err.reason_required');
          const now = clock.now();
          const res = await trx
            .updateTable('sv_extensions')
            .set({
              status: input.approve ? 'approved' : 'refused',
              decided_by: user.id,
              decided_name: user.displayName,
              decided_at: now,
              decision_reason: input.reason ?? null,
            })
            .where('id', '=', extId)
            .where('status', '=', 'pending')
            .executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw conflict('supervision.extension_decided');
          // Every request is counted, approved or refused; an approval moves the deadline (and the slip dates).
          const set: Record<string, unknown> = {
            extensions: sql`extensions + 1`,
            updated_at: now,
            version: sql`version + 1`,
          };
          if (input.approve) {
            const dates = await datesFor(trx, r.unit_path, {
              startDate: r.start_date,
              deadline: e.to_deadline,
              progress: Number(r.progress),
            });
            Object.assign(set, {
              deadline: e.to_deadline,
              blue_on: dates.blueOn,
              yellow_on: dates.yellowOn,
              red_notified: 0,
            });
          }
          await trx
            .updateTable('sv_items')
            .set(set as never)
            .where('id', '=', r.id)
            .execute();
          await log(trx, r.id, {
            action: input.approve ? 'extension_approve' : 'extension_refuse',
            from: r.status,
            to: r.status,
            actor: actorOf(user),
            reason: input.approve
              ? `${e.from_deadline} → ${e.to_deadline}${input.reason ? `：${input.reason}` : ''}`
              : input.reason,
          });
          await auditItem(
            trx,
            user,
            input.approve ? 'extension.approve' : 'extension.refuse',
            r.id,
            { deadline: r.deadline },
            { extensionId: extId, ...input },
            ip,
          );
          if (e.requested_by !== null)
            await notifications.notify(trx, {
              kind: 'supervision.extension_decided',
              title: `${input.approve ? '延期已批准' : '延期未批准'}：${r.title}`,
              body: input.approve ? `新的期限：${e.to_deadline}` : (input.reason ?? ''),
              path: itemPath(r.id),
              userIds: [e.requested_by],
            });
          const after = await trx
            .selectFrom('sv_extensions')
            .selectAll()
            .where('id', '=', extId)
            .executeTakeFirstOrThrow();
          return toExtension(after);
        })
        .finally(() => notifications.kick());
    },

    /**
     * 一村一策、一星一案: the task lists of the villages under a unit, from what the star engine knows about the base
     * year (stars held; for stars applied for, each failed indicator; otherwise every indicator). Items already
     * generated for the same village, year and indicator are skipped, so running it again adds only what is new.
     */
    async generate(
      user: CurrentUser,
      input: { unitId: number; year: number; fromYear?: number; deadline?: string },
      ip: string,
    ) {
      const result = await db.transaction().execute(async (trx) => {
        const root = await requireUnitInScope(trx, user, input.unitId);
        const res = await generateIn(trx, { path: root.path }, input, actorOf(user));
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.generate',
          objectType: 'org_unit',
          objectId: root.id,
          newValue: { ...input, ...res },
          ip,
        });
        return res;
      });
      return result;
    },

    async teams(user: CurrentUser, unitId?: number) {
      const prefix = await scopedSubtree(db, user, unitId);
      if (prefix === null) return [];
      // Teams of the caller's township and above are visible to the villages below them too.
      const rows = await db
        .selectFrom('sv_teams as t')
        .innerJoin('org_units as o', 'o.id', 't.org_unit_id')
        .innerJoin('users as l', 'l.id', 't.leader_user_id')
        .select([
          't.id',
          't.org_unit_id',
          't.name',
          't.leader_user_id',
          't.members',
          'o.name as unit_name',
          'l.display_name as leader_name',
        ])
        .where((eb) =>
          eb.or([pathUnder('t.unit_path', prefix) as never, eb('t.org_unit_id', 'in', pathIds(prefix))]),
        )
        .orderBy('t.id')
        .execute();
      return teamsOut(db, rows);
    },

    async createTeam(
      user: CurrentUser,
      input: { unitId: number; name: string; leaderUserId: number; memberUserIds: number[] },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const unit = await requireUnitInScope(trx, user, input.unitId);
        const ids = [...new Set([input.leaderUserId, ...input.memberUserIds])];
        const users = await trx
          .selectFrom('users as u')
          .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
          .select(['u.id', 'o.path'])
          .where('u.id', 'in', ids)
          .where('u.status', '=', 'active')
          .execute();
        for (const [i, id] of ids.entries()) {
          const u = users.find((x) => x.id === id);
          // Members come from the team's unit, above it, or below it.
          if (!u || !(u.path.startsWith(unit.path) || unit.path.startsWith(u.path)))
            throw invalidField(
              i === 0 ? 'leaderUserId' : `memberUserIds.${input.memberUserIds.indexOf(id)}`,
              'supervision.err.person_unit',
            );
        }
        const row = await trx
          .insertInto('sv_teams')
          .values({
            org_unit_id: unit.id,
            unit_path: unit.path,
            name: input.name,
            leader_user_id: input.leaderUserId,
            members: JSON.stringify(input.memberUserIds.filter((m) => m !== input.leaderUserId)),
            created_by: user.id,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.team.create',
          objectType: 'sv_team',
          objectId: row.id,
          newValue: input,
          ip,
        });
        const t = await trx
          .selectFrom('sv_teams as t')
          .innerJoin('org_units as o', 'o.id', 't.org_unit_id')
          .innerJoin('users as l', 'l.id', 't.leader_user_id')
          .select([
            't.id',
            't.org_unit_id',
            't.name',
            't.leader_user_id',
            't.members',
            'o.name as unit_name',
            'l.display_name as leader_name',
          ])
          .where('t.id', '=', row.id)
          .execute();
        return (await teamsOut(trx, t))[0]!;
      });
    },

    async visits(user: CurrentUser, query: { unitId?: number } & PageQuery) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return emptyPage<ReturnType<typeof toVisit>>(query);
      const q = db
        .selectFrom('sv_visits as v')
        .innerJoin('sv_teams as t', 't.id', 'v.team_id')
        .innerJoin('org_units as o', 'o.id', 'v.org_unit_id')
        .select([
          'v.id',
          'v.team_id',
          'v.org_unit_id',
          'v.visited_on',
          'v.note',
          'v.created_at',
          't.name as team_name',
          'o.name as unit_name',
          (eb) =>
            eb
              .selectFrom('sv_items as i')
              .select(sql<number>`count(*)`.as('n'))
              .whereRef('i.visit_id', '=', 'v.id')
              .as('findings'),
        ])
        .where(pathUnder('v.unit_path', prefix));
      return fetchPage(q, query, (x) => x.orderBy('v.visited_on', 'desc').orderBy('v.id', 'desc'), toVisit);
    },

    async createVisit(
      user: CurrentUser,
      input: { teamId: number; unitId: number; visitedOn: string; note: string },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const team = await teamOfMember(trx, user, input.teamId);
        const unit = await villageInScope(trx, user, input.unitId);
        if (!unit.path.startsWith(team.unit_path)) throw invalidField('unitId', 'supervision.err.team_area');
        if (input.visitedOn > today()) throw invalidField('visitedOn', 'supervision.err.future');
        const row = await trx
          .insertInto('sv_visits')
          .values({
            team_id: team.id,
            org_unit_id: unit.id,
            unit_path: unit.path,
            visited_on: input.visitedOn,
            note: input.note,
            created_by: user.id,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.visit.create',
          objectType: 'sv_visit',
          objectId: row.id,
          newValue: input,
          ip,
        });
        return toVisit({
          id: row.id,
          team_id: team.id,
          org_unit_id: unit.id,
          visited_on: input.visitedOn,
          note: input.note,
          created_at: clock.now(),
          team_name: team.name,
          unit_name: unit.name,
          findings: 0,
        });
      });
    },

    async visitUpload(user: CurrentUser, visitId: number, name: string, body: Uint8Array, ip: string) {
      return db.transaction().execute(async (trx) => {
        const v = await visitInScope(trx, user, visitId);
        await teamOfMember(trx, user, v.team_id);
        const file = await storeFile(
          trx,
          user,
          { itemId: null, visitId, unitId: v.org_unit_id, unitPath: v.unit_path },
          name,
          body,
        );
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.visit.file',
          objectType: 'sv_visit',
          objectId: visitId,
          newValue: { fileId: file.id, name },
          ip,
        });
        return file;
      });
    },

    /** A finding of a visit becomes a 问题清单 item of the village, with its deadline (限期整改) and photos. */
    async createFinding(
      user: CurrentUser,
      visitId: number,
      input: {
        starCode: string;
        title: string;
        measures: string;
        deadline: string;
        ownerUserId: number | null;
        ownerName: string;
        evidenceMin: number;
        fileIds: number[];
      },
      ip: string,
    ) {
      return db
        .transaction()
        .execute(async (trx) => {
          const v = await visitInScope(trx, user, visitId);
          await teamOfMember(trx, user, v.team_id);
          const unit = { id: v.org_unit_id, path: v.unit_path };
          const owner =
            input.ownerUserId !== null
              ? await personFor(trx, v.unit_path, input.ownerUserId, 'ownerUserId')
              : await secretaryOf(trx, v.org_unit_id);
          if (input.fileIds.length) {
            const found = await trx
              .selectFrom('sv_files')
              .select('id')
              .where('visit_id', '=', visitId)
              .where('item_id', 'is', null)
              .where('id', 'in', input.fileIds)
              .execute();
            if (found.length !== new Set(input.fileIds).size)
              throw invalidField('fileIds', 'supervision.err.file_unknown');
          }
          const id = await insertItem(
            trx,
            {
              unit,
              year: Number(v.visited_on.slice(0, 4)),
              list: 'problem',
              source: 'finding',
              starCode: input.starCode,
              indicatorCode: null,
              title: input.title,
              measures: input.measures,
              evidenceRequired: '整改前后对比照片',
              evidenceMin: input.evidenceMin,
              ownerUserId: owner?.id ?? null,
              ownerName: owner?.display_name ?? input.ownerName,
              checkerUserId: null,
              deadline: input.deadline,
              startDate: v.visited_on,
              visitId,
            },
            actorOf(user),
          );
          if (input.fileIds.length) {
            await trx.updateTable('sv_files').set({ item_id: id }).where('id', 'in', input.fileIds).execute();
            await log(trx, id, {
              action: 'finding_photos',
              from: 'open',
              to: 'open',
              actor: actorOf(user),
              fileIds: input.fileIds,
            });
          }
          await auditItem(trx, user, 'finding.create', id, null, { visitId, ...input }, ip);
          await notifications.notify(trx, {
            kind: 'supervision.finding',
            title: `督导交办：${input.title}`,
            body: `督导组在${v.unit_name}发现问题，限 ${input.deadline} 前整改到位。`,
            path: itemPath(id),
            userIds: owner ? [owner.id] : [],
            unitPath: v.unit_path,
            permission: 'supervision:manage',
          });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async getSettings(user: CurrentUser, unitId?: number) {
      const unit =
        unitId === undefined ? { path: user.unitPath } : await requireUnitInScope(db, user, unitId);
      const s = await settingsFor(db, unit.path);
      return {
        unitId: s.unitId,
        blueDays: s.blueDays,
        behindPoints: s.behindPoints,
        flagCount: s.flagCount,
        version: s.version,
      };
    },

    /** Changing the thresholds recomputes the slip dates of the open items below the unit. */
    async putSettings(
      user: CurrentUser,
      input: { unitId: number; blueDays: number; behindPoints: number; flagCount: number },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const unit = await requireUnitInScope(trx, user, input.unitId);
        const old = await trx
          .selectFrom('sv_settings')
          .selectAll()
          .where('org_unit_id', '=', unit.id)
          .executeTakeFirst();
        const now = clock.now();
        if (old)
          await trx
            .updateTable('sv_settings')
            .set({
              blue_days: input.blueDays,
              behind_points: input.behindPoints,
              flag_count: input.flagCount,
              version: old.version + 1,
              updated_at: now,
            })
            .where('org_unit_id', '=', unit.id)
            .execute();
        else
          await trx
            .insertInto('sv_settings')
            .values({
              org_unit_id: unit.id,
              blue_days: input.blueDays,
              behind_points: input.behindPoints,
              flag_count: input.flagCount,
              version: 1,
              updated_at: now,
            })
            .execute();
        const cal = await calendar.workCalendar(trx);
        const open = await trx
          .selectFrom('sv_items')
          .select(['id', 'unit_path', 'start_date', 'deadline', 'progress'])
          .where(pathUnder('unit_path', unit.path))
          .where('status', '<>', 'closed')
          .execute();
        for (const it of open) {
          const d = await datesFor(
            trx,
            it.unit_path,
            { startDate: it.start_date, deadline: it.deadline, progress: Number(it.progress) },
            cal,
          );
          await trx
            .updateTable('sv_items')
            .set({ blue_on: d.blueOn, yellow_on: d.yellowOn })
            .where('id', '=', it.id)
            .execute();
        }
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.settings',
          objectType: 'org_unit',
          objectId: unit.id,
          oldValue: old ?? null,
          newValue: input,
          ip,
        });
        const s = await settingsFor(trx, unit.path);
        return {
          unitId: s.unitId,
          blueDays: s.blueDays,
          behindPoints: s.behindPoints,
          flagCount: s.flagCount,
          version: s.version,
        };
      });
    },

    /** Runs the daily pass if it has not run today (China); returns what it did, or null. */
    async runDailyOnce() {
      const day = today();
      const out = await db.transaction().execute(async (trx) => {
        const last = await trx
          .selectFrom('sv_state')
          .select('value')
          .where('key', '=', 'daily_on')
          .executeTakeFirst();
        if (last && last.value >= day) return null;
        if (last)
          await trx.updateTable('sv_state').set({ value: day }).where('key', '=', 'daily_on').execute();
        else await trx.insertInto('sv_state').values({ key: 'daily_on', value: day }).execute();
        return this.daily(trx);
      });
      if (out) notifications.kick();
      return out;
    },

    /**
     * The daily pass: open star reviews for new veto events; tell the owner and the unit above about items that went
     * red since yesterday (each once).
     */
    async daily(trx: Trx) {
      const reviews = await syncVetoReviews(trx);
      const day = today();
      const red = await itemQuery(trx)
        .where('i.status', '<>', 'closed')
        .where('i.deadline', '<', day)
        .where('i.red_notified', '=', 0)
        .limit(5000)
        .execute();
      for (const r of red) {
        await trx.updateTable('sv_items').set({ red_notified: 1 }).where('id', '=', r.id).execute();
        await notifications.notify(trx, {
          kind: 'supervision.red',
          title: `红色督办：${r.title}`,
          body: `${r.unit_name}该事项已逾期（期限 ${r.deadline}），已提级至${r.parent_name ?? '上级'}督办。`,
          path: itemPath(r.id),
          userIds: r.owner_user_id !== null ? [r.owner_user_id] : [],
          unitPath:
            r.parent_unit_id !== null
              ? r.unit_path.slice(0, r.unit_path.slice(0, -1).lastIndexOf('/') + 1)
              : r.unit_path,
          permission: 'supervision:manage',
        });
      }
      return { reviews, red: red.length };
    },
  };

  // ---- helpers needing the closure ----------------------------------------------------------------------

  async function generateIn(
    trx: Trx,
    root: { path: string },
    input: { year: number; fromYear?: number; deadline?: string; startDate?: string },
    actor: { id: number | null; name: string },
  ) {
    const fromYear = input.fromYear ?? input.year - 1;
    const deadline = input.deadline ?? `${input.year}-11-30`;
    const villages = await trx
      .selectFrom('org_units as o')
      .innerJoin('party_branches as b', 'b.org_unit_id', 'o.id')
      .select(['o.id', 'o.path', 'b.id as branch_id'])
      .where(pathUnder('o.path', root.path))
      .where('o.level', 'in', VILLAGE_LEVELS)
      .orderBy('o.path')
      .execute();
    const gaps = await deps.awards.gaps(
      trx,
      villages.map((v) => v.branch_id),
      fromYear,
    );
    const existing = await trx
      .selectFrom('sv_items')
      .select(['org_unit_id', 'indicator_code'])
      .where(pathUnder('unit_path', root.path))
      .where('year', '=', input.year)
      .where('source', '=', 'shortfall')
      .execute();
    const have = new Set(existing.map((e) => `${e.org_unit_id}|${e.indicator_code}`));
    const cal = await calendar.workCalendar(trx);
    let created = 0;
    let skipped = 0;
    for (const v of villages) {
      const g = gaps.get(v.branch_id);
      if (!g?.definition) continue;
      const tasks = tasksFromShortfalls(g.definition, g.held, g.outcomes);
      const owner = await secretaryOf(trx, v.id);
      for (const t of tasks) {
        if (have.has(`${v.id}|${t.indicatorCode}`)) {
          skipped++;
          continue;
        }
        await insertItem(
          trx,
          {
            unit: v,
            year: input.year,
            list: 'task',
            source: 'shortfall',
            starCode: t.starCode,
            indicatorCode: t.indicatorCode,
            title: t.title,
            measures: t.measures,
            evidenceRequired: '佐证材料（照片、台账或文件）',
            evidenceMin: t.evidenceMin,
            ownerUserId: owner?.id ?? null,
            ownerName: owner?.display_name ?? '村党支部书记',
            checkerUserId: null,
            deadline,
            ...(input.startDate ? { startDate: input.startDate } : {}),
          },
          actor,
          cal,
        );
        created++;
      }
    }
    return { villages: villages.length, created, skipped };
  }

  async function teamsOut(
    q: Trx,
    rows: {
      id: number;
      org_unit_id: number;
      name: string;
      leader_user_id: number;
      members: string;
      unit_name: string;
      leader_name: string;
    }[],
  ) {
    const memberIds = [...new Set(rows.flatMap((r) => JSON.parse(r.members) as number[]))];
    const names = memberIds.length
      ? await q.selectFrom('users').select(['id', 'display_name']).where('id', 'in', memberIds).execute()
      : [];
    const ids = rows.map((r) => r.id);
    const counts = ids.length
      ? await q
          .selectFrom('sv_visits as v')
          .select([
            'v.team_id',
            sql<number>`count(distinct v.id)`.as('visits'),
            (eb) =>
              eb
                .selectFrom('sv_items as i')
                .innerJoin('sv_visits as v2', 'v2.id', 'i.visit_id')
                .select(sql<number>`count(*)`.as('n'))
                .whereRef('v2.team_id', '=', 'v.team_id')
                .as('findings'),
          ])
          .where('v.team_id', 'in', ids)
          .groupBy('v.team_id')
          .execute()
      : [];
    return rows.map((r) => {
      const c = counts.find((x) => x.team_id === r.id);
      return {
        id: r.id,
        unitId: r.org_unit_id,
        unitName: r.unit_name,
        name: r.name,
        leaderUserId: r.leader_user_id,
        leaderName: r.leader_name,
        members: (JSON.parse(r.members) as number[]).map((id) => ({
          id,
          name: names.find((n) => n.id === id)?.display_name ?? '',
        })),
        visits: Number(c?.visits ?? 0),
        findings: Number(c?.findings ?? 0),
      };
    });
  }

  /** The team, when the caller leads it or belongs to it (or manages supervision over its unit). */
  async function teamOfMember(q: Trx, user: CurrentUser, teamId: number) {
    const team = await q.selectFrom('sv_teams').selectAll().where('id', '=', teamId).executeTakeFirst();
    const visible =
      team && (team.unit_path.startsWith(user.unitPath) || user.unitPath.startsWith(team.unit_path));
    if (!team || !visible) throw invalidField('teamId', 'supervision.err.team_unknown');
    const members = JSON.parse(team.members) as number[];
    const manager = has(user, 'supervision:manage') && team.unit_path.startsWith(user.unitPath);
    if (team.leader_user_id !== user.id && !members.includes(user.id) && !manager)
      throw conflict('supervision.not_team_member');
    return team;
  }

  async function visitInScope(q: Trx, user: CurrentUser, visitId: number) {
    const v = await q
      .selectFrom('sv_visits as v')
      .innerJoin('org_units as o', 'o.id', 'v.org_unit_id')
      .select(['v.id', 'v.team_id', 'v.org_unit_id', 'v.unit_path', 'v.visited_on', 'o.name as unit_name'])
      .where('v.id', '=', visitId)
      .where(pathUnder('v.unit_path', scopePrefix(user)))
      .executeTakeFirst();
    if (!v) throw notFound();
    return v;
  }
}

function toVisit(r: {
  id: number;
  team_id: number;
  org_unit_id: number;
  visited_on: string;
  note: string;
  created_at: number;
  team_name: string;
  unit_name: string;
  findings: number | string | null;
}) {
  return {
    id: r.id,
    teamId: r.team_id,
    teamName: r.team_name,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    visitedOn: r.visited_on,
    note: r.note,
    findings: Number(r.findings ?? 0),
    createdAt: Number(r.created_at),
  };
}

export type SupervisionService = ReturnType<typeof createSupervisionService>;
