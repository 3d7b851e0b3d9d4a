import type { UserStatus } from '@fivestar/common';
import type { Generated } from 'kysely';

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
  status: UserStatus;
  failed_logins: number;
  locked_until: number | null;
  password_changed_at: number;
  /** 1 after an administrator's reset (migration 0005): the next session must change the password first. */
  must_change_password: Generated<number>;
  last_login_at: number | null;
  created_at: number;
  updated_at: number;
}

/** Roles (data, seeded from the built-in list) and user accounts. */
export interface UsersTables {
  roles: RolesTable;
  users: UsersTable;
}

declare module '../../db/schema.ts' {
  interface Database extends UsersTables {}
}
