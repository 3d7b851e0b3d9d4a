import { sql } from 'kysely';
import type { AppMigration } from '../../../db/migration-kit.ts';
import type { Db } from '../../../db/database.ts';
import { pathUnder } from '../../../security/scope.ts';
import { countIntoRollups, rollupKeys } from '../compliance.rollup.ts';

/**
 * The compliance rollups (compliance.rollup.ts): windows met per county, type and window span, and meetings per
 * county, type and day, so a province's summary reads a few thousand rows instead of every window met. Backfilled
 * from pl_windows (branches' windows only) and pl_meetings: one grouped insert per county, then the rows of units
 * outside every county (none in a tree of province › city › county) through the same code the writers use.
 */
export const partylife0004: AppMigration = {
  name: 'partylife-0004-compliance-rollups',
  async up({ db: raw, dialect }) {
    const db = raw as unknown as Db;
    const pathType = dialect === 'postgres' ? sql`text collate "C"` : 'text';
    /** A rollup: the key's path, the key columns (text), the count; unique on `unique` (the writers' upsert). */
    const rollup = async (name: string, columns: string[], unique: string[]) => {
      let t = db.schema.createTable(name).addColumn('unit_path', pathType as 'text', (c) => c.notNull());
      for (const column of columns) t = t.addColumn(column, 'text', (c) => c.notNull());
      await t.addColumn('n', 'integer', (c) => c.notNull()).execute();
      await db.schema.createIndex(`${name}_key`).on(name).columns(unique).unique().execute();
      // The same with the count: the reads take every column from the index.
      await db.schema
        .createIndex(`${name}_read`)
        .on(name)
        .columns([...unique, 'n'])
        .execute();
    };
    // Read by a path range and window starts; by type, a path range and days.
    await rollup(
      'pl_window_counts',
      ['type', 'window_start', 'window_end'],
      ['unit_path', 'window_start', 'window_end', 'type'],
    );
    await rollup('pl_meeting_days', ['type', 'held_on'], ['type', 'unit_path', 'held_on']);

    await backfillRollups(db);
  },
};

/** Counts every window met and meeting recorded into the (empty) rollups. */
export async function backfillRollups(db: Db) {
  const counties = await db.selectFrom('org_units').select('path').where('level', '=', 'county').execute();
  for (const { path } of counties) {
    await sql`insert into pl_window_counts (unit_path, type, window_start, window_end, n)
        select ${path}, w.type, w.window_start, w.window_end, count(*) from pl_windows w
        where ${pathUnder('w.unit_path', path)}
          and exists (select 1 from party_branches b where b.org_unit_id = w.org_unit_id)
        group by w.type, w.window_start, w.window_end`.execute(db);
    await sql`insert into pl_meeting_days (unit_path, type, held_on, n)
        select ${path}, type, held_on, count(*) from pl_meetings
        where ${pathUnder('unit_path', path)}
        group by type, held_on`.execute(db);
  }
  // Units outside every county: keyed by their parent, written as the services write them.
  const units = await db.selectFrom('pl_meetings').select('unit_path').distinct().execute();
  const keys = await rollupKeys(
    db,
    units.map((u) => u.unit_path),
  );
  const countyPaths = new Set(counties.map((c) => c.path));
  for (const [path, key] of keys) {
    if (countyPaths.has(key)) continue;
    const [windows, meetings] = await Promise.all([
      db
        .selectFrom('pl_windows')
        .select(['org_unit_id', 'unit_path', 'type', 'window_start', 'window_end'])
        .where('unit_path', '=', path)
        .execute(),
      db
        .selectFrom('pl_meetings')
        .select(['unit_path', 'type', 'held_on'])
        .where('unit_path', '=', path)
        .execute(),
    ]);
    await countIntoRollups(db, windows, meetings);
  }
}
