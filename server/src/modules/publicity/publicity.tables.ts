import type { Generated } from 'kysely';

/**
 * The publicity tables (migration publicity-0001). Dates are 'YYYY-MM-DD' (China), times epoch ms; every notice
 * carries its publishing unit's path for the scope rule.
 */
export interface PublicityNoticesTable {
  id: Generated<number>;
  /** The publishing module ('contests', …) and its record. */
  source: string;
  source_id: number;
  org_unit_id: number;
  unit_path: string;
  title: string;
  summary: string | null;
  starts_on: string;
  ends_on: string;
  working_days: number;
  created_by: number | null;
  created_at: number;
}

/** One line of a notice: what the source published, under the source's own key. */
export interface PublicityItemsTable {
  id: Generated<number>;
  notice_id: number;
  ref: string;
  label: string;
  detail: string | null;
  sort: number;
}

/** An objection from the public; the contact is encrypted. */
export interface PublicityObjectionsTable {
  id: Generated<number>;
  notice_id: number;
  /** The item objected to, or null for the notice as a whole. */
  item_ref: string | null;
  reason: string;
  contact_enc: string | null;
  status: string;
  reply: string | null;
  created_at: number;
  resolved_at: number | null;
  resolved_by: number | null;
}

export interface PublicityTables {
  publicity_notices: PublicityNoticesTable;
  publicity_items: PublicityItemsTable;
  publicity_objections: PublicityObjectionsTable;
}

declare module '../../db/schema.ts' {
  interface Database extends PublicityTables {}
}
