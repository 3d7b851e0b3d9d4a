import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { disputeRetentionJob } from './dispute-retention.job.ts';
import { idleAccountsJob } from './idle-accounts.job.ts';
import { createJobRunner } from './jobs.service.ts';

/** The configurable figures of security.md items 8 and 21 (FIVESTAR_* variables, config/env.ts). */
export interface JobSettings {
  /** A password older than this must be changed before anything else (item 8). */
  passwordMaxAgeDays: number;
  /** An account with no sign-in for longer than this is disabled by the daily job (item 8). */
  accountIdleDays: number;
  /** Closed disputes are anonymised this many years after closing (item 21; docs/retention.md). */
  disputeRetentionYears: number;
}

export const DEFAULT_JOB_SETTINGS: JobSettings = {
  passwordMaxAgeDays: 90,
  accountIdleDays: 90,
  disputeRetentionYears: 3,
};

/** The runner with every daily job registered. */
export function createDailyJobs(deps: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  settings: JobSettings;
  log?: (message: string) => void;
}) {
  return createJobRunner({
    db: deps.db,
    audit: deps.audit,
    clock: deps.clock,
    log: deps.log,
    jobs: [
      idleAccountsJob(deps.settings.accountIdleDays),
      disputeRetentionJob(deps.settings.disputeRetentionYears),
    ],
  });
}
createDailyJobs.settings = (partial: Partial<JobSettings> = {}): JobSettings => ({
  ...DEFAULT_JOB_SETTINGS,
  ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)),
});
