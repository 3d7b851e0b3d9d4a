import { createHash } from 'node:crypto';
import {
  allowedActions,
  chinaDate,
  chinaStartOfDay,
  deadlineFor,
  distanceMetres,
  DUPLICATE_HINTS_MAX,
  DUPLICATE_RADIUS_M,
  boundingBox,
  DUPLICATE_WINDOW_DAYS,
  GRID_ACTIONS,
  maskIdNumber,
  maskPhone,
  mediationNext,
  normaliseIdNumber,
  OPEN_STATUSES,
  stageOf,
  supervisionLevel,
  transition,
  type ActionBody,
  type DuplicateHint,
  type EventClass,
  type EventCreate,
  type EventDetail,
  type EventListQuery,
  type EventStatus,
  type EventSummary,
  type GridAction,
  type MediationStatus,
  type MediationStep,
  type SupervisionLevel,
  type TimeLimit,
  type WorkCalendar,
} from '@fivestar/common';
import {
  sql,
  type SqlBool,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
} from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx, Dialect } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.ts';
import { registerMessages } from '../../http/messages.ts';
import { encryptField, lookupHash, type Keys } from '../../security/crypto.ts';
import { containsLike } from '../../security/pinyin.ts';
import { pathBounds, pathUnder, requireUnitInScope, scopePrefix } from '../../security/scope.ts';
import type { CalendarService } from '../calendar/index.ts';
import type { AuditService } from '../audit/index.ts';
import { bumpCounts, type CountyCache } from './grid.counts.ts';
import { createCommitBatcher, type CommitBatcher } from '../../db/commit-batcher.ts';
import { prepared, preparedInsert } from '../../db/prepared.ts';

registerMessages({
  'grid.type_unknown': { zh: '事件类型不存在或与类别不符', en: 'Unknown event type for this class' },
  'grid.unit_not_village': { zh: '请选择村（社区）', en: 'Choose a village or community' },
  'grid.grid_mismatch': { zh: '网格不属于所选村（社区）', en: 'The grid does not belong to that village' },
  'grid.photo_unknown': { zh: '照片不存在或已被使用', en: 'Unknown or already used photo' },
  'grid.photo_invalid': {
    zh: '文件内容不是有效的 JPEG/PNG/WebP 图片',
    en: 'The file is not a valid JPEG/PNG/WebP image',
  },
  'grid.photo_too_large': { zh: '照片不能超过 700 KB', en: 'A photo may not exceed 700 KB' },
  'grid.idempotency_mismatch': {
    zh: '同一个 Idempotency-Key 已用于内容不同的上报',
    en: 'This Idempotency-Key was already used with a different report',
  },
  'grid.idempotency_key': {
    zh: 'Idempotency-Key 应为 8–100 个字母、数字或 -_:',
    en: 'Idempotency-Key must be 8–100 letters, digits or -_:',
  },
  'grid.forbidden_transition': {
    zh: '当前状态下不能执行此操作',
    en: 'This action is not allowed in the current state',
  },
  'grid.reason_required': { zh: '请填写原因或处理说明', en: 'A reason or note is required' },
  'grid.handler_required': {
    zh: '请指定承办村（社区）或部门',
    en: 'Choose a handling village or department',
  },
  'grid.escalate_to_required': { zh: '请选择上报层级', en: 'Choose the level to escalate to' },
  'grid.level_required': { zh: '请选择督办等级', en: 'Choose a supervision level' },
  'grid.days_required': { zh: '请填写延期天数', en: 'Give the number of extra days' },
  'grid.recall_not_reporter': { zh: '只有上报人可以撤回', en: 'Only the reporter can recall a report' },
  'grid.not_a_dispute': { zh: '只有矛盾纠纷需要调解', en: 'Only disputes go through mediation' },
  'grid.mediation_step': { zh: '调解流程不允许这一步', en: 'This mediation step is not allowed now' },
  'grid.mediation_not_archived': {
    zh: '矛盾纠纷须调解归档后才能结案',
    en: 'A dispute can be closed only once its mediation is archived',
  },
  'grid.mediator_required': { zh: '请填写调解员', en: 'Name the mediator' },
  'grid.agreement_required': { zh: '请填写调解协议内容', en: 'Give the agreement' },
  'grid.referred_to_required': { zh: '请填写移交单位', en: 'Name where it was referred' },
  'grid.merge_self': { zh: '不能合并到自身', en: 'An event cannot be merged into itself' },
  'grid.duplicate_code': { zh: '编码已存在', en: 'This code already exists' },
  'grid.campaign_sub_category': {
    zh: '专项行动没有这个子类',
    en: 'The campaign has no such sub-category',
  },
  'grid.campaign_unknown': { zh: '专项行动不存在', en: 'Unknown campaign' },
  'grid.date_range': { zh: '开始日期不能晚于结束日期', en: 'The start date is after the end date' },
  'err.date.format': { zh: '日期格式应为 YYYY-MM-DD', en: 'Dates are YYYY-MM-DD' },
  'err.code.format': { zh: '编码只能含小写字母、数字和 _ . -', en: 'Codes use a-z, 0-9, _ . -' },
});

const DAY_MS = 86_400_000;
const MAX_PHOTO_BYTES = 700 * 1024;
const VILLAGE_LEVELS = ['village', 'community'];

export interface GridDeps {
  db: Db;
  dialect: Dialect;
  keys: Keys;
  audit: AuditService;
  clock: Clock;
  /** The working-day calendar (the calendar module). */
  calendar: CalendarService;
  /** The database's group commit (DbHandle.commits); a private one when not given. */
  commits?: CommitBatcher;
}

type EB = ExpressionBuilder<Database & { e: Database['grid_events'] }, 'e'>;

/** A readable reference for an event: WG + report date + id. */
export function eventCode(id: number, reportedAt: number): string {
  return `WG${chinaDate(reportedAt).replaceAll('-', '')}${String(id).padStart(6, '0')}`;
}

/** Content check of an uploaded photo: the bytes must start like the declared image type. */
export function checkImage(contentType: string, bytes: Buffer): boolean {
  if (contentType === 'image/jpeg')
    return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (contentType === 'image/png')
    return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (contentType === 'image/webp')
    return (
      bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
      bytes.subarray(8, 12).toString('latin1') === 'WEBP'
    );
  return false;
}

/** Month 'YYYY-MM' (China time) of an epoch-ms column, per engine. */
export function monthExpr(dialect: Dialect, column: string) {
  return dialect === 'postgres'
    ? sql<string>`to_char(to_timestamp((${sql.ref(column)} + 28800000) / 1000.0) at time zone 'UTC', 'YYYY-MM')`
    : sql<string>`strftime('%Y-%m', (${sql.ref(column)} + 28800000) / 1000, 'unixepoch')`;
}

/** [from 00:00, to 24:00) in China as epoch ms. */
export function dateRange(from: string, to: string) {
  if (from > to) throw invalidField('from', 'grid.date_range');
  return { start: chinaStartOfDay(from), end: chinaStartOfDay(to) + DAY_MS };
}

/**
 * 三零 status of one village for one year, derived from its records: petitions to higher levels, injury accidents
 * and criminal / major public-order cases among its (valid) events, overridden by the township with a reason.
 * The star-rating module registers this as a derived fact for 平安法治星.
 */
export async function threeZeroStatus(db: DbOrTrx, unitId: number, year: number) {
  const start = chinaStartOfDay(`${year}-01-01`);
  const end = chinaStartOfDay(`${year + 1}-01-01`);
  const rows = await db
    .selectFrom('grid_events as e')
    .innerJoin('grid_event_types as t', 't.code', 'e.type_code')
    .select(['t.three_zero', (eb) => eb.fn.countAll<number>().as('n')])
    .where('e.org_unit_id', '=', unitId)
    .where('e.reported_at', '>=', start)
    .where('e.reported_at', '<', end)
    .where('e.status', 'not in', ['invalid', 'recalled'])
    .where('t.three_zero', 'is not', null)
    .groupBy('t.three_zero')
    .execute();
  const count = (k: string) => Number(rows.find((r) => r.three_zero === k)?.n ?? 0);
  const petitions = count('petition');
  const accidents = count('accident');
  const cases = count('case');
  const derived = petitions === 0 && accidents === 0 && cases === 0;
  const override = await db
    .selectFrom('grid_three_zero_overrides')
    .select(['achieved', 'reason'])
    .where('org_unit_id', '=', unitId)
    .where('year', '=', year)
    .executeTakeFirst();
  return {
    unitId,
    year,
    petitions,
    accidents,
    cases,
    derived,
    achieved: override ? override.achieved === 1 : derived,
    overridden: !!override,
    overrideReason: override?.reason ?? null,
  };
}

/**
 * THE scope of grid events: the caller's subtree on the event's denormalised unit path; a grid worker further to
 * their own grids and their own reports. Every query on grid_events (lists, details, statistics) filters with it.
 */
export function eventScope(user: CurrentUser) {
  return (eb: EB): Expression<SqlBool> => {
    const inTree = pathUnder('e.unit_path', scopePrefix(user));
    if (user.role !== 'grid_worker') return inTree;
    return eb.and([
      inTree,
      eb.or([
        eb('e.reporter_id', '=', user.id),
        eb(
          'e.grid_id',
          'in',
          eb
            .selectFrom('grid_grids as g')
            .innerJoin('users as u', 'u.person_id', 'g.worker_person_id')
            .select('g.id')
            .where('u.id', '=', user.id),
        ),
      ]),
    ]);
  };
}

// The statements every report runs, prepared once (see db/prepared.ts).
const insertEventRow = preparedInsert('grid_events', [
  'class',
  'type_code',
  'org_unit_id',
  'unit_path',
  'grid_id',
  'place',
  'lat',
  'lng',
  'occurred_at',
  'description',
  'scale',
  'people_involved',
  'source',
  'campaign_id',
  'campaign_sub_category',
  'reporter_id',
  'reporter_name',
  'status',
  'stage_started_at',
  'yellow_at',
  'due_at',
  'extension_days',
  'manual_supervision',
  'escalated_to',
  'handler_unit_id',
  'handler_dept',
  'duplicate_of',
  'reported_at',
  'accepted_at',
  'replied_at',
  'closed_at',
  'closed_on_time',
  'escalated',
  'mediation_status',
  'mediator_name',
  'mediation_sessions',
  'agreement',
  'referred_to',
  'follow_up_at',
  'archived_at',
  'updated_at',
]);
const insertLogRow = preparedInsert('grid_event_log', [
  'event_id',
  'action',
  'from_status',
  'to_status',
  'actor_id',
  'actor_name',
  'at',
  'reason',
  'attachment_ids',
  'detail',
]);
const typeByCode = prepared<{ code: string }, { class: string; active: number; name_zh: string }>((db, arg) =>
  db.selectFrom('grid_event_types').select(['class', 'active', 'name_zh']).where('code', '=', arg('code')),
);
const gridById = prepared<{ id: number }, { org_unit_id: number }>((db, arg) =>
  db.selectFrom('grid_grids').select('org_unit_id').where('id', '=', arg('id')),
);
const ownGrid = prepared<{ userId: number; unitId: number }, { id: number }>((db, arg) =>
  db
    .selectFrom('grid_grids as g')
    .innerJoin('users as u', 'u.person_id', 'g.worker_person_id')
    .select('g.id')
    .where('u.id', '=', arg('userId'))
    .where('g.org_unit_id', '=', arg('unitId')),
);
type KeyArgs = { user_id: number; key: string };
const claimKey = prepared<KeyArgs & { body_hash: string; created_at: number }, never>((db, arg) =>
  db
    .insertInto('grid_idempotency')
    .values({
      user_id: arg('user_id'),
      key: arg('key'),
      body_hash: arg('body_hash'),
      event_id: null,
      created_at: arg('created_at'),
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing()),
);
const priorKey = prepared<KeyArgs, { body_hash: string; event_id: number | null }>((db, arg) =>
  db
    .selectFrom('grid_idempotency')
    .select(['body_hash', 'event_id'])
    .where('user_id', '=', arg('user_id'))
    .where('key', '=', arg('key')),
);
const keyEvent = prepared<KeyArgs & { event_id: number }, never>((db, arg) =>
  db
    .updateTable('grid_idempotency')
    .set({ event_id: arg('event_id') })
    .where('user_id', '=', arg('user_id'))
    .where('key', '=', arg('key')),
);

type NearbyArgs = { typeCode: string; since: number; unitId: number; lower: string; upper: string };
type NearbyRow = Pick<
  Selectable<Database['grid_events']>,
  'id' | 'type_code' | 'status' | 'place' | 'reported_at' | 'lat' | 'lng'
>;
/** Open reports of one type in one village since a time, in scope, newest first (duplicate hints). */
function nearbyQuery(db: Kysely<Database>, arg: <K extends keyof NearbyArgs>(name: K) => NearbyArgs[K]) {
  return db
    .selectFrom('grid_events as e')
    .select(['e.id', 'e.type_code', 'e.status', 'e.place', 'e.reported_at', 'e.lat', 'e.lng'])
    .where('e.type_code', '=', arg('typeCode'))
    .where('e.reported_at', '>=', arg('since'))
    .where('e.status', 'in', OPEN_STATUSES)
    .where('e.org_unit_id', '=', arg('unitId'))
    .where('e.unit_path', '>=', arg('lower'))
    .where('e.unit_path', '<', arg('upper'))
    .orderBy('e.reported_at', 'desc')
    .limit(DUPLICATE_HINTS_MAX + 1);
}
const nearbyOpen = prepared<NearbyArgs, NearbyRow>(nearbyQuery);
type BoxArgs = NearbyArgs & { minLat: number; maxLat: number; minLng: number; maxLng: number };
const nearbyInBox = prepared<BoxArgs, NearbyRow>((db, arg) =>
  nearbyQuery(db, arg).where((eb) =>
    eb.or([
      eb('e.lat', 'is', null),
      eb('e.lng', 'is', null),
      eb.and([
        eb('e.lat', '>=', arg('minLat')),
        eb('e.lat', '<=', arg('maxLat')),
        eb('e.lng', '>=', arg('minLng')),
        eb('e.lng', '<=', arg('maxLng')),
      ]),
    ]),
  ),
);

export function createGridService({ db, keys, audit, clock, commits, calendar: workDays }: GridDeps) {
  const counties: CountyCache = new Map();
  const intake = commits ?? createCommitBatcher(db);
  let limitsCache:
    { class: string; type_code: string; stage: string; days: number; calendar_days: number }[] | null = null;

  function calendar(q: DbOrTrx = db): Promise<WorkCalendar> {
    return workDays.workCalendar(q);
  }

  async function limitFor(q: DbOrTrx, cls: string, typeCode: string, stage: string): Promise<TimeLimit> {
    if (!limitsCache) limitsCache = await q.selectFrom('grid_time_limits').selectAll().execute();
    const candidates = [typeCode];
    for (let c = typeCode; c.includes('.');) {
      c = c.slice(0, c.lastIndexOf('.'));
      candidates.push(c);
    }
    candidates.push('');
    for (const code of candidates) {
      const hit = limitsCache.find((l) => l.class === cls && l.type_code === code && l.stage === stage);
      if (hit) return { days: hit.days, calendarDays: hit.calendar_days === 1 };
    }
    return { days: stage === 'handle' ? 5 : 1, calendarDays: false };
  }

  type EventRow = Database['grid_events'] & { id: number };

  /** The stage clock for a row that is (or is about to be) in `status`. */
  async function deadlineRow(
    q: DbOrTrx,
    row: Pick<
      EventRow,
      'class' | 'type_code' | 'reported_at' | 'accepted_at' | 'replied_at' | 'extension_days'
    >,
    status: EventStatus,
    now: number,
  ) {
    const stage = stageOf(status);
    if (!stage) return { stage_started_at: now, yellow_at: null, due_at: null };
    const start =
      stage === 'accept'
        ? row.reported_at
        : stage === 'handle'
          ? (row.accepted_at ?? now)
          : (row.replied_at ?? now);
    const limit = await limitFor(q, row.class, row.type_code, stage);
    const d = deadlineFor(start, limit, await calendar(q), stage === 'handle' ? row.extension_days : 0);
    return { stage_started_at: start, yellow_at: d.yellowAt, due_at: d.dueAt };
  }

  const scoped = eventScope;

  function baseQuery(q: DbOrTrx = db) {
    return q
      .selectFrom('grid_events as e')
      .innerJoin('org_units as o', 'o.id', 'e.org_unit_id')
      .leftJoin('grid_event_types as t', 't.code', 'e.type_code')
      .leftJoin('org_units as h', 'h.id', 'e.handler_unit_id');
  }

  const summaryColumns = [
    'e.id',
    'e.class',
    'e.type_code',
    't.name_zh as type_name',
    'e.org_unit_id',
    'o.name as unit_name',
    'e.grid_id',
    'e.place',
    'e.status',
    'e.manual_supervision',
    'e.yellow_at',
    'e.due_at',
    'e.source',
    'e.reported_at',
    'e.closed_at',
    'h.name as handler_unit_name',
    'e.handler_dept',
    'e.duplicate_of',
  ] as const;

  type SummaryRow = {
    id: number;
    class: string;
    type_code: string;
    type_name: string | null;
    org_unit_id: number;
    unit_name: string;
    grid_id: number | null;
    place: string;
    status: string;
    manual_supervision: string;
    yellow_at: number | null;
    due_at: number | null;
    source: string;
    reported_at: number;
    closed_at: number | null;
    handler_unit_name: string | null;
    handler_dept: string | null;
    duplicate_of: number | null;
  };

  function toSummary(r: SummaryRow, now: number): EventSummary {
    const status = r.status as EventStatus;
    const open = OPEN_STATUSES.includes(status);
    return {
      id: r.id,
      code: eventCode(r.id, Number(r.reported_at)),
      class: r.class as EventClass,
      typeCode: r.type_code,
      typeName: r.type_name ?? r.type_code,
      unitId: r.org_unit_id,
      unitName: r.unit_name,
      gridId: r.grid_id,
      place: r.place,
      status,
      supervision: open
        ? supervisionLevel(
            now,
            {
              yellowAt: r.yellow_at === null ? null : Number(r.yellow_at),
              dueAt: r.due_at === null ? null : Number(r.due_at),
            },
            r.manual_supervision as SupervisionLevel,
          )
        : 'normal',
      source: r.source as EventSummary['source'],
      reportedAt: Number(r.reported_at),
      dueAt: r.due_at === null ? null : Number(r.due_at),
      closedAt: r.closed_at === null ? null : Number(r.closed_at),
      handlerUnitName: r.handler_unit_name,
      handlerDept: r.handler_dept,
      duplicateOf: r.duplicate_of,
    };
  }

  async function findRow(q: DbOrTrx, user: CurrentUser, id: number): Promise<EventRow> {
    const row = await q
      .selectFrom('grid_events as e')
      .selectAll('e')
      .where('e.id', '=', id)
      .where(scoped(user))
      .executeTakeFirst();
    if (!row) throw notFound();
    return row as EventRow;
  }

  const detailColumns = [
    'e.description',
    'e.lat',
    'e.lng',
    'e.occurred_at',
    'e.scale',
    'e.people_involved',
    'e.campaign_id',
    'e.campaign_sub_category',
    'e.reporter_name',
    'e.escalated_to',
    'e.extension_days',
    'e.mediation_status',
    'e.mediator_name',
    'e.mediation_sessions',
    'e.agreement',
    'e.referred_to',
    'e.follow_up_at',
    'e.archived_at',
  ] as const;

  type DetailRow = SummaryRow &
    Pick<
      EventRow,
      | 'description'
      | 'lat'
      | 'lng'
      | 'occurred_at'
      | 'scale'
      | 'people_involved'
      | 'campaign_id'
      | 'campaign_sub_category'
      | 'reporter_name'
      | 'escalated_to'
      | 'extension_days'
      | 'mediation_status'
      | 'mediator_name'
      | 'mediation_sessions'
      | 'agreement'
      | 'referred_to'
      | 'follow_up_at'
      | 'archived_at'
    >;
  type PartyRow = Pick<Database['grid_event_parties'], 'name' | 'role' | 'id_number_masked' | 'phone_masked'>;
  type LogRow = Omit<Database['grid_event_log'], 'id'> & { id: number };

  /** One event as the API shows it, from its row, parties, attachment ids and log (all in id order). */
  function toDetail(
    r: DetailRow,
    parties: PartyRow[],
    attachmentIds: number[],
    log: LogRow[],
    now: number,
  ): EventDetail {
    // The report's own photos; photos of later steps (replies, mediation) sit on their log entries.
    const laterPhotos = new Set(
      log.filter((l) => l.action !== 'report').flatMap((l) => JSON.parse(l.attachment_ids) as number[]),
    );
    return {
      ...toSummary(r, now),
      description: r.description,
      lat: r.lat,
      lng: r.lng,
      occurredAt: r.occurred_at === null ? null : Number(r.occurred_at),
      scale: r.scale,
      peopleInvolved: r.people_involved,
      campaignId: r.campaign_id,
      campaignSubCategory: r.campaign_sub_category,
      reporterName: r.reporter_name,
      escalatedTo: r.escalated_to,
      extensionDays: r.extension_days,
      manualSupervision: r.manual_supervision as SupervisionLevel,
      parties: parties.map((p) => ({
        name: p.name,
        role: p.role,
        idNumber: p.id_number_masked,
        phone: p.phone_masked,
      })),
      photoIds: attachmentIds.filter((pid) => !laterPhotos.has(pid)),
      log: log.map((l) => ({
        id: l.id,
        action: l.action,
        fromStatus: l.from_status,
        toStatus: l.to_status,
        actorName: l.actor_name,
        at: Number(l.at),
        reason: l.reason,
        attachmentIds: JSON.parse(l.attachment_ids) as number[],
      })),
      allowedActions: allowedActions(r.status as EventStatus),
      mediation:
        r.class === 'dispute'
          ? {
              disputeType: r.type_code,
              status: r.mediation_status as MediationStatus,
              mediatorName: r.mediator_name,
              sessions: r.mediation_sessions,
              agreement: r.agreement,
              referredTo: r.referred_to,
              followUpAt: r.follow_up_at === null ? null : Number(r.follow_up_at),
              archivedAt: r.archived_at === null ? null : Number(r.archived_at),
            }
          : null,
    };
  }

  async function get(user: CurrentUser, id: number, q: DbOrTrx = db): Promise<EventDetail> {
    const r = await baseQuery(q)
      .select([...summaryColumns, ...detailColumns])
      .where('e.id', '=', id)
      .where(scoped(user))
      .executeTakeFirst();
    if (!r) throw notFound();
    const [parties, photos, log] = await Promise.all([
      q.selectFrom('grid_event_parties').selectAll().where('event_id', '=', id).orderBy('id').execute(),
      q.selectFrom('grid_attachments').select('id').where('event_id', '=', id).orderBy('id').execute(),
      q.selectFrom('grid_event_log').selectAll().where('event_id', '=', id).orderBy('id').execute(),
    ]);
    return toDetail(
      r,
      parties,
      photos.map((p) => p.id),
      log,
      clock.now(),
    );
  }

  /** Attaches photos the caller uploaded and has not used yet; anything else is a 400 on the field. */
  async function claimAttachments(
    trx: DbOrTrx,
    user: CurrentUser,
    ids: number[],
    eventId: number,
    field: string,
  ) {
    if (ids.length === 0) return;
    const unique = [...new Set(ids)];
    const rows = await trx
      .selectFrom('grid_attachments')
      .select('id')
      .where('id', 'in', unique)
      .where('uploader_id', '=', user.id)
      .where('event_id', 'is', null)
      .execute();
    if (rows.length !== unique.length) throw invalidField(field, 'grid.photo_unknown');
    await trx.updateTable('grid_attachments').set({ event_id: eventId }).where('id', 'in', unique).execute();
  }

  async function duplicateHints(
    user: CurrentUser,
    input: {
      class: string;
      typeCode: string;
      unitId: number;
      lat?: number;
      lng?: number;
      parties: { idNumber?: string }[];
    },
    excludeId?: number,
    q: DbOrTrx = db,
  ): Promise<DuplicateHint[]> {
    const now = clock.now();
    const hints: DuplicateHint[] = [];
    const args = {
      typeCode: input.typeCode,
      since: now - DUPLICATE_WINDOW_DAYS * DAY_MS,
      unitId: input.unitId,
      ...pathBounds(scopePrefix(user)),
    };
    // Reports without coordinates stay candidates; located ones must fall in the radius's box.
    const nearby =
      input.lat !== undefined && input.lng !== undefined
        ? await nearbyInBox.all(q, {
            ...args,
            ...boundingBox({ lat: input.lat, lng: input.lng }, DUPLICATE_RADIUS_M),
          })
        : await nearbyOpen.all(q, args);
    for (const r of nearby) {
      if (hints.length === DUPLICATE_HINTS_MAX) break;
      if (r.id === excludeId) continue;
      let distanceM: number | null = null;
      if (input.lat !== undefined && input.lng !== undefined && r.lat !== null && r.lng !== null) {
        distanceM = Math.round(
          distanceMetres({ lat: input.lat, lng: input.lng }, { lat: r.lat, lng: r.lng }),
        );
        if (distanceM > DUPLICATE_RADIUS_M) continue;
      }
      hints.push({
        id: r.id,
        code: eventCode(r.id, Number(r.reported_at)),
        typeCode: r.type_code,
        status: r.status as EventStatus,
        place: r.place,
        reportedAt: Number(r.reported_at),
        reason: 'nearby_same_type',
        distanceM,
      });
    }
    const hashes = input.parties
      .filter((p) => p.idNumber)
      .map((p) => lookupHash(keys.lookup, normaliseIdNumber(p.idNumber!)));
    if (input.class === 'dispute' && hashes.length > 0) {
      const same = await q
        .selectFrom('grid_events as e')
        .innerJoin('grid_event_parties as p', 'p.event_id', 'e.id')
        .select(['e.id', 'e.type_code', 'e.status', 'e.place', 'e.reported_at'])
        .distinct()
        .where('p.id_number_hash', 'in', hashes)
        .where('e.class', '=', 'dispute')
        .where('e.status', 'in', OPEN_STATUSES)
        .where(pathUnder('e.unit_path', scopePrefix(user)))
        .limit(20)
        .execute();
      for (const r of same) {
        if (r.id === excludeId || hints.some((h) => h.id === r.id)) continue;
        hints.push({
          id: r.id,
          code: eventCode(r.id, Number(r.reported_at)),
          typeCode: r.type_code,
          status: r.status as EventStatus,
          place: r.place,
          reportedAt: Number(r.reported_at),
          reason: 'same_parties',
          distanceM: null,
        });
      }
    }
    return hints;
  }

  async function writeLog(
    trx: DbOrTrx,
    user: CurrentUser,
    eventId: number,
    entry: {
      action: string;
      from: string | null;
      to: string | null;
      reason?: string | null;
      attachmentIds?: number[];
      detail?: unknown;
    },
    ip: string,
  ): Promise<LogRow> {
    const logRow = await insertLogRow.first(trx, {
      event_id: eventId,
      action: entry.action,
      from_status: entry.from,
      to_status: entry.to,
      actor_id: user.id,
      actor_name: user.displayName,
      at: clock.now(),
      reason: entry.reason ?? null,
      attachment_ids: JSON.stringify(entry.attachmentIds ?? []),
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    });
    if (!logRow) throw new Error('grid_event_log insert returned no row');
    await audit.record(trx, {
      actorId: user.id,
      actorName: user.username,
      action: `grid.event.${entry.action}`,
      objectType: 'grid_event',
      objectId: eventId,
      oldValue: entry.from ? { status: entry.from } : null,
      newValue: {
        status: entry.to,
        reason: entry.reason ?? null,
        attachments: entry.attachmentIds ?? [],
        ...(entry.detail ? { detail: entry.detail } : {}),
      },
      ip,
    });
    return logRow;
  }

  /** Writes a new report (event, parties, photos, counts, log, audit) in `trx`; returns what it wrote. */
  async function insertEvent(
    trx: DbOrTrx,
    user: CurrentUser,
    input: EventCreate,
    unitPath: string,
    gridId: number | null,
    ip: string,
  ) {
    const now = clock.now();
    const draft = {
      class: input.class,
      type_code: input.typeCode,
      reported_at: now,
      accepted_at: null,
      replied_at: null,
      extension_days: 0,
    };
    const clockCols = await deadlineRow(trx, draft, 'reported', now);
    const row = await insertEventRow.first(trx, {
      ...draft,
      org_unit_id: input.unitId,
      unit_path: unitPath,
      grid_id: gridId,
      place: input.place,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      occurred_at: input.occurredAt ?? null,
      description: input.description,
      scale: input.scale,
      people_involved: input.peopleInvolved,
      source: input.source,
      campaign_id: input.campaignId ?? null,
      campaign_sub_category: input.campaignSubCategory ?? null,
      reporter_id: user.id,
      reporter_name: user.displayName,
      status: 'reported',
      ...clockCols,
      manual_supervision: 'normal',
      escalated_to: null,
      handler_unit_id: null,
      handler_dept: null,
      duplicate_of: null,
      closed_at: null,
      closed_on_time: null,
      escalated: 0,
      mediation_status: 'none',
      mediator_name: null,
      mediation_sessions: 0,
      agreement: null,
      referred_to: null,
      follow_up_at: null,
      archived_at: null,
      updated_at: now,
    });
    if (!row) throw new Error('grid_events insert returned no row');
    let parties: PartyRow[] = [];
    if (input.parties.length > 0) {
      parties = await trx
        .insertInto('grid_event_parties')
        .values(
          input.parties.map((p) => {
            const idn = p.idNumber ? normaliseIdNumber(p.idNumber) : null;
            return {
              event_id: row.id,
              name: p.name,
              role: p.role,
              id_number_enc: idn ? encryptField(keys.pii, idn) : null,
              id_number_hash: idn ? lookupHash(keys.lookup, idn) : null,
              id_number_masked: idn ? maskIdNumber(idn) : null,
              phone_enc: p.phone ? encryptField(keys.pii, p.phone) : null,
              phone_masked: p.phone ? maskPhone(p.phone) : null,
            };
          }),
        )
        .returning(['name', 'role', 'id_number_masked', 'phone_masked'])
        .execute();
    }
    await claimAttachments(trx, user, input.photoIds, row.id, 'photoIds');
    await bumpCounts(
      trx,
      counties,
      { unit_path: unitPath, reported_at: now, class: input.class, type_code: input.typeCode },
      { reported: 1 },
    );
    const log = await writeLog(
      trx,
      user,
      row.id,
      {
        action: 'report',
        from: null,
        to: 'reported',
        attachmentIds: input.photoIds,
        detail: {
          class: input.class,
          typeCode: input.typeCode,
          unitId: input.unitId,
          parties: input.parties.length,
        },
      },
      ip,
    );
    return { row, parties, log };
  }

  async function validateCreate(user: CurrentUser, input: EventCreate) {
    const type = await typeByCode.first(db, { code: input.typeCode });
    if (!type || type.active !== 1 || type.class !== input.class)
      throw invalidField('typeCode', 'grid.type_unknown');
    const unit = await requireUnitInScope(db, user, input.unitId);
    if (!VILLAGE_LEVELS.includes(unit.level)) throw invalidField('unitId', 'grid.unit_not_village');
    let gridId: number | null = input.gridId ?? null;
    if (gridId !== null) {
      const g = await gridById.first(db, { id: gridId });
      if (!g || g.org_unit_id !== unit.id) throw invalidField('gridId', 'grid.grid_mismatch');
    } else {
      const own = await ownGrid.first(db, { userId: user.id, unitId: unit.id });
      gridId = own?.id ?? null;
    }
    if (input.campaignId !== undefined) {
      const c = await db
        .selectFrom('grid_campaigns')
        .select('sub_categories')
        .where('id', '=', input.campaignId)
        .executeTakeFirst();
      if (!c) throw invalidField('campaignId', 'grid.campaign_unknown');
      if (
        input.campaignSubCategory &&
        !(JSON.parse(c.sub_categories) as string[]).includes(input.campaignSubCategory)
      )
        throw invalidField('campaignSubCategory', 'grid.campaign_sub_category');
    }
    return { unit, gridId, typeName: type.name_zh };
  }

  return {
    calendar,
    get,
    duplicateHints,

    /**
     * Intake. With an Idempotency-Key, the key row is claimed first in the same transaction as the event: a retry
     * (or 20 parallel ones) waits for the first, then returns its event; the same key with another body is a 422.
     */
    async create(user: CurrentUser, input: EventCreate, idempotencyKey: string | null, ip: string) {
      if (idempotencyKey !== null && !/^[A-Za-z0-9_:-]{8,100}$/.test(idempotencyKey))
        throw invalidField('Idempotency-Key', 'grid.idempotency_key');
      const { unit, gridId, typeName } = await validateCreate(user, input);
      const bodyHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
      const outcome = await intake.run(async (trx) => {
        if (idempotencyKey !== null) {
          const key = { user_id: user.id, key: idempotencyKey };
          const claimed = await claimKey.run(trx, { ...key, body_hash: bodyHash, created_at: clock.now() });
          if (Number(claimed.numAffectedRows ?? 0) === 0) {
            const prior = await priorKey.first(trx, key);
            if (!prior || prior.body_hash !== bodyHash || prior.event_id === null)
              throw new AppError('unprocessable', 'grid.idempotency_mismatch', [
                { path: 'Idempotency-Key', message: 'grid.idempotency_mismatch' },
              ]);
            return { id: prior.event_id, written: null };
          }
        }
        const written = await insertEvent(trx, user, input, unit.path, gridId, ip);
        if (idempotencyKey !== null)
          await keyEvent.run(trx, { user_id: user.id, key: idempotencyKey, event_id: written.row.id });
        return { id: written.row.id, written };
      });
      // A new report is answered from the rows just written; a replay reads its event back (and re-checks scope).
      const { written } = outcome;
      const event = written
        ? toDetail(
            { ...written.row, type_name: typeName, unit_name: unit.name, handler_unit_name: null },
            written.parties,
            input.photoIds.length ? [...new Set(input.photoIds)].sort((a, b) => a - b) : [],
            [written.log],
            clock.now(),
          )
        : await get(user, outcome.id);
      const hints = await duplicateHints(user, input, outcome.id);
      return { event, duplicateHints: hints, replayed: written === null };
    },

    async list(user: CurrentUser, query: EventListQuery) {
      const now = clock.now();
      // Filters, count and page on grid_events alone; the joins only for the page's rows.
      let q = db.selectFrom('grid_events as e').where(scoped(user));
      if (query.class) q = q.where('e.class', '=', query.class);
      if (query.status?.length) q = q.where('e.status', 'in', query.status);
      if (query.typeCode)
        q = q.where((eb) =>
          eb.or([eb('e.type_code', '=', query.typeCode!), eb('e.type_code', 'like', `${query.typeCode}.%`)]),
        );
      if (query.unitId) q = q.where('e.org_unit_id', '=', query.unitId);
      if (query.gridId) q = q.where('e.grid_id', '=', query.gridId);
      if (query.from) q = q.where('e.reported_at', '>=', chinaStartOfDay(query.from));
      if (query.to) q = q.where('e.reported_at', '<', chinaStartOfDay(query.to) + DAY_MS);
      if (query.q)
        q = q.where((eb) =>
          eb.or([containsLike('e.place', query.q!), containsLike('e.description', query.q!)]),
        );
      if (query.supervision) {
        const level = query.supervision;
        q = q.where('e.status', 'in', OPEN_STATUSES);
        if (level === 'red')
          q = q.where((eb) => eb.or([eb('e.due_at', '<', now), eb('e.manual_supervision', '=', 'red')]));
        else if (level === 'yellow')
          q = q.where((eb) =>
            eb.and([
              eb('e.manual_supervision', '!=', 'red'),
              eb.or([eb('e.due_at', 'is', null), eb('e.due_at', '>=', now)]),
              eb.or([eb('e.yellow_at', '<=', now), eb('e.manual_supervision', '=', 'yellow')]),
            ]),
          );
        else
          q = q.where((eb) =>
            eb.and([
              eb('e.manual_supervision', '=', 'normal'),
              eb.or([eb('e.yellow_at', 'is', null), eb('e.yellow_at', '>', now)]),
            ]),
          );
      }
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const desc = query.sort.startsWith('-');
      const key = query.sort.replace('-', '');
      const col = key === 'reportedAt' ? 'e.reported_at' : key === 'dueAt' ? 'e.due_at' : 'e.id';
      const ids = (
        await q
          .select('e.id')
          .orderBy(col, desc ? 'desc' : 'asc')
          .orderBy('e.id', desc ? 'desc' : 'asc')
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize)
          .execute()
      ).map((r) => r.id);
      const rows = ids.length
        ? await baseQuery()
            .select([...summaryColumns])
            .where('e.id', 'in', ids)
            .execute()
        : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return {
        items: ids.map((id) => toSummary(byId.get(id)!, now)),
        total: Number(total.n),
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    async overdue(user: CurrentUser) {
      const now = clock.now();
      const rows = await baseQuery()
        .select([...summaryColumns])
        .where(scoped(user))
        .where('e.status', 'in', OPEN_STATUSES)
        .where('e.due_at', '<', now)
        .orderBy('e.due_at')
        .limit(500)
        .execute();
      return rows.map((r) => toSummary(r, now));
    },

    /** In-app reminders: the caller's open work that is yellow or red. */
    async reminders(user: CurrentUser) {
      const now = clock.now();
      const rows = await baseQuery()
        .select([...summaryColumns])
        .where(scoped(user))
        .where('e.status', 'in', OPEN_STATUSES)
        .where((eb) => eb.or([eb('e.yellow_at', '<=', now), eb('e.manual_supervision', '!=', 'normal')]))
        .orderBy('e.due_at')
        .limit(100)
        .execute();
      return rows.map((r) => {
        const s = toSummary(r, now);
        return {
          eventId: s.id,
          code: s.code,
          level: s.supervision,
          status: s.status,
          dueAt: s.dueAt,
          message: s.supervision === 'red' ? 'grid.reminder.overdue' : 'grid.reminder.due_soon',
        };
      });
    },

    async act(user: CurrentUser, id: number, action: GridAction, body: ActionBody, ip: string) {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const row = await findRow(trx, user, id);
        const from = row.status as EventStatus;
        const check = transition(from, action, body.reason);
        if (!check.ok) {
          if (check.reason === 'reason_required') throw invalidField('reason', 'grid.reason_required');
          throw conflict('grid.forbidden_transition');
        }
        const to = check.to;
        const patch: Partial<EventRow> = { status: to, updated_at: now };
        const detail: Record<string, unknown> = {};
        if (action === 'recall' && row.reporter_id !== user.id) throw conflict('grid.recall_not_reporter');
        if (action === 'accept') patch.accepted_at = now;
        if (action === 'dispatch') {
          if (body.handlerUnitId === undefined && !body.handlerDept)
            throw invalidField('handlerUnitId', 'grid.handler_required');
          if (body.handlerUnitId !== undefined)
            await requireUnitInScope(trx, user, body.handlerUnitId, 'handlerUnitId');
          patch.handler_unit_id = body.handlerUnitId ?? null;
          patch.handler_dept = body.handlerDept ?? null;
          Object.assign(detail, {
            handlerUnitId: body.handlerUnitId ?? null,
            handlerDept: body.handlerDept ?? null,
          });
        }
        if (action === 'reply') patch.replied_at = now;
        if (action === 'escalate') {
          if (!body.escalateTo) throw invalidField('escalateTo', 'grid.escalate_to_required');
          patch.escalated_to = body.escalateTo;
          patch.escalated = 1;
          detail.escalateTo = body.escalateTo;
        }
        if (action === 'supervise') {
          if (!body.level) throw invalidField('level', 'grid.level_required');
          patch.manual_supervision = body.level;
          detail.level = body.level;
        }
        if (action === 'extend') {
          if (!body.days) throw invalidField('days', 'grid.days_required');
          patch.extension_days = row.extension_days + body.days;
          detail.days = body.days;
        }
        if (action === 'close') {
          if (row.class === 'dispute' && row.mediation_status !== 'archived')
            throw conflict('grid.mediation_not_archived');
          const handle = await deadlineRow(
            trx,
            { ...row, accepted_at: row.accepted_at ?? row.reported_at },
            'in_handling',
            now,
          );
          patch.closed_at = now;
          patch.closed_on_time =
            row.replied_at !== null && handle.due_at !== null && row.replied_at <= handle.due_at ? 1 : 0;
        }
        const merged = { ...row, ...patch } as EventRow;
        // The stage clock: handling runs from acceptance (dispatch, 回退 and escalation do not restart it).
        if (to !== from || action === 'extend') Object.assign(patch, await deadlineRow(trx, merged, to, now));
        if (to === 'closed')
          await bumpCounts(trx, counties, row, { closed: 1, on_time: patch.closed_on_time ?? 0 });
        if ((to === 'invalid' || to === 'recalled') && from !== to)
          await bumpCounts(trx, counties, row, { reported: -1 });
        await trx.updateTable('grid_events').set(patch).where('id', '=', id).execute();
        await claimAttachments(trx, user, body.attachmentIds, id, 'attachmentIds');
        await writeLog(
          trx,
          user,
          id,
          {
            action,
            from,
            to,
            reason: body.reason ?? null,
            attachmentIds: body.attachmentIds,
            detail: Object.keys(detail).length ? detail : undefined,
          },
          ip,
        );
      });
      return get(user, id);
    },

    /** Marks `id` a duplicate of `intoId` (both in scope): it becomes invalid and points at the kept report. */
    async merge(user: CurrentUser, id: number, intoId: number, reason: string | undefined, ip: string) {
      if (id === intoId) throw invalidField('intoId', 'grid.merge_self');
      await db.transaction().execute(async (trx) => {
        const row = await findRow(trx, user, id);
        await findRow(trx, user, intoId).catch(() => {
          throw invalidField('intoId', 'grid.merge_self');
        });
        const from = row.status as EventStatus;
        if (!OPEN_STATUSES.includes(from)) throw conflict('grid.forbidden_transition');
        await trx
          .updateTable('grid_events')
          .set({
            status: 'invalid',
            duplicate_of: intoId,
            updated_at: clock.now(),
            yellow_at: null,
            due_at: null,
          })
          .where('id', '=', id)
          .execute();
        await bumpCounts(trx, counties, row, { reported: -1 });
        await writeLog(
          trx,
          user,
          id,
          { action: 'merge', from, to: 'invalid', reason: reason ?? null, detail: { intoId } },
          ip,
        );
      });
      return get(user, id);
    },

    async mediate(
      user: CurrentUser,
      id: number,
      body: {
        step: MediationStep;
        mediatorName?: string;
        note?: string;
        agreement?: string;
        referredTo?: string;
        attachmentIds: number[];
      },
      ip: string,
    ) {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const row = await findRow(trx, user, id);
        if (row.class !== 'dispute') throw conflict('grid.not_a_dispute');
        if (!OPEN_STATUSES.includes(row.status as EventStatus) || row.status === 'reported')
          throw conflict('grid.mediation_step');
        const next = mediationNext(row.mediation_status as MediationStatus, body.step);
        if (!next) throw conflict('grid.mediation_step');
        const patch: Partial<EventRow> = { mediation_status: next, updated_at: now };
        if (body.step === 'start') {
          if (!body.mediatorName) throw invalidField('mediatorName', 'grid.mediator_required');
          patch.mediator_name = body.mediatorName;
        }
        if (body.step === 'session') patch.mediation_sessions = row.mediation_sessions + 1;
        if (body.step === 'agreement') {
          if (!body.agreement) throw invalidField('agreement', 'grid.agreement_required');
          patch.agreement = body.agreement;
          patch.mediation_sessions = Math.max(1, row.mediation_sessions);
        }
        if (body.step === 'referral') {
          if (!body.referredTo) throw invalidField('referredTo', 'grid.referred_to_required');
          patch.referred_to = body.referredTo;
        }
        if (body.step === 'follow_up') patch.follow_up_at = now;
        if (body.step === 'archive') patch.archived_at = now;
        if (row.status === 'dispatched') {
          patch.status = 'in_handling';
        }
        await trx.updateTable('grid_events').set(patch).where('id', '=', id).execute();
        await claimAttachments(trx, user, body.attachmentIds, id, 'attachmentIds');
        await writeLog(
          trx,
          user,
          id,
          {
            action: `mediation.${body.step}`,
            from: row.status,
            to: patch.status ?? row.status,
            reason: body.note ?? body.agreement ?? body.referredTo ?? null,
            attachmentIds: body.attachmentIds,
            detail: { mediation: next, mediator: body.mediatorName ?? row.mediator_name },
          },
          ip,
        );
      });
      return get(user, id);
    },

    async uploadAttachment(user: CurrentUser, input: { contentType: string; data: string }, ip: string) {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(input.data)) throw invalidField('data', 'grid.photo_invalid');
      const bytes = Buffer.from(input.data, 'base64');
      if (bytes.length > MAX_PHOTO_BYTES) throw invalidField('data', 'grid.photo_too_large');
      if (!checkImage(input.contentType, bytes)) throw invalidField('data', 'grid.photo_invalid');
      const hash = createHash('sha256').update(bytes).digest('hex');
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('grid_attachments')
          .values({
            uploader_id: user.id,
            org_unit_id: user.unitId,
            event_id: null,
            content_type: input.contentType,
            size: bytes.length,
            sha256: hash,
            data: input.data,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'grid.attachment.upload',
          objectType: 'grid_attachment',
          objectId: row.id,
          newValue: { contentType: input.contentType, size: bytes.length, sha256: hash },
          ip,
        });
        return { id: row.id, contentType: input.contentType, size: bytes.length, sha256: hash };
      });
    },

    /** A photo the caller may see: their own upload, or one attached to an event in their scope. */
    async attachment(user: CurrentUser, id: number) {
      const row = await db.selectFrom('grid_attachments').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound();
      if (row.event_id === null) {
        if (row.uploader_id !== user.id) throw notFound();
      } else await findRow(db, user, row.event_id);
      return { contentType: row.content_type, bytes: Buffer.from(row.data, 'base64') };
    },

    /** For the Excel import: keep the county counts in step with imported rows. */
    bump: (
      q: DbOrTrx,
      event: { unit_path: string; reported_at: number; class: string; type_code: string },
      delta: { reported?: number; closed?: number; on_time?: number },
    ) => bumpCounts(q, counties, event, delta),

    invalidateCaches() {
      limitsCache = null;
    },
  };
}

export type GridService = ReturnType<typeof createGridService>;
export const GRID_ACTION_LIST = Object.keys(GRID_ACTIONS) as GridAction[];
