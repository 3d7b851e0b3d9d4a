import type { Generated } from 'kysely';

/** A cadre linked to a village (包村 / 联村) or to a section of it (联片); ended links are kept (ended_at). */
export interface CadreLinksTable {
  id: Generated<number>;
  kind: string;
  org_unit_id: number;
  unit_path: string;
  user_id: number | null;
  person_id: number | null;
  cadre_name: string;
  section: string;
  since: string;
  ended_at: number | null;
  created_at: number;
}

/** A party member linked to a household (联户, the M of 1+N+M), under an optional lead member (the 1). */
export interface HouseholdLinksTable {
  id: Generated<number>;
  org_unit_id: number;
  unit_path: string;
  member_person_id: number;
  lead_person_id: number | null;
  household: string;
  address: string;
  visits: number;
  last_visit_on: string | null;
  ended_at: number | null;
  created_at: number;
}

export interface LinkVisitsTable {
  id: Generated<number>;
  link_id: number;
  org_unit_id: number;
  visited_on: string;
  note: string;
  visitor_id: number | null;
  visitor_name: string;
  created_at: number;
}

export interface LinksTables {
  cadre_links: CadreLinksTable;
  household_links: HouseholdLinksTable;
  link_visits: LinkVisitsTable;
}

declare module '../../db/schema.ts' {
  interface Database extends LinksTables {}
}
