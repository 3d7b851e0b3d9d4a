import { z } from 'zod';
import { DEFAULT_TOTP_ROLES, settingsOf, type AppSettings } from '../kernel/settings.ts';
import { DEFAULT_IMPORT_LIMITS } from '../files/excel.ts';

/** Start-up configuration, validated once. A bad value ends start-up with one clear line (see main.ts). */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .default('file:data/fivestar.db')
    .refine((v) => v.startsWith('file:') || v === ':memory:' || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be file:<path>, :memory: or postgres://user@host:port/db',
    }),
  FIVESTAR_SECRET: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hex characters (32 bytes)' })
    .optional(),
  FIVESTAR_DATA_DIR: z.string().default('data'),
  /** THE root of uploaded files (default: the data folder); a shared mount when several processes serve one database. */
  FIVESTAR_FILES_DIR: z.string().min(1).optional(),
  FIVESTAR_DEMO_PASSWORD: z.string().optional(),
  FIVESTAR_SEED: z.enum(['demo', 'none']).default('demo'),
  /** Sign-in attempts per client IP per minute (docs/security.md item 3). Raised only by load tests from one address. */
  FIVESTAR_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().default('web/dist'),
  // The daily jobs (docs/security.md items 8 and 21; docs/retention.md). 'off' leaves them to `npm run cli -- jobs:run`.
  FIVESTAR_JOBS: z.enum(['on', 'off']).default('on'),
  FIVESTAR_PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  FIVESTAR_ACCOUNT_IDLE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  FIVESTAR_DISPUTE_RETENTION_YEARS: z.coerce.number().int().min(1).max(30).default(3),
  /** Where `backup` writes (another disk or a mounted share); when set, the server also backs up daily. */
  FIVESTAR_BACKUP_DIR: z.string().min(1).optional(),
  FIVESTAR_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(14),
  /** Working days of a public notice (公示) when the publishing module gives none. */
  FIVESTAR_PUBLICITY_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(5),
  /** 'accept': start although the audit log does not match its anchor (recorded; issue 13 item 5). */
  FIVESTAR_AUDIT_ANCHOR_OVERRIDE: z.enum(['accept']).optional(),
  /**
   * 'accept': start on a PostgreSQL that runs with fsync, full_page_writes or synchronous_commit off (a throw-away
   * test server only; a power cut there loses acknowledged writes). SQLite is never relaxed.
   */
  FIVESTAR_UNSAFE_DURABILITY: z.enum(['accept']).optional(),
  /** Excel imports (docs/security.md item 30): what a file may expand to, and its rows. */
  FIVESTAR_IMPORT_MAX_EXPANDED_MB: z.coerce.number().int().min(1).max(1024).default(64),
  FIVESTAR_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  /**
   * Who signs in with a one-time code after the password (docs/security.md item 4): `default` (roles that administer
   * users, rate stars or read the audit log), `none`, or role codes separated by commas. Unset: `default`, except in
   * the demo (FIVESTAR_SEED=demo), which stays password-only so its accounts can be tried at once.
   */
  FIVESTAR_TOTP_ROLES: z
    .string()
    .regex(/^(default|none|[a-z_]+(,[a-z_]+)*)$/, {
      message: 'default, none, or role codes separated by commas',
    })
    .optional(),
  /** Days a device that passed the one-time code may skip it (0: ask every time). */
  FIVESTAR_TOTP_REMEMBER_DAYS: z.coerce.number().int().min(0).max(365).default(30),
});

/** The roles that need the second factor, from FIVESTAR_TOTP_ROLES (see there). */
export function totpRolesOf(env: Pick<Env, 'FIVESTAR_TOTP_ROLES' | 'FIVESTAR_SEED'>): readonly string[] {
  const value = env.FIVESTAR_TOTP_ROLES ?? (env.FIVESTAR_SEED === 'demo' ? 'none' : 'default');
  if (value === 'default') return DEFAULT_TOTP_ROLES;
  if (value === 'none') return [];
  return value.split(',');
}

/** The modules' settings from the environment. */
export function settingsFromEnv(env: Env): AppSettings {
  return settingsOf({
    passwordMaxAgeDays: env.FIVESTAR_PASSWORD_MAX_AGE_DAYS,
    accountIdleDays: env.FIVESTAR_ACCOUNT_IDLE_DAYS,
    disputeRetentionYears: env.FIVESTAR_DISPUTE_RETENTION_YEARS,
    loginRateLimit: env.FIVESTAR_LOGIN_RATE_LIMIT,
    secureCookie: env.COOKIE_SECURE,
    publicityWorkingDays: env.FIVESTAR_PUBLICITY_WORKING_DAYS,
    auditAnchorFile: auditAnchorFileOf(env),
    importLimits: {
      ...DEFAULT_IMPORT_LIMITS,
      maxExpandedBytes: env.FIVESTAR_IMPORT_MAX_EXPANDED_MB * 1024 * 1024,
      maxRows: env.FIVESTAR_IMPORT_MAX_ROWS,
    },
    filesDir: env.FIVESTAR_FILES_DIR ?? env.FIVESTAR_DATA_DIR,
    totpRoles: totpRolesOf(env),
    totpRememberDays: env.FIVESTAR_TOTP_REMEMBER_DAYS,
  });
}

/** The audit anchor lives beside the instance secret. */
export function auditAnchorFileOf(env: Pick<Env, 'FIVESTAR_DATA_DIR'>): string {
  return `${env.FIVESTAR_DATA_DIR}/audit.anchor`;
}

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid configuration: ${first.path.join('.')} ${first.message}`);
  }
  return parsed.data;
}
