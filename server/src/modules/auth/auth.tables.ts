import type { Generated } from 'kysely';

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  ip: string | null;
  /** The second step this session still owes ('verify' | 'enrol'), or null. */
  mfa_pending: string | null;
}

/** An account's authenticator secret (AES-GCM); usable once `confirmed_at` is set. */
export interface UserTotpTable {
  user_id: number;
  secret_enc: string;
  confirmed_at: number | null;
  /** The newest 30-second step a code was accepted for: a code is never accepted twice. */
  last_step: number;
  created_at: number;
}

export interface MfaRecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  /** Keyed hash of the code (the code itself is shown once). */
  code_hash: string;
  used_at: number | null;
}

/** A device that may skip the second step until `expires_at`: the cookie holds a random id, this only its hash. */
export interface MfaDevicesTable {
  id_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
  ip: string | null;
}

/** Sessions, kept in the database so several processes share them. */
export interface AuthTables {
  sessions: SessionsTable;
  user_totp: UserTotpTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_devices: MfaDevicesTable;
}

declare module '../../db/schema.ts' {
  interface Database extends AuthTables {}
}
