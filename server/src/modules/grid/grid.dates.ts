import { chinaStartOfDay } from '@fivestar/common';
import { sql } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import { invalidField } from '../../http/errors.ts';

/** Dates in the grid module are China dates ('YYYY-MM-DD'); instants are epoch ms. */
export const DAY_MS = 86_400_000;

/** [from 00:00, to 24:00) in China as epoch ms; `from` after `to` is a 400 on `from`. */
export function dateRange(from: string, to: string) {
  if (from > to) throw invalidField('from', 'grid.date_range');
  return { start: chinaStartOfDay(from), end: chinaStartOfDay(to) + DAY_MS };
}

/** A calendar year in China as [start, end) epoch ms. */
export function yearRange(year: number) {
  return { start: chinaStartOfDay(`${year}-01-01`), end: chinaStartOfDay(`${year + 1}-01-01`) };
}

/** Month 'YYYY-MM' (China time) of an epoch-ms column, per engine. */
export function monthExpr(dialect: Dialect, column: string) {
  return dialect === 'postgres'
    ? sql<string>`to_char(to_timestamp((${sql.ref(column)} + 28800000) / 1000.0) at time zone 'UTC', 'YYYY-MM')`
    : sql<string>`strftime('%Y-%m', (${sql.ref(column)} + 28800000) / 1000, 'unixepoch')`;
}
