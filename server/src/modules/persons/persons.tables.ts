import type { Gender } from '@fivestar/common';
import type { Generated } from 'kysely';

export interface PersonsTable {
  id: Generated<number>;
  org_unit_id: number;
  name: string;
  gender: Gender | null;
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

/** People (ID number and phone encrypted, looked up by keyed hash). */
export interface PersonsTables {
  persons: PersonsTable;
}

declare module '../../db/schema.ts' {
  interface Database extends PersonsTables {}
}
