import { calendarOf, type WorkCalendar } from '@fivestar/common';
import type { DbOrTrx } from '../../db/database.ts';

/**
 * The working-day calendar (statutory holidays and 调休 working days, editable in grid_calendar_days): grid time
 * limits and the public-notice window of star ratings both count on it.
 */
export async function loadWorkCalendar(db: DbOrTrx): Promise<WorkCalendar> {
  const days = await db.selectFrom('grid_calendar_days').select(['date', 'kind']).execute();
  return calendarOf(days as { date: string; kind: 'holiday' | 'workday' }[]);
}
