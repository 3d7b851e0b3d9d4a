import type { AppMigration } from '../../../db/migration-kit.ts';

/**
 * Duplicate hints at intake look for open reports of one type in one village over the last days. With only the
 * village index that read walked every report the village ever had (1 ms for a busy village, on every intake); an
 * index on (village, type, time) makes it a short range. It also covers every query the village-only index served,
 * so that one goes. The time-only index goes too (see below).
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
    // Every query on events is scoped by the village path (eventScope), so (unit_path, reported_at) serves "scope +
    // time". The time-only index tempted SQLite into reading a whole province's year for one township's summary
    // (35 s instead of milliseconds on 10 million events).
    await db.schema.dropIndex('grid_events_time').execute();
    // Province and city summaries read the day rows at the edges of their range for every county: by period first,
    // that is a month of rows, not every day of every county (144 ms → 48 ms cold on 10 million events).
    await db.schema
      .createIndex('grid_event_counts_period')
      .on('grid_event_counts')
      .columns(['grain', 'period', 'county_path'])
      .execute();
  },
};
