import type { DevelopmentSummary } from '@fivestar/common';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { notFound } from '../../http/errors.ts';
import { pathUnder, scopedSubtree } from '../../security/scope.ts';
import type { SummaryIndex } from './summary.index.ts';

const n = (v: unknown) => Number(v ?? 0);

/**
 * The summary of every registry for a period in an area (the shape is the contract; what each figure
 * counts is documented on `developmentSummarySchema`). Every figure is a count or sum over rows in one index range
 * of the area's path; events (training, fairs, placements, campaigns) are those of the period, stocks (relocation,
 * enterprises, projects, centres) those on file by its last day. The endpoint reads the same figures from memory
 * (summary.index.ts); this SQL stays as their reference (tests compare the two, the benchmark times both).
 */
export async function summaryFor(
  db: DbOrTrx,
  prefix: string,
  from: string,
  to: string,
): Promise<DevelopmentSummary> {
  const under = (col: string) => pathUnder(col, prefix);
  const [
    training,
    fairs,
    employers,
    placed,
    relocation,
    incubator,
    projects,
    centres,
    posts,
    cleaners,
    signins,
  ] = await Promise.all([
    db
      .selectFrom('dev_training_attendance')
      .select([sql<number>`count(*)`.as('a'), sql<number>`count(distinct person_id)`.as('p')])
      .where(under('unit_path'))
      .where('signed_on', '>=', from)
      .where('signed_on', '<=', to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dev_job_fairs')
      .select(sql<number>`count(*)`.as('n'))
      .where(under('unit_path'))
      .where('held_on', '>=', from)
      .where('held_on', '<=', to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dev_fair_employers as e')
      .innerJoin('dev_job_fairs as f', 'f.id', 'e.parent_id')
      .select(sql<number>`count(*)`.as('n'))
      .where(under('e.unit_path'))
      .where('f.held_on', '>=', from)
      .where('f.held_on', '<=', to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dev_placements')
      .select(sql<number>`count(distinct person_id)`.as('n'))
      .where(under('unit_path'))
      .where('placed_on', '>=', from)
      .where('placed_on', '<=', to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dev_relocations')
      .select([
        sql<number>`count(distinct org_unit_id)`.as('v'),
        sql<number>`coalesce(sum(people), 0)`.as('p'),
      ])
      .where(under('unit_path'))
      .where('handover_on', '<=', to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dev_enterprises')
      .select([sql<number>`count(*)`.as('e'), sql<number>`coalesce(sum(jobs), 0)`.as('j')])
      .where(under('unit_path'))
      .where('admitted_on', '<=', to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dev_projects')
      .select(sql<number>`count(*)`.as('n'))
      .where(under('unit_path'))
      .where('started_on', '<=', to)
      .where('status', '!=', 'stopped')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dev_service_centres')
      .select([
        sql<number>`coalesce(sum(case when built_on is not null and built_on <= ${to} then 1 else 0 end), 0)`.as(
          'b',
        ),
        sql<number>`coalesce(sum(case when built_on is null or built_on > ${to} then 1 else 0 end), 0)`.as(
          'p',
        ),
      ])
      .where(under('unit_path'))
      .where('planned_on', '<=', to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dev_welfare_posts')
      .select(sql<number>`count(distinct person_id)`.as('n'))
      .where(under('unit_path'))
      .where('pay_from', '<=', to)
      .where('pay_to', '>=', from)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dev_cleaners')
      .select(sql<number>`count(distinct person_id)`.as('n'))
      .where(under('unit_path'))
      .where('since', '<=', to)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>=', from)]))
      .executeTakeFirstOrThrow(),
    // One row per person per campaign period (a unique index), so a count is "once per campaign period".
    db
      .selectFrom('dev_campaign_signins as s')
      .innerJoin('dev_campaigns as c', 'c.id', 's.parent_id')
      .select([
        sql<number>`coalesce(sum(case when s.role = 'cadre' then 1 else 0 end), 0)`.as('cadres'),
        sql<number>`coalesce(sum(case when s.role = 'villager' then 1 else 0 end), 0)`.as('villagers'),
      ])
      .where(under('s.unit_path'))
      .where('c.period_from', '<=', to)
      .where('c.period_to', '>=', from)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    training: { attendances: n(training.a), people: n(training.p) },
    jobFairs: { fairs: n(fairs.n), employers: n(employers.n), placed: n(placed.n) },
    relocation: { villages: n(relocation.v), people: n(relocation.p) },
    incubator: { enterprises: n(incubator.e), jobs: n(incubator.j) },
    projects: n(projects.n),
    serviceCentres: { planned: n(centres.p), built: n(centres.b) },
    environment: {
      posts: n(posts.n),
      cleaners: n(cleaners.n),
      cadres: n(signins.cadres),
      villagers: n(signins.villagers),
    },
  };
}

/**
 * The summary endpoint: the figures of `summaryFor`, read from the in-memory index (summary.index.ts; a province in
 * milliseconds instead of the SQL's hundreds).
 */
export function createSummaryService({ db, index }: { db: Db; index: SummaryIndex }) {
  return {
    async summary(user: CurrentUser, q: { from: string; to: string; unitId?: number }) {
      const prefix = await scopedSubtree(db, user, q.unitId);
      if (prefix === null) throw notFound();
      return index.summary(prefix, q.from, q.to);
    },
  };
}
