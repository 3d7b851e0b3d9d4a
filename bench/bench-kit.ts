import type { Db } from '../server/src/db/database.ts';
import { loadCurrentUser } from '../server/src/modules/auth/sessions.ts';
import type { CurrentUser } from '../server/src/http/current-user.ts';
import { timeIt } from './run.ts';

/** The first account bound to a unit of `level` (township, county, city, province), as the services see it. */
export async function firstUserAt(db: Db, level: string): Promise<CurrentUser> {
  const u = await db
    .selectFrom('users as u')
    .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
    .select('u.id')
    .where('o.level', '=', level)
    .orderBy('u.id')
    .limit(1)
    .executeTakeFirstOrThrow();
  return (await loadCurrentUser(db, u.id))!;
}

/** The shared baseline: one org unit read by primary key (median of 200 warm runs). */
export function primaryKeyBaseline(db: Db): Promise<number> {
  return timeIt(() => db.selectFrom('org_units').selectAll().where('id', '=', 12345).executeTakeFirst(), 200);
}
