import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../../db/database.ts';
import type { Database } from '../../../db/schema.ts';

/** The SQL of report photos (stored as base64 in `grid_attachments`; attached to a report once used). */

type PhotoRow = Selectable<Database['grid_attachments']>;

export async function insertPhoto(
  q: DbOrTrx,
  row: Insertable<Database['grid_attachments']>,
): Promise<number> {
  return (await q.insertInto('grid_attachments').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function photoById(q: DbOrTrx, id: number): Promise<PhotoRow | undefined> {
  return q.selectFrom('grid_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** How many of `ids` the user uploaded and has not attached to a report yet. */
export async function countUnusedOwn(q: DbOrTrx, userId: number, ids: number[]): Promise<number> {
  const rows = await q
    .selectFrom('grid_attachments')
    .select('id')
    .where('id', 'in', ids)
    .where('uploader_id', '=', userId)
    .where('event_id', 'is', null)
    .execute();
  return rows.length;
}

export async function attachPhotos(q: DbOrTrx, ids: number[], eventId: number): Promise<void> {
  await q.updateTable('grid_attachments').set({ event_id: eventId }).where('id', 'in', ids).execute();
}
