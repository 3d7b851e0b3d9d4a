import { sql } from 'kysely';
import type { AppMigration } from '../../../db/migration-kit.ts';

/**
 * The daily jobs (docs/security.md items 8 and 21):
 * - `job_runs`: one row per job and China calendar day. Inserting it is the claim: the primary key lets exactly one
 *   of several server processes sharing a database run a job on a given day.
 * - `users.must_change_password`: set by an administrator's password reset; with `password_changed_at` older than
 *   the maximum age it limits the session to changing the password.
 * - `grid_events.anonymised_at`: when the retention job anonymised a closed dispute (null = not yet).
 */
export const jobs: AppMigration = {
  name: '0005-jobs',
  async up({ db }) {
    await db.schema
      .createTable('job_runs')
      .addColumn('job', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('counts', 'text')
      .addColumn('error', 'text')
      .addPrimaryKeyConstraint('job_runs_pk', ['job', 'day'])
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('grid_events').addColumn('anonymised_at', 'bigint').execute();
    // The retention job's read: disputes not yet anonymised, by closing time. Partial, so that no other query can
    // pick it: a plain (class, closed_at) index, new and without planner statistics, looked selective to SQLite and
    // took over the centre's event list (30 s instead of 1 ms on 10 million events).
    await sql`create index grid_events_disputes_to_anonymise on grid_events (closed_at)
              where class = 'dispute' and anonymised_at is null`.execute(db);
  },
};
