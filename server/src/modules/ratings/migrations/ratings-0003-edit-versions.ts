import type { AppMigration } from '../../../db/migration-kit.ts';

/** Optimistic concurrency (docs/security.md item 36): standards and applications carry an edit version. */
export const ratingsEditVersions: AppMigration = {
  name: 'ratings-0003-edit-versions',
  async up({ db }) {
    for (const table of ['rating_standards', 'star_applications'])
      await db.schema
        .alterTable(table)
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
  },
};
