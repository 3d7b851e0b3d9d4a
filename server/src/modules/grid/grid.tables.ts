import type {
  AttachmentType,
  CampaignCaseStatus,
  EscalationLevel,
  EventClass,
  EventScale,
  EventSource,
  EventStatus,
  GridStage,
  MediationStatus,
  PartyRole,
  RiskCategory,
  RiskLevel,
  RiskStatus,
  SupervisionLevel,
  ThreeZeroKind,
} from '@fivestar/common';
import type { Generated } from 'kysely';

/**
 * Grid governance tables (migration 0003-grid). Times are epoch ms; booleans 0/1; JSON as text. A column that holds
 * one of a fixed set of values has that set's type (the lists live in common: grid.rules.ts, grid.schemas.ts).
 */
export interface GridEventTypesTable {
  id: Generated<number>;
  code: string;
  class: EventClass;
  parent_code: string | null;
  name_zh: string;
  name_en: string;
  three_zero: ThreeZeroKind | null;
  sort: number;
  active: number;
  created_at: number;
}

export interface GridGridsTable {
  id: Generated<number>;
  org_unit_id: number;
  station_id: number;
  name: string;
  worker_person_id: number | null;
  created_at: number;
}

export interface GridTimeLimitsTable {
  id: Generated<number>;
  class: EventClass;
  /** '' = the default of the class. */
  type_code: string;
  stage: GridStage;
  days: number;
  calendar_days: number;
}

export interface GridAttachmentsTable {
  id: Generated<number>;
  uploader_id: number;
  org_unit_id: number;
  event_id: number | null;
  content_type: AttachmentType;
  size: number;
  sha256: string;
  data: string;
  created_at: number;
}

export interface GridEventsTable {
  id: Generated<number>;
  class: EventClass;
  type_code: string;
  org_unit_id: number;
  /** The village's materialised path, denormalised so a scope filter is one index range. */
  unit_path: string;
  grid_id: number | null;
  place: string;
  lat: number | null;
  lng: number | null;
  occurred_at: number | null;
  description: string;
  scale: EventScale;
  people_involved: number;
  source: EventSource;
  campaign_id: number | null;
  campaign_sub_category: string | null;
  reporter_id: number | null;
  reporter_name: string;
  status: EventStatus;
  stage_started_at: number;
  yellow_at: number | null;
  due_at: number | null;
  extension_days: number;
  manual_supervision: SupervisionLevel;
  escalated_to: EscalationLevel | null;
  handler_unit_id: number | null;
  handler_dept: string | null;
  duplicate_of: number | null;
  reported_at: number;
  accepted_at: number | null;
  replied_at: number | null;
  closed_at: number | null;
  /** 1/0 once closed: closed within the handling deadline. */
  closed_on_time: number | null;
  escalated: number;
  mediation_status: MediationStatus;
  mediator_name: string | null;
  mediation_sessions: number;
  agreement: string | null;
  referred_to: string | null;
  follow_up_at: number | null;
  archived_at: number | null;
  updated_at: number;
  /** When the retention job anonymised this closed dispute (migration 0005); null = not anonymised. */
  anonymised_at: number | null;
  /** Raised by every change (optimistic concurrency, docs/security.md item 36; migration grid-0005). */
  version: Generated<number>;
}

export interface GridEventPartiesTable {
  id: Generated<number>;
  event_id: number;
  name: string;
  role: PartyRole;
  id_number_enc: string | null;
  id_number_hash: string | null;
  id_number_masked: string | null;
  phone_enc: string | null;
  phone_masked: string | null;
}

export interface GridEventLogTable {
  id: Generated<number>;
  event_id: number;
  /** A workflow action, `mediation.<step>`, `merge`, `report` or `import`. */
  action: string;
  from_status: EventStatus | null;
  to_status: EventStatus | null;
  actor_id: number | null;
  actor_name: string;
  at: number;
  reason: string | null;
  attachment_ids: string;
  detail: string | null;
}

export interface GridIdempotencyTable {
  user_id: number;
  key: string;
  body_hash: string;
  event_id: number | null;
  created_at: number;
}

export interface GridRisksTable {
  id: Generated<number>;
  org_unit_id: number;
  category: RiskCategory;
  level: RiskLevel;
  title: string;
  measures: string;
  owner_name: string;
  review_date: string;
  status: RiskStatus;
  created_at: number;
  updated_at: number;
}

export interface GridCampaignsTable {
  id: Generated<number>;
  code: string;
  name: string;
  org_unit_id: number;
  start_date: string;
  end_date: string;
  sub_categories: string;
  created_at: number;
}

export interface GridCampaignCasesTable {
  id: Generated<number>;
  campaign_id: number;
  org_unit_id: number;
  unit_path: string;
  sub_category: string;
  title: string;
  occurred_on: string;
  status: CampaignCaseStatus;
  created_at: number;
}

export interface GridThreeZeroOverridesTable {
  org_unit_id: number;
  year: number;
  achieved: number;
  reason: string;
  actor_name: string;
  at: number;
}

/** Valid reports (not invalid/recalled) per county and reporting day ('d') or month ('m'). */
export interface GridEventCountsTable {
  grain: 'd' | 'm';
  period: string;
  county_id: number;
  county_path: string;
  class: EventClass;
  type_code: string;
  reported: number;
  closed: number;
  on_time: number;
}

/** An unmasked ledger export: asked for, approved by another user, downloaded once (docs/security.md item 18). */
export interface GridExportRequestsTable {
  id: Generated<number>;
  kind: string;
  date_from: string | null;
  date_to: string | null;
  reason: string;
  requested_by: number;
  requested_name: string;
  /** The requester's unit: approvers see requests from their area only. */
  unit_path: string;
  requested_at: number;
  approved_by: number | null;
  approved_name: string | null;
  approved_at: number | null;
  downloaded_at: number | null;
}

export interface GridTables {
  grid_export_requests: GridExportRequestsTable;
  grid_event_counts: GridEventCountsTable;
  grid_event_types: GridEventTypesTable;
  grid_grids: GridGridsTable;
  grid_time_limits: GridTimeLimitsTable;
  grid_attachments: GridAttachmentsTable;
  grid_events: GridEventsTable;
  grid_event_parties: GridEventPartiesTable;
  grid_event_log: GridEventLogTable;
  grid_idempotency: GridIdempotencyTable;
  grid_risks: GridRisksTable;
  grid_campaigns: GridCampaignsTable;
  grid_campaign_cases: GridCampaignCasesTable;
  grid_three_zero_overrides: GridThreeZeroOverridesTable;
}

declare module '../../db/schema.ts' {
  interface Database extends GridTables {}
}
