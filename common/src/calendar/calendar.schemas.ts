import { z } from 'zod';

/** True for a real civil date 'YYYY-MM-DD' between 1900 and 2100 (no 2026-02-31, no 2026-13-01). */
export function isCivilDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  if (year < 1900 || year > 2100) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** A civil date, 'YYYY-MM-DD', that exists. */
export const dateSchema = z.string().refine(isCivilDate, 'err.date.format');

export const calendarDaySchema = z.object({
  date: z.string(),
  kind: z.enum(['holiday', 'workday']),
  name: z.string(),
  provisional: z.boolean(),
});
export const calendarQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const calendarSetSchema = z.strictObject({
  date: dateSchema,
  /** null removes the entry (the day follows the weekday rule again). */
  kind: z.enum(['holiday', 'workday']).nullable(),
  name: z.string().trim().max(40).default(''),
});
export type CalendarDay = z.infer<typeof calendarDaySchema>;
