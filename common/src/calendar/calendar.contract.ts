import { z } from 'zod';
import { defineContract, route } from '../contract.ts';
import { calendarDaySchema, calendarQuerySchema, calendarSetSchema } from './calendar.schemas.ts';

/** The working-day calendar: statutory holidays and 调休 working days, one year at a time. */
export const calendarContract = defineContract('calendar', {
  year: route({
    method: 'GET',
    path: '/api/calendar',
    access: 'authenticated',
    query: calendarQuerySchema,
    response: z.array(calendarDaySchema),
  }),
  setDay: route({
    method: 'POST',
    path: '/api/calendar',
    access: 'calendar:edit',
    body: calendarSetSchema,
    response: z.array(calendarDaySchema),
  }),
});
