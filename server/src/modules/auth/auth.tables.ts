export interface SessionsTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  ip: string | null;
}

/** Sessions, kept in the database so several processes share them. */
export interface AuthTables {
  sessions: SessionsTable;
}

declare module '../../db/schema.ts' {
  interface Database extends AuthTables {}
}
