import { createHash } from 'node:crypto';
import {
  chinaDate,
  checkItemTransition,
  closeRefusal,
  DEFAULT_SUPERVISION_SETTINGS,
  parentOfPath,
  slipColour,
  slipDates,
  type ItemAction,
  type ItemList,
  type ItemSource,
  type ItemStatus,
  type SupervisionItem,
  type SupervisionItemDetail,
  type SupervisionSettings,
  type WorkCalendar,
} from '@fivestar/common';
import { fileTypeFromBuffer } from 'file-type';
import { sql, type Selectable } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.ts';
import { pathIds, pathUnder, requireUnitInScope, scopePrefix } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import type { LinksService } from '../links/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { StarDecisions as AwardsService } from '../ratings/index.ts';
import { starName } from './stars.names.ts';
import { openVetoReviews } from './veto.ts';
import { refreshStale, refreshUnitCounts, sumUnitCounts } from './unit-counts.ts';

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

export { slipWhere } from './slips.sql.ts';

export interface NewItem {
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

export function createItemCore(deps: SupervisionDeps) {
  const { db, audit, clock, calendar, notifications } = deps;
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
    // Every change of an item is logged: keep its village's counts in step, in the same transaction.
    const item = await trx
      .selectFrom('sv_items')
      .select('org_unit_id')
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (item) await refreshUnitCounts(trx, [item.org_unit_id], today());
  }

  // ---- Creating items ------------------------------------------------------------------------------------

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

  /** Counts of the items under a unit as of `day`, from the per-village counts (stale villages recomputed). */
  async function countItems(q: Trx, prefix: string, day: string) {
    if (
      await q
        .selectFrom('sv_unit_counts')
        .select('org_unit_id')
        .where(pathUnder('unit_path', prefix))
        .where('day', '<>', day)
        .limit(1)
        .executeTakeFirst()
    )
      await db.transaction().execute((trx) => refreshStale(trx, prefix, day));
    return sumUnitCounts(q, prefix);
  }

  return {
    deps,
    today,
    actorOf,
    has,
    settingsFor,
    datesFor,
    itemQuery,
    toItem,
    itemInScope,
    detail,
    toExtension,
    log,
    insertItem,
    villageInScope,
    personFor,
    secretaryOf,
    move,
    auditItem,
    itemPath,
    storeFile,
    syncVetoReviews,
    syncReviewsNow,
    countItems,
  };
}

export type ItemCore = ReturnType<typeof createItemCore>;
