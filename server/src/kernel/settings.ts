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
  /** THE root of uploaded files (kernel/file-store.ts): every module's files, by area and content hash. */
  filesDir: string;
}

export const DEFAULT_SETTINGS: AppSettings = {
  passwordMaxAgeDays: 90,
  accountIdleDays: 90,
  disputeRetentionYears: 3,
  loginRateLimit: 30,
  secureCookie: false,
  filesDir: 'data',
};

/** Defaults overlaid with what is given (undefined keeps the default). */
export function settingsOf(partial: Partial<AppSettings> = {}): AppSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)),
  };
}
