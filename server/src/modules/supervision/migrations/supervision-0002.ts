import { sql } from 'kysely';
import type { AppMigration } from '../../../db/migration-kit.ts';

/** Per-village item counts as of a day, so a province's summary sums one row per village. */
export const supervision0002: AppMigration = {
  name: 'supervision-0002-unit-counts',
  async up({ db, dialect }) {
    const pathType = dialect === 'postgres' ? sql`text collate "C"` : 'text';
    await db.schema
      .createTable('sv_unit_counts')
      .addColumn('org_unit_id', 'integer', (c) => c.primaryKey())
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('closed', 'integer', (c) => c.notNull())
      .addColumn('red', 'integer', (c) => c.notNull())
      .addColumn('yellow', 'integer', (c) => c.notNull())
      .addColumn('blue', 'integer', (c) => c.notNull())
      .execute();
    // Covering: the sums read the index alone.
    await db.schema
      .createIndex('sv_unit_counts_path')
      .on('sv_unit_counts')
      .columns(['unit_path', 'day', 'total', 'closed', 'red', 'yellow', 'blue'])
      .execute();
  },
};
