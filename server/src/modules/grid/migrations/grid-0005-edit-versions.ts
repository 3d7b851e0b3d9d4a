import type { AppMigration } from '../../../db/migration-kit.ts';

/** Optimistic concurrency (docs/security.md item 36): an event carries an edit version, raised by every action. */
export const gridEditVersions: AppMigration = {
  name: 'grid-0005-edit-versions',
  async up({ db }) {
    await db.schema
      .alterTable('grid_events')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  },
};
