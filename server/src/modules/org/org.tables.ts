import type { BranchKind, BranchOrgType, StationKind } from '@fivestar/common';
import type { Generated } from 'kysely';

/** Times are epoch milliseconds; booleans are 0/1 integers on both engines; enum columns carry their unions. */
export interface OrgUnitsTable {
  id: Generated<number>;
  parent_id: number | null;
  /** An OrgLevel (the benchmarks filter it with plain strings, so it stays `string` here). */
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
  kind: BranchKind;
  org_type: BranchOrgType;
  secretary_person_id: number | null;
  member_count: number;
  is_relocation_community: number;
  created_at: number;
}

export interface GridStationsTable {
  id: Generated<number>;
  org_unit_id: number;
  kind: StationKind;
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

/** The organisation tree, branches, grid stations and workers. */
export interface OrgTables {
  org_units: OrgUnitsTable;
  party_branches: PartyBranchesTable;
  grid_stations: GridStationsTable;
  grid_workers: GridWorkersTable;
}

declare module '../../db/schema.ts' {
  interface Database extends OrgTables {}
}
