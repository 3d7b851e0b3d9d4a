import type { AppMigration } from '../../../db/migration-kit.ts';

/**
 * The summary's compliance reads every window met under a path (a province: one row per branch, type and window of
 * the year). With the unit, the window's start and end beside the path, the count per branch is read from the index
 * alone, in path and unit order (no lookup into the table for each row, no sort for the grouping); 0001's
 * `pl_windows_path` stays for the warnings. The theme-day count reads meetings of one type by path and day from
 * an index led by the type, instead of every meeting's row under the path.
 */
export const partylife0002: AppMigration = {
  name: 'partylife-0002-compliance-indexes',
  async up({ db }) {
    await db.schema
      .createIndex('pl_windows_path_unit')
      .ifNotExists()
      .on('pl_windows')
      .columns(['unit_path', 'org_unit_id', 'window_start', 'window_end'])
      .execute();
    await db.schema
      .createIndex('pl_meetings_type_path')
      .ifNotExists()
      .on('pl_meetings')
      .columns(['type', 'unit_path', 'held_on'])
      .execute();
  },
};
