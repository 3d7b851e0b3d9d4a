import { AWAITING_REPLY_STATUSES, type EventStatus } from '@fivestar/common';
import { sql } from 'kysely';
import type { TodoSource } from '../../kernel/module.ts';
import { pathUnder } from '../../security/scope.ts';

/** The workbench labels of the grid's to-dos (merged into the module's messages). */
export const GRID_TODO_MESSAGES = {
  'grid.todo.accept': { zh: '待受理的事件', en: 'Events to accept' },
  'grid.todo.verify': { zh: '待核查的回复', en: 'Replies to verify' },
  'grid.todo.reply': { zh: '待办理回复的事件', en: 'Events to handle and answer' },
};

/**
 * The grid's share of the workbench: for the centre (grid:dispatch) the reports to accept and the replies to verify in
 * its area; for a handler (grid:handle) the events dispatched to its unit (or its village's, when no handler unit
 * was named) still waiting for an answer — red when one is past its time limit.
 */
export const gridTodos: TodoSource = async ({ db, user, now }) => {
  const perms = user.permissions as string[];
  const groups = [];
  const count = async (status: EventStatus) =>
    Number(
      (
        await db
          .selectFrom('grid_events')
          .select(sql<number>`count(*)`.as('n'))
          .where('status', '=', status)
          .where(pathUnder('unit_path', user.unitPath))
          .executeTakeFirstOrThrow()
      ).n,
    );
  if (perms.includes('grid:dispatch')) {
    groups.push({
      key: 'grid.accept',
      label: 'grid.todo.accept',
      count: await count('reported'),
      path: '/events/board',
      nav: 'events',
      tone: 'warning' as const,
    });
    groups.push({
      key: 'grid.verify',
      label: 'grid.todo.verify',
      count: await count('replied'),
      path: '/events/board',
      nav: 'events',
      tone: 'normal' as const,
    });
  }
  if (perms.includes('grid:handle')) {
    const row = await db
      .selectFrom('grid_events')
      .select([
        sql<number>`count(*)`.as('n'),
        sql<number>`sum(case when due_at is not null and due_at < ${now} then 1 else 0 end)`.as('late'),
      ])
      .where('status', 'in', AWAITING_REPLY_STATUSES)
      .where(pathUnder('unit_path', user.unitPath))
      .where((eb) =>
        eb.or([
          eb('handler_unit_id', '=', user.unitId),
          eb.and([eb('handler_unit_id', 'is', null), eb('org_unit_id', '=', user.unitId)]),
        ]),
      )
      .executeTakeFirstOrThrow();
    groups.push({
      key: 'grid.reply',
      label: 'grid.todo.reply',
      count: Number(row.n),
      path: '/events/board?awaiting=me',
      nav: 'events',
      tone: Number(row.late ?? 0) > 0 ? ('danger' as const) : ('normal' as const),
    });
  }
  return groups;
};
