import { sql } from 'kysely';
import { idColumn, idColumnType, type AppMigration } from '../../../db/migration-kit.ts';

/**
 * Files on registry records (vouchers, photos, PDFs): one row per file, naming the registry and the record, with
 * the record's village and path (a read is scoped like the record) and the content hash the file store keeps the
 * bytes under.
 */
export const developmentFiles: AppMigration = {
  name: 'development-0003-files',
  async up({ db, dialect }) {
    const pathType = dialect === 'postgres' ? sql`text collate "C"` : 'text';
    await db.schema
      .createTable('dev_files')
      .addColumn('id', idColumnType(dialect), idColumn(dialect))
      .addColumn('registry', 'text', (c) => c.notNull())
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('ext', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('dev_files_record')
      .on('dev_files')
      .columns(['registry', 'record_id', 'id'])
      .execute();
  },
};
