import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../../db/database.ts';
import type { Database } from '../../../db/schema.ts';

/** The SQL of the event-type dictionary (two levels: 类型 and 子类; never deleted). */

export type TypeRow = Selectable<Database['grid_event_types']>;

export function allTypes(q: DbOrTrx): Promise<TypeRow[]> {
  return q.selectFrom('grid_event_types').selectAll().orderBy('sort').orderBy('id').execute();
}

export function typeById(q: DbOrTrx, id: number): Promise<TypeRow | undefined> {
  return q.selectFrom('grid_event_types').selectAll().where('id', '=', id).executeTakeFirst();
}

export function typeOfCode(q: DbOrTrx, code: string): Promise<TypeRow | undefined> {
  return q.selectFrom('grid_event_types').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertType(q: DbOrTrx, row: Insertable<Database['grid_event_types']>): Promise<number> {
  return (await q.insertInto('grid_event_types').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateType(
  q: DbOrTrx,
  id: number,
  patch: Updateable<Database['grid_event_types']>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await q.updateTable('grid_event_types').set(patch).where('id', '=', id).execute();
}

export function activeSubTypes(q: DbOrTrx, parentCode: string): Promise<Pick<TypeRow, 'id' | 'code'>[]> {
  return q
    .selectFrom('grid_event_types')
    .select(['id', 'code'])
    .where('parent_code', '=', parentCode)
    .where('active', '=', 1)
    .execute();
}

/** Dispute sub-types by their Chinese name (an imported dispute ledger names its types). */
export async function disputeSubTypesByName(q: DbOrTrx): Promise<Map<string, string>> {
  const rows = await q
    .selectFrom('grid_event_types')
    .select(['code', 'name_zh'])
    .where('class', '=', 'dispute')
    .where('parent_code', 'is not', null)
    .execute();
  return new Map(rows.map((t) => [t.name_zh, t.code]));
}
