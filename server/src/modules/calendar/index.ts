import { calendarContract } from '@fivestar/common';
import { serve } from '../../http/serve.ts';
import { defineModule } from '../../kernel/module.ts';
import { createCalendarService } from './calendar.service.ts';
import './calendar.tables.ts';

export type { CalendarService } from './calendar.service.ts';

/**
 * The working-day calendar every deadline counts on (grid time limits, notice windows, task deadlines). Its table was
 * created by the grid's migration 0003, when the calendar lived there; the statutory days come seeded.
 */
export const calendarModule = defineModule({
  name: 'calendar',
  register: ({ app, db, audit, clock, caches }) => {
    const calendar = createCalendarService({ db, audit, clock, caches });
    serve(app, calendarContract, {
      year: ({ query }) => calendar.year(query.year),
      setDay: ({ user, body, ip }) => calendar.setDay(user, body, ip),
    });
    return calendar;
  },
});
