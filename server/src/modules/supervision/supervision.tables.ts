import type { Generated } from 'kysely';

/**
 * Supervision tables (migration supervision-0001). Times are epoch ms, dates 'YYYY-MM-DD' (China), booleans 0/1,
 * JSON as text; every scoped row carries its village's path.
 */
export interface SvItemsTable {
  id: Generated<number>;
  org_unit_id: number;
  unit_path: string;
  /** The unit one level up: where the item escalates when red. */
  parent_unit_id: number | null;
  year: number;
  list: string;
  source: string;
  star_code: string;
  indicator_code: string | null;
  title: string;
  measures: string;
  evidence_required: string;
  evidence_min: number;
  owner_user_id: number | null;
  owner_name: string;
  checker_user_id: number | null;
  start_date: string;
  deadline: string;
  /** From these dates the item shows blue / yellow (slipDates); kept in step with progress, deadline, settings. */
  blue_on: string;
  yellow_on: string | null;
  status: string;
  progress: number;
  extensions: number;
  files: number;
  visit_id: number | null;
  submitted_by: number | null;
  /** 1 once the owner and the escalation unit were told the item went red. */
  red_notified: number;
  version: number;
  created_by: number | null;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  closed_by: number | null;
}

export interface SvItemLogTable {
  id: Generated<number>;
  item_id: number;
  action: string;
  from_status: string | null;
  to_status: string | null;
  actor_id: number | null;
  actor_name: string;
  reason: string | null;
  progress: number | null;
  file_ids: string;
  at: number;
}

export interface SvFilesTable {
  id: Generated<number>;
  item_id: number | null;
  visit_id: number | null;
  org_unit_id: number;
  unit_path: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  /** The bytes, base64. */
  data: string;
  uploaded_by: number | null;
  uploaded_name: string;
  created_at: number;
}

export interface SvExtensionsTable {
  id: Generated<number>;
  item_id: number;
  unit_path: string;
  from_deadline: string;
  to_deadline: string;
  reason: string;
  status: string;
  requested_by: number | null;
  requested_name: string;
  requested_at: number;
  decided_by: number | null;
  decided_name: string | null;
  decided_at: number | null;
  decision_reason: string | null;
}

export interface SvTeamsTable {
  id: Generated<number>;
  org_unit_id: number;
  unit_path: string;
  name: string;
  leader_user_id: number;
  /** JSON array of user ids. */
  members: string;
  created_by: number | null;
  created_at: number;
}

export interface SvVisitsTable {
  id: Generated<number>;
  team_id: number;
  org_unit_id: number;
  unit_path: string;
  visited_on: string;
  note: string;
  created_by: number | null;
  created_at: number;
}

export interface SvSettingsTable {
  org_unit_id: number;
  blue_days: number;
  behind_points: number;
  flag_count: number;
  version: number;
  updated_at: number;
}

export interface SvStarReviewsTable {
  id: Generated<number>;
  award_id: number | null;
  branch_id: number;
  org_unit_id: number;
  unit_path: string;
  year: number;
  star_code: string;
  indicator_code: string | null;
  trigger: string;
  event_id: number | null;
  status: string;
  opened_at: number;
  decided_by: number | null;
  decided_name: string | null;
  decided_at: number | null;
  decision_reason: string | null;
}

export interface SvStarDecisionsTable {
  id: Generated<number>;
  award_id: number;
  unit_path: string;
  kind: string;
  reason: string;
  review_id: number | null;
  actor_id: number | null;
  actor_name: string;
  at: number;
  /** What was decided on, kept with the decision (migration 0003). */
  unit_name: string | null;
  year: number | null;
  star_code: string | null;
}

/** Counts of a village's items as of `day` (kept in step with every item change; see unit-counts.ts). */
export interface SvUnitCountsTable {
  org_unit_id: number;
  unit_path: string;
  day: string;
  total: number;
  closed: number;
  red: number;
  yellow: number;
  blue: number;
}

/** Small keyed state (the last grid event scanned for veto types). */
export interface SvStateTable {
  key: string;
  value: string;
}

export interface SupervisionTables {
  sv_items: SvItemsTable;
  sv_item_log: SvItemLogTable;
  sv_files: SvFilesTable;
  sv_extensions: SvExtensionsTable;
  sv_teams: SvTeamsTable;
  sv_visits: SvVisitsTable;
  sv_settings: SvSettingsTable;
  sv_star_reviews: SvStarReviewsTable;
  sv_star_decisions: SvStarDecisionsTable;
  sv_state: SvStateTable;
  sv_unit_counts: SvUnitCountsTable;
}

declare module '../../db/schema.ts' {
  interface Database extends SupervisionTables {}
}
