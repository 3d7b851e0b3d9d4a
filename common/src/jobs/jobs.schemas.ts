import { z } from 'zod';

/** The daily jobs (security.md items 8 and 21), in the order they run. */
export const JOB_NAMES = ['accounts.disable_idle', 'disputes.anonymise'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export const JOB_RUN_STATUSES = ['running', 'ok', 'failed'] as const;

export const jobRunSchema = z.object({
  /** China calendar day (Asia/Shanghai) the run belongs to, YYYY-MM-DD: each job runs at most once a day. */
  day: z.string(),
  trigger: z.enum(['schedule', 'cli']),
  status: z.enum(JOB_RUN_STATUSES),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  counts: z.record(z.string(), z.number()).nullable(),
  error: z.string().nullable(),
});
export type JobRun = z.infer<typeof jobRunSchema>;

export const jobStatusSchema = z.object({
  name: z.enum(JOB_NAMES),
  /** What the job does with the configured number, e.g. { days: 90 } or { years: 3 }. */
  setting: z.record(z.string(), z.number()),
  lastRun: jobRunSchema.nullable(),
});
export type JobStatus = z.infer<typeof jobStatusSchema>;
