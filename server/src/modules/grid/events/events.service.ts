import type { EventDetail, EventListQuery, Reminder } from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { Db, DbOrTrx } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { notFound } from '../../../http/errors.ts';
import { toDetail, toSummary } from './event-view.ts';
import {
  detailRow,
  eventParts,
  findEvent,
  listEvents,
  overdueEvents,
  supervisedEvents,
  type EventRow,
} from './events.repository.ts';

/** Reading reports: one in detail, the board's list, the overdue ones and the caller's reminders. */
export function createEvents({ db, clock }: { db: Db; clock: Clock }) {
  return {
    /** One report in the caller's scope (404 otherwise), as the API shows it. */
    async get(user: CurrentUser, id: number, q: DbOrTrx = db): Promise<EventDetail> {
      const row = await detailRow(q, user, id);
      if (!row) throw notFound();
      const { parties, photoIds, log } = await eventParts(q, id);
      return toDetail(row, parties, photoIds, log, clock.now());
    },

    /** The edit version of a report (sent as its ETag; item 36). */
    async version(id: number, q: DbOrTrx = db): Promise<number> {
      const row = await q.selectFrom('grid_events').select('version').where('id', '=', id).executeTakeFirst();
      return Number(row?.version ?? 1);
    },

    /** The raw row of a report in the caller's scope, for a write (404 otherwise). */
    async row(q: DbOrTrx, user: CurrentUser, id: number): Promise<EventRow> {
      const row = await findEvent(q, user, id);
      if (!row) throw notFound();
      return row;
    },

    async list(user: CurrentUser, query: EventListQuery) {
      const now = clock.now();
      const { total, rows } = await listEvents(db, user, query, now);
      return { items: rows.map((r) => toSummary(r, now)), total, page: query.page, pageSize: query.pageSize };
    },

    async overdue(user: CurrentUser) {
      const now = clock.now();
      return (await overdueEvents(db, user, now)).map((r) => toSummary(r, now));
    },

    /** In-app reminders: the caller's open work that is yellow or red. */
    async reminders(user: CurrentUser): Promise<Reminder[]> {
      const now = clock.now();
      return (await supervisedEvents(db, user, now)).map((r) => {
        const s = toSummary(r, now);
        return {
          eventId: s.id,
          code: s.code,
          level: s.supervision,
          status: s.status,
          dueAt: s.dueAt,
          message: s.supervision === 'red' ? 'grid.reminder.overdue' : 'grid.reminder.due_soon',
        };
      });
    },
  };
}

export type Events = ReturnType<typeof createEvents>;
