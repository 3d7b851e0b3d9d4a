import type { JobRun } from '@fivestar/common';

/** The daily jobs' run record (migration 0005-jobs). One row per job and China calendar day; the primary key is the
 * claim that keeps several server processes from running a job twice on one day. */
export interface JobRunsTable {
  job: string;
  /** YYYY-MM-DD in Asia/Shanghai. */
  day: string;
  trigger: JobRun['trigger'];
  status: JobRun['status'];
  started_at: number;
  finished_at: number | null;
  /** JSON object of counts, e.g. {"disabled": 3}. */
  counts: string | null;
  error: string | null;
}

export interface JobsTables {
  job_runs: JobRunsTable;
}

declare module '../../db/schema.ts' {
  interface Database extends JobsTables {}
}
