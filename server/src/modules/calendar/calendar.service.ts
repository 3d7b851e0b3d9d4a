import { calendarOf, type CalendarDay, type WorkCalendar } from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import type { CacheVersions } from '../../kernel/cache-versions.ts';
import type { AuditService } from '../audit/index.ts';

/**
 * The working-day calendar (statutory holidays and 调休 working days, editable): grid time limits, the public-notice
 * window of star ratings and every other deadline count on it. Read often, changed a few times a year, so it is kept
 * in memory and reloaded after a change — by every server process (a versioned cache, kernel/cache-versions.ts).
 */
export function createCalendarService({
  db,
  audit,
  caches,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  caches: CacheVersions;
}) {
  const cached = caches.cached<WorkCalendar>('calendar', async (q) =>
    calendarOf(await q.selectFrom('grid_calendar_days').select(['date', 'kind']).execute()),
  );

  async function year(y: number): Promise<CalendarDay[]> {
    const rows = await db
      .selectFrom('grid_calendar_days')
      .selectAll()
      .where('date', '>=', `${y}-01-01`)
      .where('date', '<=', `${y}-12-31`)
      .orderBy('date')
      .execute();
    return rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name, provisional: r.provisional === 1 }));
  }

  return {
    year,

    /** The calendar as the rules use it (cached; `q` lets a transaction read it). */
    workCalendar(q: DbOrTrx = db): Promise<WorkCalendar> {
      return cached.get(q);
    },

    /** Marks a day as a holiday or a 调休 working day, or (kind null) returns it to the weekday rule. */
    async setDay(
      user: CurrentUser,
      input: { date: string; kind: 'holiday' | 'workday' | null; name: string },
      ip: string,
    ): Promise<CalendarDay[]> {
      await db.transaction().execute(async (trx) => {
        const old = await trx
          .selectFrom('grid_calendar_days')
          .selectAll()
          .where('date', '=', input.date)
          .executeTakeFirst();
        await trx.deleteFrom('grid_calendar_days').where('date', '=', input.date).execute();
        if (input.kind)
          await trx
            .insertInto('grid_calendar_days')
            .values({ date: input.date, kind: input.kind, name: input.name, provisional: 0 })
            .execute();
        await cached.bump(trx);
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'calendar.set',
          objectType: 'calendar_day',
          objectId: input.date,
          oldValue: old ?? null,
          newValue: input,
          ip,
        });
      });
      return year(Number(input.date.slice(0, 4)));
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
