import type { Generated } from 'kysely';

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
  result: 'ok' | 'fail' | 'denied' | 'locked';
  prev_hash: string;
  hash: string;
}

/** The append-only, hash-chained audit log. */
export interface AuditTables {
  audit_log: AuditLogTable;
}

declare module '../../db/schema.ts' {
  interface Database extends AuditTables {}
}
