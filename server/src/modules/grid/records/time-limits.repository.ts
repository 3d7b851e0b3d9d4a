import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../../db/database.ts';
import type { Database } from '../../../db/schema.ts';

/** The SQL of time limits: one row per class, type ('' = the class's default) and stage. */

export type TimeLimitRow = Selectable<Database['grid_time_limits']>;

export function allTimeLimits(q: DbOrTrx): Promise<TimeLimitRow[]> {
  return q
    .selectFrom('grid_time_limits')
    .selectAll()
    .orderBy('class')
    .orderBy('type_code')
    .orderBy('stage')
    .execute();
}

/** Sets the limit of one class, type and stage (replacing the one there was). */
export async function replaceTimeLimit(q: DbOrTrx, row: Omit<TimeLimitRow, 'id'>): Promise<void> {
  await q
    .deleteFrom('grid_time_limits')
    .where('class', '=', row.class)
    .where('type_code', '=', row.type_code)
    .where('stage', '=', row.stage)
    .execute();
  await q.insertInto('grid_time_limits').values(row).execute();
}
