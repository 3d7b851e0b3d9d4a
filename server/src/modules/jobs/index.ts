import { defineModule } from '../../kernel/module.ts';
import { jobs as jobsMigration } from './migrations/0005-jobs.ts';
import { jobsRoutes } from './jobs.routes.ts';
import { createJobRunner } from './jobs.service.ts';
import './jobs.tables.ts';

export type { JobRunner, JobOutcome } from './jobs.service.ts';

/**
 * The daily jobs runner: every module's jobs (manifest `jobs`), each claimed once per China day in `job_runs` (safe
 * with several processes on one PostgreSQL), its work and audit rows in one transaction; their status for the audit
 * page. The server starts the schedule (main.ts); `npm run cli -- jobs:run` runs them by hand.
 */
export const jobsModule = defineModule({
  name: 'jobs',
  // 0005-jobs also added users.must_change_password and grid_events.anonymised_at: it runs after the grid's.
  migrations: [jobsMigration],
  register: ({ app, db, audit, clock, jobs }) => {
    const runner = createJobRunner({ db, audit, clock, jobs, log: (m) => app.log.info(m) });
    jobsRoutes(app, { jobs: runner });
    return runner;
  },
});
