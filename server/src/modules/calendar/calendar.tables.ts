/** One day that differs from the weekday rule (created by migration 0003-grid, when the calendar was the grid's). */
export interface CalendarDaysTable {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  /** 1: a future year's days published ahead of the State Council's notice, to be confirmed. */
  provisional: number;
}

export interface CalendarTables {
  grid_calendar_days: CalendarDaysTable;
}

declare module '../../db/schema.ts' {
  interface Database extends CalendarTables {}
}
