import { chinaDate, type JobRun, type JobStatus } from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { JOB_ACTOR, type JobDefinition } from '../../kernel/module.ts';
import type { AuditService } from '../audit/index.ts';

export type JobOutcome =
  | { name: string; outcome: 'ran'; counts: Record<string, number> }
  | { name: string; outcome: 'skipped'; run: JobRun }
  | { name: string; outcome: 'failed'; error: string };

type Trigger = JobRun['trigger'];

/**
 * The in-process daily job runner. Several server processes may share one PostgreSQL: inserting the
 * (job, China day) row into `job_runs` is the claim, so exactly one process runs each job per day. The job's work,
 * its audit rows and the run's `ok` status commit together; a failure rolls the work back, marks the run `failed`
 * and lets the next tick (or `jobs:run`) claim it again that day. A process that dies mid-run leaves `running`
 * and no changes; the next day runs afresh.
 */
export function createJobRunner(deps: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  jobs: readonly JobDefinition[];
  log?: (message: string) => void;
}) {
  const { db, audit, clock } = deps;
  const byName = new Map(deps.jobs.map((j) => [j.name, j]));

  async function claim(job: string, day: string, trigger: Trigger, force: boolean): Promise<boolean> {
    const now = clock.now();
    const inserted = await db
      .insertInto('job_runs')
      .values({ job, day, trigger, status: 'running', started_at: now })
      .onConflict((oc) => oc.columns(['job', 'day']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
    // A failed run may be taken again the same day; a forced run takes any run that is not in progress.
    let retake = db
      .updateTable('job_runs')
      .set({ trigger, status: 'running', started_at: now, finished_at: null, counts: null, error: null })
      .where('job', '=', job)
      .where('day', '=', day);
    retake = force ? retake.where('status', '!=', 'running') : retake.where('status', '=', 'failed');
    const updated = await retake.executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  async function lastRun(job: string): Promise<JobRun | null> {
    const row = await db
      .selectFrom('job_runs')
      .selectAll()
      .where('job', '=', job)
      .orderBy('day', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    return {
      day: row.day,
      trigger: row.trigger,
      status: row.status,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      counts: row.counts ? (JSON.parse(row.counts) as Record<string, number>) : null,
      error: row.error,
    };
  }

  async function run(
    name: string,
    options: { trigger?: Trigger; force?: boolean } = {},
  ): Promise<JobOutcome> {
    const job = byName.get(name);
    if (!job) throw new Error(`unknown job ${name}`);
    const trigger = options.trigger ?? 'cli';
    const day = chinaDate(clock.now());
    if (!(await claim(name, day, trigger, options.force ?? false))) {
      return { name, outcome: 'skipped', run: (await lastRun(name))! };
    }
    try {
      const counts = await db.transaction().execute(async (trx) => {
        const now = clock.now();
        const counts = await job.run({ trx, audit, now });
        await audit.record(trx, {
          actorName: JOB_ACTOR,
          action: 'job.run',
          objectType: 'job',
          objectId: name,
          newValue: { day, trigger, setting: job.setting, counts },
        });
        await trx
          .updateTable('job_runs')
          .set({ status: 'ok', finished_at: clock.now(), counts: JSON.stringify(counts) })
          .where('job', '=', name)
          .where('day', '=', day)
          .execute();
        return counts;
      });
      deps.log?.(`job ${name}: ${JSON.stringify(counts)}`);
      return { name, outcome: 'ran', counts };
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      await db
        .updateTable('job_runs')
        .set({ status: 'failed', finished_at: clock.now(), error })
        .where('job', '=', name)
        .where('day', '=', day)
        .execute();
      await audit.record(db, {
        actorName: JOB_ACTOR,
        action: 'job.run',
        objectType: 'job',
        objectId: name,
        newValue: { day, trigger, error },
        result: 'fail',
      });
      deps.log?.(`job ${name} failed: ${error}`);
      return { name, outcome: 'failed', error };
    }
  }

  /** The names of the registered jobs, in the order they run. */
  const names = () => deps.jobs.map((j) => j.name);

  /** Runs every job that has not run today (China calendar day), in module order. */
  async function runDue(trigger: Trigger = 'schedule'): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = [];
    for (const job of deps.jobs) outcomes.push(await run(job.name, { trigger }));
    return outcomes;
  }

  return {
    names,
    run,
    runDue,

    async status(): Promise<JobStatus[]> {
      const out: JobStatus[] = [];
      for (const job of deps.jobs)
        out.push({ name: job.name, setting: job.setting, lastRun: await lastRun(job.name) });
      return out;
    },

    /**
     * The in-process schedule: checks every `intervalMs` (first check after `firstDelayMs`) and runs what is due.
     * Returns a stop function that waits for a check in progress.
     */
    start(intervalMs = 10 * 60 * 1000, firstDelayMs = 30 * 1000): () => Promise<void> {
      let running: Promise<unknown> | null = null;
      let stopped = false;
      const tick = () => {
        if (running || stopped) return;
        running = runDue('schedule')
          .catch((err: unknown) => deps.log?.(`jobs: ${err instanceof Error ? err.message : String(err)}`))
          .finally(() => (running = null));
      };
      const first = setTimeout(tick, firstDelayMs);
      const every = setInterval(tick, intervalMs);
      first.unref();
      every.unref();
      return async () => {
        stopped = true;
        clearTimeout(first);
        clearInterval(every);
        await running;
      };
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
