import { z } from 'zod';

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
  FIVESTAR_DEMO_PASSWORD: z.string().optional(),
  FIVESTAR_SEED: z.enum(['demo', 'none']).default('demo'),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().default('web/dist'),
  /** Where `backup` writes (another disk or a mounted share); when set, the server also backs up daily. */
  FIVESTAR_BACKUP_DIR: z.string().min(1).optional(),
  FIVESTAR_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(14),
});

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
