import type {
  EventClass,
  EventStatus,
  MediationStatus,
  RiskCategory,
  RiskLevel,
  RiskStatus,
  ThreeZeroKind,
} from '@fivestar/common';
import type { Insertable } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { rebuildCounts } from '../../src/modules/grid/grid.counts.ts';
import type { BuiltUser, Unit, Village, World } from '../builders.ts';
import type { Session } from '../test-app.ts';

/**
 * Grid builders on top of `builders.ts`: each adds its records to a world straight into the tables (the API is
 * what the tests exercise, not how the world is built).
 *
 *   const w = await createWorld();
 *   const t = await gridTownship(w);               // a township, two villages, the centre, secretaries, grid workers
 *   const id = await seedEvent(w, { village: t.village, status: 'accepted' });
 *   await syncCounts(w);                            // when a test reads county-level summaries
 */

/** A tiny but real 1×1 JPEG. */
export const JPEG_1PX =
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=';

export interface GridWorker extends BuiltUser {
  personId: number;
  gridId: number;
}

/** A grid of a village's station, with its worker when given. */
export async function seedGrid(w: World, village: Village, workerPersonId: number | null = null) {
  const row = await w.database.db
    .insertInto('grid_grids')
    .values({
      org_unit_id: village.id,
      station_id: village.stationId,
      name: `第${workerPersonId ?? 0}网格`,
      worker_person_id: workerPersonId,
      created_at: w.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A grid worker on a village's station with a grid of their own. */
export async function seedGridWorker(w: World, village: Village): Promise<GridWorker> {
  const worker = await w.gridWorker(village);
  return { ...worker, gridId: await seedGrid(w, village, worker.personId) };
}

/** The people of a township's grid work, each with a signed-in session. */
export interface GridTownship {
  township: Unit;
  village: Village;
  otherVillage: Village;
  /** The township's grid centre (grid_centre). */
  centre: Session;
  centreUser: BuiltUser;
  /** The township office (township_admin): overrides 三零, edits the calendar. */
  office: Session;
  /** The secretaries of `village` and `otherVillage`. */
  secretary: Session;
  otherSecretary: Session;
  /** A grid worker of `village`, another of `village` on another grid, one of `otherVillage`. */
  worker: Session;
  workerUser: GridWorker;
  neighbour: Session;
  outsider: Session;
}

/** A township with two villages, its grid centre and office, the villages' secretaries and three grid workers. */
export async function gridTownship(w: World): Promise<GridTownship> {
  const township = await w.township();
  const district = await w.district({ township });
  const village = await w.village({ district, name: '东村' });
  const otherVillage = await w.village({ district, name: '西村' });
  const centreUser = await w.user({ role: 'grid_centre', unit: township, displayName: '网格中心' });
  const workerUser = await seedGridWorker(w, village);
  const [neighbourUser, outsiderUser] = [
    await seedGridWorker(w, village),
    await seedGridWorker(w, otherVillage),
  ];
  return {
    township,
    village,
    otherVillage,
    centreUser,
    workerUser,
    centre: await w.login(centreUser),
    office: await w.login(await w.user({ role: 'township_admin', unit: township })),
    secretary: await w.login(await w.user({ role: 'village_secretary', unit: village })),
    otherSecretary: await w.login(await w.user({ role: 'village_secretary', unit: otherVillage })),
    worker: await w.login(workerUser),
    neighbour: await w.login(neighbourUser),
    outsider: await w.login(outsiderUser),
  };
}

/** What a phone sends for a report in `village` (override any field). */
export function reportBody(village: Unit, extra: Record<string, unknown> = {}) {
  return {
    class: 'event',
    typeCode: 'public_service.road',
    unitId: village.id,
    place: '村东头桥',
    lat: 35.8,
    lng: 115.45,
    description: '桥面塌陷，需要维修',
    ...extra,
  };
}

/** A report reported through the API by `phone`; its id. */
export async function report(phone: Session, village: Unit, extra: Record<string, unknown> = {}) {
  const res = await phone.post('/api/grid/events', reportBody(village, extra));
  if (res.statusCode !== 201) throw new Error(`report failed: ${res.statusCode} ${res.body}`);
  return res.json().event.id as number;
}

/** An entry of the type dictionary (the migration seeds the standard dictionary; this adds to it). */
export async function seedType(
  w: World,
  input: {
    code: string;
    class?: EventClass;
    parentCode?: string | null;
    nameZh?: string;
    threeZero?: ThreeZeroKind | null;
    active?: boolean;
  },
) {
  await w.database.db
    .insertInto('grid_event_types')
    .values({
      code: input.code,
      class: input.class ?? 'event',
      parent_code: input.parentCode ?? null,
      name_zh: input.nameZh ?? input.code,
      name_en: input.code,
      three_zero: input.threeZero ?? null,
      sort: 2000,
      active: input.active === false ? 0 : 1,
      created_at: w.clock.now(),
    })
    .execute();
}

export interface SeedEvent {
  village: Unit;
  class?: EventClass;
  typeCode?: string;
  status?: EventStatus;
  /** Default: the world's now. */
  reportedAt?: number;
  gridId?: number | null;
  reporterId?: number | null;
  place?: string;
  /** Set for a closed report (default: on time). */
  closedOnTime?: boolean;
  dueAt?: number | null;
  yellowAt?: number | null;
  escalated?: boolean;
  mediation?: MediationStatus;
  mediatorName?: string | null;
  agreement?: string | null;
  parties?: { name: string; idNumberMasked?: string }[];
}

/**
 * A report as a row, in any state, without its workflow (no log, audit or counts: call `syncCounts` before reading
 * county-level summaries). A closed one was closed an hour after it was reported.
 */
export async function seedEvent(w: World, input: SeedEvent): Promise<number> {
  const reportedAt = input.reportedAt ?? w.clock.now();
  const status = input.status ?? 'reported';
  const closed = status === 'closed';
  const cls = input.class ?? (input.typeCode?.startsWith('dispute') ? 'dispute' : 'event');
  const row: Insertable<Database['grid_events']> = {
    class: cls,
    type_code: input.typeCode ?? (cls === 'dispute' ? 'dispute.neighbour' : 'public_service.road'),
    org_unit_id: input.village.id,
    unit_path: input.village.path,
    grid_id: input.gridId ?? null,
    place: input.place ?? '村口',
    lat: null,
    lng: null,
    occurred_at: null,
    description: '测试记录',
    scale: 'small',
    people_involved: 0,
    source: 'grid_worker',
    campaign_id: null,
    campaign_sub_category: null,
    reporter_id: input.reporterId ?? null,
    reporter_name: '测试',
    status,
    stage_started_at: reportedAt,
    yellow_at: input.yellowAt ?? null,
    due_at: input.dueAt ?? null,
    extension_days: 0,
    manual_supervision: 'normal',
    escalated_to: input.escalated ? 'county' : null,
    handler_unit_id: null,
    handler_dept: null,
    duplicate_of: null,
    reported_at: reportedAt,
    accepted_at: status === 'reported' ? null : reportedAt,
    replied_at: closed ? reportedAt + 3_600_000 : null,
    closed_at: closed ? reportedAt + 3_600_000 : null,
    closed_on_time: closed ? (input.closedOnTime === false ? 0 : 1) : null,
    escalated: input.escalated ? 1 : 0,
    mediation_status: input.mediation ?? (cls === 'dispute' && closed ? 'archived' : 'none'),
    mediator_name: input.mediatorName ?? null,
    mediation_sessions: input.mediatorName ? 1 : 0,
    agreement: input.agreement ?? null,
    referred_to: null,
    follow_up_at: null,
    archived_at: null,
    updated_at: reportedAt,
  };
  const { db } = w.database;
  const { id } = await db.insertInto('grid_events').values(row).returning('id').executeTakeFirstOrThrow();
  if (input.parties?.length)
    await db
      .insertInto('grid_event_parties')
      .values(
        input.parties.map((p) => ({
          event_id: id,
          name: p.name,
          role: 'party' as const,
          id_number_enc: null,
          id_number_hash: null,
          id_number_masked: p.idNumberMasked ?? null,
          phone_enc: null,
          phone_masked: null,
        })),
      )
      .execute();
  return id;
}

/** A dispute settled by mediation and closed (by default), with its parties. */
export function seedDispute(w: World, input: Omit<SeedEvent, 'class'>) {
  return seedEvent(w, {
    typeCode: 'dispute.neighbour',
    status: 'closed',
    mediatorName: '调解员',
    agreement: '双方达成协议',
    parties: [{ name: '甲' }, { name: '乙' }],
    ...input,
    class: 'dispute',
  });
}

/** A campaign run by `unit`; its id. */
export async function seedCampaign(
  w: World,
  input: {
    unit: Unit;
    code: string;
    name?: string;
    startDate: string;
    endDate: string;
    subCategories: string[];
  },
) {
  const row = await w.database.db
    .insertInto('grid_campaigns')
    .values({
      code: input.code,
      name: input.name ?? input.code,
      org_unit_id: input.unit.id,
      start_date: input.startDate,
      end_date: input.endDate,
      sub_categories: JSON.stringify(input.subCategories),
      created_at: w.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A case of a campaign in a village. */
export async function seedCampaignCase(
  w: World,
  campaignId: number,
  input: { village: Unit; subCategory: string; occurredOn: string },
) {
  await w.database.db
    .insertInto('grid_campaign_cases')
    .values({
      campaign_id: campaignId,
      org_unit_id: input.village.id,
      unit_path: input.village.path,
      sub_category: input.subCategory,
      title: `${input.village.name}${input.subCategory}`,
      occurred_on: input.occurredOn,
      status: 'open',
      created_at: w.clock.now(),
    })
    .execute();
}

/** A row of the risk ledger. */
export async function seedRisk(
  w: World,
  input: {
    village: Unit;
    category?: RiskCategory;
    level?: RiskLevel;
    title?: string;
    reviewDate?: string;
    status?: RiskStatus;
  },
) {
  await w.database.db
    .insertInto('grid_risks')
    .values({
      org_unit_id: input.village.id,
      category: input.category ?? 'safety_hazard',
      level: input.level ?? 'medium',
      title: input.title ?? '坑塘防溺水',
      measures: '设置警示牌',
      owner_name: '王五',
      review_date: input.reviewDate ?? '2026-12-01',
      status: input.status ?? 'open',
      created_at: w.clock.now(),
      updated_at: w.clock.now(),
    })
    .execute();
}

/** Recomputes the county counts from the rows (after seeding rows directly). */
export function syncCounts(w: World) {
  return rebuildCounts(w.database.db, w.database.dialect);
}
