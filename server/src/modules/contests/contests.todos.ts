import { sql } from 'kysely';
import type { TodoSource } from '../../kernel/module.ts';

export const CONTESTS_TODO_MESSAGES = {
  'contests.todo.score': { zh: '待评分的观摩村', en: 'Units waiting for your scores' },
  'contests.todo.close': { zh: '评分已齐、待收官的观摩评比', en: 'Rounds with every sheet in, to close' },
};

/**
 * The workbench's share: a judge's assigned units in open rounds without their sheet, and for a chair the open
 * rounds whose sheets are all in.
 */
export const contestsTodos: TodoSource = async ({ db, user }) => {
  const perms = user.permissions as string[];
  const groups = [];
  if (perms.includes('contest:score')) {
    const row = await db
      .selectFrom('contest_assignments as a')
      .innerJoin('contest_rounds as r', 'r.id', 'a.round_id')
      .select(sql<number>`count(*)`.as('n'))
      .where('a.user_id', '=', user.id)
      .where('r.status', '=', 'open')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('contest_sheets as s')
              .select('s.id')
              .whereRef('s.round_id', '=', 'a.round_id')
              .whereRef('s.org_unit_id', '=', 'a.org_unit_id')
              .whereRef('s.user_id', '=', 'a.user_id'),
          ),
        ),
      )
      .executeTakeFirstOrThrow();
    const n = Number(row.n);
    if (n > 0)
      groups.push({
        key: 'contests.score',
        label: 'contests.todo.score',
        count: n,
        path: '/contests/judge',
        nav: 'contests',
        tone: 'warning' as const,
      });
  }
  if (perms.includes('contest:manage')) {
    const rounds = await db
      .selectFrom('contest_rounds as r')
      .select((eb) => [
        'r.id',
        'r.stages',
        eb
          .selectFrom('contest_assignments as a')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('a.round_id', '=', 'r.id')
          .as('assigned'),
        eb
          .selectFrom('contest_sheets as s')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('s.round_id', '=', 'r.id')
          .as('sheets'),
      ])
      .where('r.chair_user_id', '=', user.id)
      .where('r.status', '=', 'open')
      .execute();
    const ready = rounds.filter(
      (r) =>
        Number(r.assigned) > 0 &&
        Number(r.sheets) >= Number(r.assigned) * (JSON.parse(r.stages) as unknown[]).length,
    );
    if (ready.length)
      groups.push({
        key: 'contests.close',
        label: 'contests.todo.close',
        count: ready.length,
        path: ready.length === 1 ? `/contests/${ready[0]!.id}` : '/contests',
        nav: 'contests',
        tone: 'normal' as const,
      });
  }
  return groups;
};
