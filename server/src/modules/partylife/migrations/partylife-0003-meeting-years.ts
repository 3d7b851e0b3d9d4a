import type { AppMigration } from '../../../db/migration-kit.ts';

/**
 * The compliance page opens on the latest year with meetings recorded in the caller's area: whether a year holds any
 * meeting under a path is one seek on (year, path) rather than a walk over every meeting under the path.
 */
export const partylife0003: AppMigration = {
  name: 'partylife-0003-meeting-years',
  async up({ db }) {
    await db.schema
      .createIndex('pl_meetings_year_path')
      .ifNotExists()
      .on('pl_meetings')
      .columns(['year', 'unit_path'])
      .execute();
  },
};
