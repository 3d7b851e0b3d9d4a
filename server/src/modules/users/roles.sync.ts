import { BUILTIN_ROLES, mixesDuties } from '@fivestar/common';
import type { Db } from '../../db/database.ts';

/** Inserts the built-in roles that are missing and refreshes the permissions of built-in ones. A role in the table
 * (built-in or added by a deployment) that mixes user administration with audit reading stops start-up. */
export async function syncBuiltinRoles(db: Db) {
  for (const role of BUILTIN_ROLES) {
    const values = {
      name_zh: role.nameZh,
      name_en: role.nameEn,
      permissions: JSON.stringify(role.permissions),
      builtin: 1,
    };
    const existing = await db
      .selectFrom('roles')
      .select('code')
      .where('code', '=', role.code)
      .executeTakeFirst();
    if (existing) await db.updateTable('roles').set(values).where('code', '=', role.code).execute();
    else
      await db
        .insertInto('roles')
        .values({ code: role.code, ...values })
        .execute();
  }
  const mixed = (await db.selectFrom('roles').select(['code', 'permissions']).execute()).filter((r) =>
    mixesDuties(JSON.parse(r.permissions) as string[]),
  );
  if (mixed.length > 0) {
    throw new Error(
      `separated duties: role(s) ${mixed.map((r) => r.code).join(', ')} hold both user:admin and audit:read`,
    );
  }
}
