import type { Generated } from 'kysely';

/** A template: stages with their score sheets (JSON, `Stage[]`); `guess` = 1 when its points are a guess kept as data. */
export interface ContestTemplatesTable {
  id: Generated<number>;
  code: string;
  name: string;
  level: string;
  guess: number;
  stages: string;
  created_at: number;
}

/** A round: its units, judges and sheets hang off it; the template's stages are copied in when it is created. */
export interface ContestRoundsTable {
  id: Generated<number>;
  template_id: number;
  org_unit_id: number;
  unit_path: string;
  name: string;
  level: string;
  year: number;
  date: string;
  status: string;
  method: string;
  stages: string;
  prize_tiers: string;
  tie_break: string | null;
  judges_per_unit: number;
  /** How many of the last-ranked units get a yellow flag (a supervision item) at closing. */
  flag_count: number;
  lot_seed: number;
  chair_user_id: number;
  publicity_id: number | null;
  /** A county final fed by source rounds: how many of each source's top places qualify (0: no bracket). */
  advance_top: Generated<number>;
  created_by: number;
  created_at: number;
  closed_at: number | null;
}

export interface ContestUnitsTable {
  round_id: number;
  org_unit_id: number;
  unit_path: string;
  name: string;
  /** The place in the order drawn by lot (1 = first visited / first on stage). */
  lot_order: number;
  /** Fixed at closing. */
  score: number | null;
  rank: number | null;
  tier: number | null;
  stage_scores: string | null;
  /** A finalist: the source round it qualified from (null: named when the round was made). */
  from_round_id: number | null;
}

/** The bracket: a final and each source round whose top places qualify for it, advanced once, when closed. */
export interface ContestBracketsTable {
  final_id: number;
  source_id: number;
  advanced_at: number | null;
  advanced_by: number | null;
}

export interface ContestJudgesTable {
  round_id: number;
  user_id: number;
  kind: string;
  /** For a one-off guest account: when it stops working (the end of the round's day, or its closing). */
  expires_at: number | null;
}

/** 回避: a judge who must not score a unit, and why (own unit, linked, or entered by hand). */
export interface ContestExclusionsTable {
  round_id: number;
  user_id: number;
  org_unit_id: number;
  reason: string;
  manual: number;
}

export interface ContestAssignmentsTable {
  round_id: number;
  user_id: number;
  org_unit_id: number;
}

/** One judge's submitted sheet for one unit and stage (locked once in). */
export interface ContestSheetsTable {
  id: Generated<number>;
  round_id: number;
  user_id: number;
  org_unit_id: number;
  stage: string;
  total: number;
  submitted_at: number;
}

export interface ContestScoresTable {
  sheet_id: number;
  code: string;
  score: number;
  note: string;
  photo_id: number | null;
  /** The judge's own score, kept when the chair corrects it. */
  original_score: number | null;
  reason: string | null;
  corrected_by: number | null;
  corrected_at: number | null;
}

export interface ContestPhotosTable {
  id: Generated<number>;
  round_id: number;
  uploader_id: number;
  content_type: string;
  size: number;
  data: string;
  created_at: number;
}

/** Idempotency-Key per judge (the grid reports' scheme): the first sheet is answered again on a replay. */
export interface ContestIdempotencyTable {
  user_id: number;
  key: string;
  body_hash: string;
  sheet_id: number | null;
  created_at: number;
}

export interface ContestsTables {
  contest_templates: ContestTemplatesTable;
  contest_rounds: ContestRoundsTable;
  contest_units: ContestUnitsTable;
  contest_brackets: ContestBracketsTable;
  contest_judges: ContestJudgesTable;
  contest_exclusions: ContestExclusionsTable;
  contest_assignments: ContestAssignmentsTable;
  contest_sheets: ContestSheetsTable;
  contest_scores: ContestScoresTable;
  contest_photos: ContestPhotosTable;
  contest_idempotency: ContestIdempotencyTable;
}

declare module '../../db/schema.ts' {
  interface Database extends ContestsTables {}
}
