import type {
  ApplicationStatus,
  BranchKind,
  ObjectionStatus,
  ReviewState,
  StandardStatus,
} from '@fivestar/common';
import type { Generated } from 'kysely';

/** An award is held until it is revoked; `source`: named in the cycle, imported from a past table, or seeded. */
export type AwardStatus = 'active' | 'revoked';
export type AwardSource = 'cycle' | 'import' | 'seed';

/** A year's star standard for one branch kind; `definition` is the JSON of StandardDefinition. */
export interface RatingStandardsTable {
  id: Generated<number>;
  year: number;
  branch_kind: BranchKind;
  status: StandardStatus;
  definition: string;
  created_at: number;
  updated_at: number;
  published_at: number | null;
  published_by: number | null;
  /** Raised by every edit (optimistic concurrency, item 36). */
  version: Generated<number>;
}

/** A township's (or any unit's) targets for a year: branches per level and per star (JSON). */
interface RatingTargetsTable {
  id: Generated<number>;
  org_unit_id: number;
  year: number;
  levels: string;
  stars: string;
  updated_at: number;
}

/** One star application: a branch, a year, a star, going through the cycle. The unit path is denormalised. */
export interface StarApplicationsTable {
  id: Generated<number>;
  branch_id: number;
  org_unit_id: number;
  unit_path: string;
  year: number;
  star_code: string;
  standard_id: number;
  status: ApplicationStatus;
  round: number;
  notice_id: number | null;
  created_at: number;
  updated_at: number;
  /** Raised by every edit of the application or its results (item 36). */
  version: Generated<number>;
}

export interface IndicatorResultsTable {
  id: Generated<number>;
  application_id: number;
  code: string;
  met: number | null;
  value: number | null;
  triggered: number | null;
  note: string | null;
  review: ReviewState;
  review_comment: string | null;
  reviewed_by: number | null;
  reviewed_at: number | null;
  /** The values the township last reviewed (JSON), to show what changed since. */
  reviewed_snapshot: string | null;
  changed_since_review: number;
  updated_at: number;
}

/** Every transition of an application: who, when, from, to, why. */
export interface RatingEventsTable {
  id: Generated<number>;
  application_id: number;
  action: string;
  from_status: ApplicationStatus | null;
  to_status: ApplicationStatus;
  actor_id: number | null;
  actor_name: string | null;
  reason: string | null;
  at: number;
}

export interface EvidenceFilesTable {
  id: Generated<number>;
  application_id: number;
  indicator_code: string;
  org_unit_id: number;
  unit_path: string;
  sha256: string;
  mime: string;
  ext: string;
  size: number;
  name: string;
  uploaded_by: number | null;
  created_at: number;
}

/** A star held (or once held) by a branch for a year. The figures are computed from these rows. */
interface StarAwardsTable {
  id: Generated<number>;
  branch_id: number;
  org_unit_id: number;
  unit_path: string;
  year: number;
  star_code: string;
  status: AwardStatus;
  application_id: number | null;
  source: AwardSource;
  awarded_at: number;
  awarded_by: number | null;
  revoked_at: number | null;
  revoked_by: number | null;
  revoked_reason: string | null;
}

/** Derived per branch and year from the active awards (kept in step on every award and revocation). */
interface BranchRatingsTable {
  branch_id: number;
  year: number;
  unit_path: string;
  star_count: number;
  stars: string;
  updated_at: number;
}

export interface RatingNoticesTable {
  id: Generated<number>;
  org_unit_id: number;
  unit_path: string;
  year: number;
  title: string;
  starts_at: number;
  ends_at: number;
  created_by: number | null;
  created_at: number;
  awarded_at: number | null;
}

export interface RatingObjectionsTable {
  id: Generated<number>;
  notice_id: number;
  application_id: number | null;
  content: string;
  contact: string | null;
  ip: string | null;
  status: ObjectionStatus;
  outcome: string | null;
  created_at: number;
  resolved_at: number | null;
  resolved_by: number | null;
}

interface RatingsTables {
  rating_standards: RatingStandardsTable;
  rating_targets: RatingTargetsTable;
  star_applications: StarApplicationsTable;
  indicator_results: IndicatorResultsTable;
  rating_events: RatingEventsTable;
  evidence_files: EvidenceFilesTable;
  star_awards: StarAwardsTable;
  branch_ratings: BranchRatingsTable;
  rating_notices: RatingNoticesTable;
  rating_objections: RatingObjectionsTable;
}

declare module '../../db/schema.ts' {
  interface Database extends RatingsTables {}
}
