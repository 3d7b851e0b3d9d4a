import type { Generated } from 'kysely';

/** Settings of a unit (township or county): frequencies, quorum, make-up days, warning days, fixed actions (JSON). */
export interface PlSettingsTable {
  id: Generated<number>;
  org_unit_id: number;
  settings: string;
  version: number;
  updated_at: number;
}

/** The points rule table of a unit (township or county); a unit without rows uses the nearest above, else defaults. */
export interface PlPointRulesTable {
  id: Generated<number>;
  org_unit_id: number;
  code: string;
  name: string;
  points: number;
  source: string;
  meeting_type: string | null;
  cap: number | null;
  cap_period: string;
  member_class: string;
  sort: number;
}

/** A meeting of a branch (三会一课, 主题党日, 组织生活会, 民主评议); counts kept from its attendance rows. */
export interface PlMeetingsTable {
  id: Generated<number>;
  org_unit_id: number;
  unit_path: string;
  type: string;
  held_on: string;
  year: number;
  topic: string;
  minutes: string;
  expected: number;
  present: number;
  leave: number;
  absent: number;
  quorate: number;
  photos: number;
  /** Theme days: the fixed actions checked off, [{ action, done, note }], and the N items, [string]. */
  fixed_actions: string;
  items: string;
  recorded_by: number | null;
  recorded_name: string;
  created_at: number;
}

export interface PlAttendanceTable {
  meeting_id: number;
  person_id: number;
  status: string;
}

/** One row per window met: a branch held a meeting of a type in a window of the type's frequency. */
export interface PlWindowsTable {
  id: Generated<number>;
  org_unit_id: number;
  unit_path: string;
  type: string;
  window_key: string;
  window_start: string;
  window_end: string;
  meeting_id: number;
}

/**
 * The compliance rollup (kept with every pl_windows row of a branch, in the same transaction): windows met per county
 * — `unit_path` is the rollup key, the branch's county, else its parent — by type and window span.
 */
export interface PlWindowCountsTable {
  unit_path: string;
  type: string;
  window_start: string;
  window_end: string;
  n: number;
}

/** Meetings held per rollup key (as pl_window_counts), type and day: the summary's theme days above a county. */
export interface PlMeetingDaysTable {
  unit_path: string;
  type: string;
  held_on: string;
  n: number;
}

export interface PlPhotosTable {
  id: Generated<number>;
  meeting_id: number;
  org_unit_id: number;
  unit_path: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  data: string;
  uploaded_by: number | null;
  created_at: number;
}

/** A 补课 (make-up) task: a member absent from, or on leave for, a meeting makes it up by a deadline. */
export interface PlMakeUpsTable {
  id: Generated<number>;
  meeting_id: number;
  org_unit_id: number;
  unit_path: string;
  person_id: number;
  reason: string;
  deadline: string;
  done_on: string | null;
  note: string;
  created_at: number;
}

/** A session of the secretaries' forum (创五星 论发展), held by a township. */
export interface PlForumSessionsTable {
  id: Generated<number>;
  org_unit_id: number;
  unit_path: string;
  held_on: string;
  title: string;
  topics: string;
  place: string;
  expected: number;
  created_by: number | null;
  created_at: number;
}

export interface PlForumSpeakersTable {
  id: Generated<number>;
  session_id: number;
  org_unit_id: number;
  strengths: string;
  gaps: string;
}

export interface PlForumAttendanceTable {
  session_id: number;
  org_unit_id: number;
}

export interface PlForumFollowUpsTable {
  id: Generated<number>;
  session_id: number;
  org_unit_id: number;
  unit_path: string;
  title: string;
  deadline: string;
  item_id: number | null;
  created_at: number;
}

/** Member points: credited automatically (attendance) or claimed and decided; counted per calendar year. */
export interface PlPointsTable {
  id: Generated<number>;
  person_id: number;
  org_unit_id: number;
  unit_path: string;
  rule_code: string;
  rule_name: string;
  year: number;
  period_key: string;
  earned_on: string;
  points: number;
  source: string;
  meeting_id: number | null;
  status: string;
  note: string;
  reason: string;
  created_by: number | null;
  decided_by: number | null;
  created_at: number;
}

export interface PlHonourRoundsTable {
  id: Generated<number>;
  org_unit_id: number;
  unit_path: string;
  title: string;
  kind: string;
  year: number;
  quota_base: number;
  quota_per: number | null;
  status: string;
  publicity_id: number | null;
  created_at: number;
}

export interface PlNominationsTable {
  id: Generated<number>;
  round_id: number;
  org_unit_id: number;
  unit_path: string;
  nominee: string;
  reason: string;
  status: string;
  created_at: number;
  updated_at: number;
}

/** A township's quarterly 公示 of member points (the notice itself is the publicity module's). */
export interface PlPointNoticesTable {
  id: Generated<number>;
  org_unit_id: number;
  unit_path: string;
  year: number;
  quarter: number;
  publicity_id: number;
  members: number;
  created_at: number;
}

/** The honours registry. */
export interface PlHonoursTable {
  id: Generated<number>;
  round_id: number;
  nomination_id: number;
  year: number;
  title: string;
  kind: string;
  org_unit_id: number;
  unit_path: string;
  holder: string;
  awarded_on: string;
}

export interface PartyLifeTables {
  pl_settings: PlSettingsTable;
  pl_point_rules: PlPointRulesTable;
  pl_meetings: PlMeetingsTable;
  pl_attendance: PlAttendanceTable;
  pl_windows: PlWindowsTable;
  pl_window_counts: PlWindowCountsTable;
  pl_meeting_days: PlMeetingDaysTable;
  pl_photos: PlPhotosTable;
  pl_make_ups: PlMakeUpsTable;
  pl_forum_sessions: PlForumSessionsTable;
  pl_forum_speakers: PlForumSpeakersTable;
  pl_forum_attendance: PlForumAttendanceTable;
  pl_forum_follow_ups: PlForumFollowUpsTable;
  pl_points: PlPointsTable;
  pl_honour_rounds: PlHonourRoundsTable;
  pl_nominations: PlNominationsTable;
  pl_honours: PlHonoursTable;
  pl_point_notices: PlPointNoticesTable;
}

declare module '../../db/schema.ts' {
  interface Database extends PartyLifeTables {}
}
