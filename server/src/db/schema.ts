import type { GridTables } from '../modules/grid/grid.tables.ts';
import type { Generated } from 'kysely';
import type { RatingsTables } from '../modules/ratings/ratings.tables.ts';
import type { JobsTables } from '../modules/jobs/jobs.tables.ts';

/** Row types of every table. Times are epoch milliseconds; booleans are 0/1 integers on both engines. */
export interface OrgUnitsTable {
  id: Generated<number>;
  parent_id: number | null;
  level: string;
  code: string;
  name: string;
  /** Materialised path of ids, e.g. `/1/4/9/` — a subtree is `path LIKE '/1/4/%'`. */
  path: string;
  /** Pinyin (full and initials) for search. */
  pinyin: string;
  sort: number;
  created_at: number;
}

export interface PartyBranchesTable {
  id: Generated<number>;
  org_unit_id: number;
  name: string;
  kind: string;
  org_type: string;
  secretary_person_id: number | null;
  member_count: number;
  is_relocation_community: number;
  created_at: number;
}

export interface PersonsTable {
  id: Generated<number>;
  org_unit_id: number;
  name: string;
  gender: string | null;
  birth_date: string | null;
  id_number_enc: string | null;
  id_number_hash: string | null;
  id_number_masked: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_masked: string | null;
  is_party_member: number;
  tags: string;
  created_at: number;
  updated_at: number;
}

export interface GridStationsTable {
  id: Generated<number>;
  org_unit_id: number;
  kind: string;
  name: string;
  created_at: number;
}

export interface GridWorkersTable {
  id: Generated<number>;
  person_id: number;
  station_id: number;
  org_unit_id: number;
  since: string | null;
  created_at: number;
}

export interface RolesTable {
  code: string;
  name_zh: string;
  name_en: string;
  permissions: string;
  builtin: number;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role_code: string;
  org_unit_id: number;
  person_id: number | null;
  status: string;
  failed_logins: number;
  locked_until: number | null;
  password_changed_at: number;
  /** 1 after an administrator's reset (migration 0005): the next session must change the password first. */
  must_change_password: Generated<number>;
  last_login_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  ip: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  old_value: string | null;
  new_value: string | null;
  ip: string | null;
  result: string;
  prev_hash: string;
  hash: string;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

/** The foundation's tables. */
export interface CoreTables {
  org_units: OrgUnitsTable;
  party_branches: PartyBranchesTable;
  persons: PersonsTable;
  grid_stations: GridStationsTable;
  grid_workers: GridWorkersTable;
  roles: RolesTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  app_meta: AppMetaTable;
}

/**
 * Every table. A domain module declares its tables in `modules/<domain>/<domain>.tables.ts` and adds them here as
 * one more `& XTables` here.
 */
export type Database = CoreTables & RatingsTables & GridTables & JobsTables;
