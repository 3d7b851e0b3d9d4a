import type { DbOrTrx } from '../../db/database.ts';
import type { LastChange } from '../../http/versions.ts';

/** Who last changed a record, and when, from its newest successful audit row (for a 412's message). */
export async function lastChangeOf(
  db: DbOrTrx,
  objectType: string,
  objectId: number,
): Promise<LastChange | null> {
  const row = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.at', 'a.actor_name', 'u.display_name'])
    .where('a.object_type', '=', objectType)
    .where('a.object_id', '=', String(objectId))
    .where('a.result', '=', 'ok')
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { by: row.display_name ?? row.actor_name ?? '', at: Number(row.at) } : null;
}
