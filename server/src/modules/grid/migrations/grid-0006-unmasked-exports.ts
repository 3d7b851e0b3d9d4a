import { idColumn, idColumnType, type AppMigration } from '../../../db/migration-kit.ts';

/** Unmasked ledger exports waiting for, holding or having used their second approval (docs/security.md item 18). */
export const gridUnmaskedExports: AppMigration = {
  name: 'grid-0006-unmasked-exports',
  async up({ db, dialect }) {
    await db.schema
      .createTable('grid_export_requests')
      .addColumn('id', idColumnType(dialect), idColumn(dialect))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('date_from', 'text')
      .addColumn('date_to', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('requested_name', 'text', (c) => c.notNull())
      .addColumn('unit_path', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'bigint', (c) => c.notNull())
      .addColumn('approved_by', 'integer', (c) => c.references('users.id'))
      .addColumn('approved_name', 'text')
      .addColumn('approved_at', 'bigint')
      .addColumn('downloaded_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('grid_export_requests_requester')
      .on('grid_export_requests')
      .column('requested_by')
      .execute();
  },
};
