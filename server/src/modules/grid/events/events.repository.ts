import {
  AWAITING_REPLY_STATUSES,
  chinaStartOfDay,
  DUPLICATE_HINTS_MAX,
  OPEN_STATUSES,
  type EventListQuery,
} from '@fivestar/common';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../../db/database.ts';
import { prepared, preparedInsert } from '../../../db/prepared.ts';
import type { Database } from '../../../db/schema.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { containsLike } from '../../../security/pinyin.ts';
import { pathUnder, scopePrefix } from '../../../security/scope.ts';
import { DAY_MS } from '../grid.dates.ts';
import { eventScope } from '../grid.scope.ts';

/** The SQL of reports: what intake writes (prepared once, see db/prepared.ts), what the board and details read. */

export type EventRow = Selectable<Database['grid_events']>;
export type EventPatch = Updateable<Database['grid_events']>;
export type PartyRow = Pick<
  Database['grid_event_parties'],
  'name' | 'role' | 'id_number_masked' | 'phone_masked'
>;
export type LogRow = Selectable<Database['grid_event_log']>;

// --- intake ------------------------------------------------------------------------------------------------------

export const insertEventRow = preparedInsert('grid_events', [
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

export const insertLogRow = preparedInsert('grid_event_log', [
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

export const typeByCode = prepared<
  { code: string },
  Pick<Database['grid_event_types'], 'class' | 'active' | 'name_zh'>
>((db, arg) =>
  db.selectFrom('grid_event_types').select(['class', 'active', 'name_zh']).where('code', '=', arg('code')),
);

export const gridById = prepared<{ id: number }, { org_unit_id: number }>((db, arg) =>
  db.selectFrom('grid_grids').select('org_unit_id').where('id', '=', arg('id')),
);

/** The caller's own grid in a village (a grid worker's reports land on their grid). */
export const ownGrid = prepared<{ userId: number; unitId: number }, { id: number }>((db, arg) =>
  db
    .selectFrom('grid_grids as g')
    .innerJoin('users as u', 'u.person_id', 'g.worker_person_id')
    .select('g.id')
    .where('u.id', '=', arg('userId'))
    .where('g.org_unit_id', '=', arg('unitId')),
);

type KeyArgs = { user_id: number; key: string };
/** Claims an Idempotency-Key for a user (no row changes when it was claimed before). */
export const claimKey = prepared<KeyArgs & { body_hash: string; created_at: number }, never>((db, arg) =>
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
export const priorKey = prepared<KeyArgs, { body_hash: string; event_id: number | null }>((db, arg) =>
  db
    .selectFrom('grid_idempotency')
    .select(['body_hash', 'event_id'])
    .where('user_id', '=', arg('user_id'))
    .where('key', '=', arg('key')),
);
export const keyEvent = prepared<KeyArgs & { event_id: number }, never>((db, arg) =>
  db
    .updateTable('grid_idempotency')
    .set({ event_id: arg('event_id') })
    .where('user_id', '=', arg('user_id'))
    .where('key', '=', arg('key')),
);

export async function insertParties(
  q: DbOrTrx,
  rows: Omit<Database['grid_event_parties'], 'id'>[],
): Promise<PartyRow[]> {
  if (rows.length === 0) return [];
  return q
    .insertInto('grid_event_parties')
    .values(rows)
    .returning(['name', 'role', 'id_number_masked', 'phone_masked'])
    .execute();
}

/** A campaign's sub-categories, or undefined when there is no such campaign. */
export async function campaignSubCategories(q: DbOrTrx, campaignId: number): Promise<string[] | undefined> {
  const row = await q
    .selectFrom('grid_campaigns')
    .select('sub_categories')
    .where('id', '=', campaignId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.sub_categories) as string[]) : undefined;
}

// --- duplicates --------------------------------------------------------------------------------------------------

type NearbyArgs = { typeCode: string; since: number; unitId: number; lower: string; upper: string };
type NearbyRow = Pick<EventRow, 'id' | 'type_code' | 'status' | 'place' | 'reported_at' | 'lat' | 'lng'>;

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
export const nearbyOpen = prepared<NearbyArgs, NearbyRow>(nearbyQuery);
/** The same, limited to a latitude/longitude box (reports without coordinates stay in). */
export const nearbyInBox = prepared<
  NearbyArgs & { minLat: number; maxLat: number; minLng: number; maxLng: number },
  NearbyRow
>((db, arg) =>
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

/** Open disputes in the caller's subtree with a party of the given ID-number hashes. */
export function openDisputesWithParties(q: DbOrTrx, user: CurrentUser, idHashes: string[]) {
  return q
    .selectFrom('grid_events as e')
    .innerJoin('grid_event_parties as p', 'p.event_id', 'e.id')
    .select(['e.id', 'e.type_code', 'e.status', 'e.place', 'e.reported_at'])
    .distinct()
    .where('p.id_number_hash', 'in', idHashes)
    .where('e.class', '=', 'dispute')
    .where('e.status', 'in', OPEN_STATUSES)
    .where(pathUnder('e.unit_path', scopePrefix(user)))
    .limit(20)
    .execute();
}

// --- reading -----------------------------------------------------------------------------------------------------

/** Events with the names the API shows: village, type, handling village. */
function withNames(q: DbOrTrx) {
  return q
    .selectFrom('grid_events as e')
    .innerJoin('org_units as o', 'o.id', 'e.org_unit_id')
    .leftJoin('grid_event_types as t', 't.code', 'e.type_code')
    .leftJoin('org_units as h', 'h.id', 'e.handler_unit_id');
}

const SUMMARY_COLUMNS = [
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
  'e.handler_unit_id',
  'h.name as handler_unit_name',
  'e.handler_dept',
  'e.duplicate_of',
] as const;

const DETAIL_COLUMNS = [
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

/** A row of the board's list. */
export type SummaryRow = Pick<
  EventRow,
  | 'id'
  | 'class'
  | 'type_code'
  | 'org_unit_id'
  | 'grid_id'
  | 'place'
  | 'status'
  | 'manual_supervision'
  | 'yellow_at'
  | 'due_at'
  | 'source'
  | 'reported_at'
  | 'closed_at'
  | 'handler_unit_id'
  | 'handler_dept'
  | 'duplicate_of'
> & { type_name: string | null; unit_name: string; handler_unit_name: string | null };

/** One report with everything its detail shows. */
export type DetailRow = SummaryRow &
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

/** The raw row of a report in the caller's scope. */
export function findEvent(q: DbOrTrx, user: CurrentUser, id: number): Promise<EventRow | undefined> {
  return q
    .selectFrom('grid_events as e')
    .selectAll('e')
    .where('e.id', '=', id)
    .where(eventScope(user))
    .executeTakeFirst();
}

export function detailRow(q: DbOrTrx, user: CurrentUser, id: number): Promise<DetailRow | undefined> {
  return withNames(q)
    .select([...SUMMARY_COLUMNS, ...DETAIL_COLUMNS])
    .where('e.id', '=', id)
    .where(eventScope(user))
    .executeTakeFirst();
}

/** A report's parties, photos and log, each in id order. */
export async function eventParts(q: DbOrTrx, id: number) {
  const [parties, photos, log] = await Promise.all([
    q
      .selectFrom('grid_event_parties')
      .select(['name', 'role', 'id_number_masked', 'phone_masked'])
      .where('event_id', '=', id)
      .orderBy('id')
      .execute(),
    q.selectFrom('grid_attachments').select('id').where('event_id', '=', id).orderBy('id').execute(),
    q.selectFrom('grid_event_log').selectAll().where('event_id', '=', id).orderBy('id').execute(),
  ]);
  return { parties, photoIds: photos.map((p) => p.id), log };
}

/**
 * The board's list: the filters, count and page on grid_events alone (one index range in scope); the joins only
 * for the page's rows. The supervision filter is the SQL form of `supervisionLevel` (common).
 */
export async function listEvents(q: DbOrTrx, user: CurrentUser, query: EventListQuery, now: number) {
  let f = q.selectFrom('grid_events as e').where(eventScope(user));
  if (query.class) f = f.where('e.class', '=', query.class);
  if (query.status?.length) f = f.where('e.status', 'in', query.status);
  if (query.typeCode) {
    const code = query.typeCode;
    f = f.where((eb) => eb.or([eb('e.type_code', '=', code), eb('e.type_code', 'like', `${code}.%`)]));
  }
  if (query.unitId) f = f.where('e.org_unit_id', '=', query.unitId);
  if (query.gridId) f = f.where('e.grid_id', '=', query.gridId);
  if (query.from) f = f.where('e.reported_at', '>=', chinaStartOfDay(query.from));
  if (query.to) f = f.where('e.reported_at', '<', chinaStartOfDay(query.to) + DAY_MS);
  if (query.q) {
    const text = query.q;
    const code = /^WG\d{8}(\d{6,})$/i.exec(text);
    f = f.where((eb) =>
      eb.or([
        containsLike('e.place', text),
        containsLike('e.description', text),
        ...(code ? [eb('e.id', '=', Number(code[1]))] : []),
      ]),
    );
  }
  if (query.awaiting === 'me') {
    // The SQL form of `awaitsReplyFrom` (common).
    f = f
      .where('e.status', 'in', AWAITING_REPLY_STATUSES)
      .where((eb) =>
        eb.or([
          eb('e.handler_unit_id', '=', user.unitId),
          eb.and([eb('e.handler_unit_id', 'is', null), eb('e.org_unit_id', '=', user.unitId)]),
        ]),
      );
  }
  if (query.supervision) {
    f = f.where('e.status', 'in', OPEN_STATUSES);
    if (query.supervision === 'red')
      f = f.where((eb) => eb.or([eb('e.due_at', '<', now), eb('e.manual_supervision', '=', 'red')]));
    else if (query.supervision === 'yellow')
      f = f.where((eb) =>
        eb.and([
          eb('e.manual_supervision', '!=', 'red'),
          eb.or([eb('e.due_at', 'is', null), eb('e.due_at', '>=', now)]),
          eb.or([eb('e.yellow_at', '<=', now), eb('e.manual_supervision', '=', 'yellow')]),
        ]),
      );
    else
      f = f.where((eb) =>
        eb.and([
          eb('e.manual_supervision', '=', 'normal'),
          eb.or([eb('e.yellow_at', 'is', null), eb('e.yellow_at', '>', now)]),
        ]),
      );
  }
  const total = await f.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const desc = query.sort.startsWith('-');
  const key = query.sort.replace('-', '');
  const column = key === 'reportedAt' ? 'e.reported_at' : key === 'dueAt' ? 'e.due_at' : 'e.id';
  const ids = (
    await f
      .select('e.id')
      .orderBy(column, desc ? 'desc' : 'asc')
      .orderBy('e.id', desc ? 'desc' : 'asc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute()
  ).map((r) => r.id);
  const rows: SummaryRow[] = ids.length
    ? await withNames(q)
        .select([...SUMMARY_COLUMNS])
        .where('e.id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { total: Number(total.n), rows: ids.map((id) => byId.get(id)!) };
}

/** Open reports in scope past their deadline, most overdue first (at most 500). */
export function overdueEvents(q: DbOrTrx, user: CurrentUser, now: number): Promise<SummaryRow[]> {
  return withNames(q)
    .select([...SUMMARY_COLUMNS])
    .where(eventScope(user))
    .where('e.status', 'in', OPEN_STATUSES)
    .where('e.due_at', '<', now)
    .orderBy('e.due_at')
    .limit(500)
    .execute();
}

/** Open reports in scope that are yellow or red (automatically or by 督办), soonest due first (at most 100). */
export function supervisedEvents(q: DbOrTrx, user: CurrentUser, now: number): Promise<SummaryRow[]> {
  return withNames(q)
    .select([...SUMMARY_COLUMNS])
    .where(eventScope(user))
    .where('e.status', 'in', OPEN_STATUSES)
    .where((eb) => eb.or([eb('e.yellow_at', '<=', now), eb('e.manual_supervision', '!=', 'normal')]))
    .orderBy('e.due_at')
    .limit(100)
    .execute();
}

// --- writing -----------------------------------------------------------------------------------------------------

export async function updateEvent(q: DbOrTrx, id: number, patch: EventPatch): Promise<void> {
  await q
    .updateTable('grid_events')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
