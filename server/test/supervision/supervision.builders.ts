import { defaultStandard } from '@fivestar/common';
import type { Unit, Village, World } from '../builders.ts';

/** A published standard of the defaults for a year (idempotent per year and kind). */
export async function publishStandard(w: World, year: number, kind: 'rural' | 'urban' = 'rural') {
  const { db } = w.database;
  const have = await db
    .selectFrom('rating_standards')
    .select('id')
    .where('year', '=', year)
    .where('branch_kind', '=', kind)
    .executeTakeFirst();
  if (have) return have.id;
  const now = w.clock.now();
  const row = await db
    .insertInto('rating_standards')
    .values({
      year,
      branch_kind: kind,
      status: 'published',
      definition: JSON.stringify(defaultStandard(kind)),
      created_at: now,
      updated_at: now,
      published_at: now,
      published_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A star held by a village for a year, from any source ('import', 'seed', …), with its derived rating. */
export async function award(
  w: World,
  village: Village,
  year: number,
  star: string,
  source: 'cycle' | 'import' | 'seed' = 'import',
) {
  const { db } = w.database;
  const row = await db
    .insertInto('star_awards')
    .values({
      branch_id: village.branchId,
      org_unit_id: village.id,
      unit_path: village.path,
      year,
      star_code: star,
      status: 'active',
      application_id: null,
      source,
      awarded_at: w.clock.now(),
      awarded_by: null,
      revoked_at: null,
      revoked_by: null,
      revoked_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const held = await db
    .selectFrom('star_awards')
    .select('star_code')
    .where('branch_id', '=', village.branchId)
    .where('year', '=', year)
    .where('status', '=', 'active')
    .execute();
  await db
    .deleteFrom('branch_ratings')
    .where('branch_id', '=', village.branchId)
    .where('year', '=', year)
    .execute();
  await db
    .insertInto('branch_ratings')
    .values({
      branch_id: village.branchId,
      year,
      unit_path: village.path,
      star_count: held.length,
      stars: held.map((h) => h.star_code).join(','),
      updated_at: w.clock.now(),
    })
    .execute();
  return row.id;
}

export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export const unitOf = (u: Unit) => ({ id: u.id, path: u.path });
