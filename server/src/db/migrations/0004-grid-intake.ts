import type { AppMigration } from './helpers.ts';

/**
 * Duplicate hints at intake look for open reports of one type in one village over the last days. With only the
 * village index that read walked every report the village ever had (1 ms for a busy village, on every intake); an
 * index on (village, type, time) makes it a short range. It also covers every query the village-only index served,
 * so that one goes.
 */
export const gridIntake: AppMigration = {
  name: '0004-grid-intake',
  async up({ db }) {
    await db.schema
      .createIndex('grid_events_unit_type_time')
      .on('grid_events')
      .columns(['org_unit_id', 'type_code', 'reported_at'])
      .execute();
    await db.schema.dropIndex('grid_events_unit').execute();
  },
};
