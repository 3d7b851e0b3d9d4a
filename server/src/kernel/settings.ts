import { BUILTIN_ROLES, type Permission } from '@fivestar/common';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../files/excel.ts';

/** Holding any of these makes a built-in role need the second factor by default (docs/security.md item 4). */
const TOTP_DUTIES: readonly Permission[] = ['user:admin', 'rating:rate', 'audit:read'];

/** The roles that administer users, rate stars or read the audit log: they sign in with a one-time code too. */
export const DEFAULT_TOTP_ROLES: readonly string[] = BUILTIN_ROLES.filter((r) =>
  r.permissions.some((p) => TOTP_DUTIES.includes(p)),
).map((r) => r.code);

/**
 * The configurable figures modules read (from FIVESTAR_* variables in config/env.ts, or a test's options). Defaults
 * are the ones documented in the README.
 */
export interface AppSettings {
  /** A password older than this must be changed before anything else (docs/security.md item 8). */
  passwordMaxAgeDays: number;
  /** An account with no sign-in for longer than this is disabled by the daily job (item 8). */
  accountIdleDays: number;
  /** Closed disputes are anonymised this many years after closing (item 21; docs/retention.md). */
  disputeRetentionYears: number;
  /** Sign-in attempts per client IP per minute. */
  loginRateLimit: number;
  /** Behind TLS: `__Host-` session cookie with Secure, HSTS. */
  secureCookie: boolean;
  /** Working days of a public notice (公示) when the publishing module gives none. */
  publicityWorkingDays: number;
  /** The audit anchor file beside the secret (`<data dir>/audit.anchor`; issue 13 item 5); null: none kept. */
  auditAnchorFile: string | null;
  /** What one Excel import may expand to and hold (item 30; server/src/files/excel.ts). */
  importLimits: ImportLimits;
  /** THE root of uploaded files (kernel/file-store.ts): every module's files, by area and content hash. */
  filesDir: string;
  /** Roles whose accounts must pass a one-time code (TOTP) after the password; [] leaves every role password-only. */
  totpRoles: readonly string[];
  /** Days a device that passed the second step may skip it (0: never remembered). */
  totpRememberDays: number;
}

export const DEFAULT_SETTINGS: AppSettings = {
  passwordMaxAgeDays: 90,
  accountIdleDays: 90,
  disputeRetentionYears: 3,
  loginRateLimit: 30,
  secureCookie: false,
  publicityWorkingDays: 5,
  auditAnchorFile: null,
  importLimits: DEFAULT_IMPORT_LIMITS,
  filesDir: 'data',
  totpRoles: DEFAULT_TOTP_ROLES,
  totpRememberDays: 30,
};

/** Defaults overlaid with what is given (undefined keeps the default). */
export function settingsOf(partial: Partial<AppSettings> = {}): AppSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)),
  };
}
