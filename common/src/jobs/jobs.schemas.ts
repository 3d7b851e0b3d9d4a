import { z } from 'zod';

export const JOB_RUN_STATUSES = ['running', 'ok', 'failed'] as const;
export const JOB_TRIGGERS = ['schedule', 'cli'] as const;

export const jobRunSchema = z.object({
  /** China calendar day (Asia/Shanghai) the run belongs to, YYYY-MM-DD: each job runs at most once a day. */
  day: z.string(),
  trigger: z.enum(JOB_TRIGGERS),
  status: z.enum(JOB_RUN_STATUSES),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  counts: z.record(z.string(), z.number()).nullable(),
  error: z.string().nullable(),
});
export type JobRun = z.infer<typeof jobRunSchema>;

export const jobStatusSchema = z.object({
  /** Declared by the module that owns the job, e.g. `accounts.disable_idle`. */
  name: z.string(),
  /** What the job does with the configured number, e.g. { days: 90 } or { years: 3 }. */
  setting: z.record(z.string(), z.number()),
  lastRun: jobRunSchema.nullable(),
});
export type JobStatus = z.infer<typeof jobStatusSchema>;
