import { sql } from 'kysely';
import { idColumn, idColumnType, type AppMigration } from '../../../db/migration-kit.ts';

/** Public notices (公示) of any module, their items and the public's objections. */
export const publicity0001: AppMigration = {
  name: 'publicity-0001-notices',
  async up({ db, dialect }) {
    const id = idColumn(dialect);
    const idType = idColumnType(dialect);
    const pathType = dialect === 'postgres' ? sql`text collate "C"` : 'text';
    await db.schema
      .createTable('publicity_notices')
      .addColumn('id', idType, id)
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_id', 'integer', (c) => c.notNull())
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text')
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      .addColumn('working_days', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('publicity_notices_source')
      .on('publicity_notices')
      .columns(['source', 'source_id'])
      .execute();
    await db.schema
      .createIndex('publicity_notices_path')
      .on('publicity_notices')
      .column('unit_path')
      .execute();
    await db.schema
      .createTable('publicity_items')
      .addColumn('id', idType, id)
      .addColumn('notice_id', 'integer', (c) => c.notNull().references('publicity_notices.id'))
      .addColumn('ref', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('sort', 'integer', (c) => c.notNull())
      .addUniqueConstraint('publicity_items_ref', ['notice_id', 'ref'])
      .execute();
    await db.schema
      .createTable('publicity_objections')
      .addColumn('id', idType, id)
      .addColumn('notice_id', 'integer', (c) => c.notNull().references('publicity_notices.id'))
      .addColumn('item_ref', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('contact_enc', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reply', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('resolved_at', 'bigint')
      .addColumn('resolved_by', 'integer', (c) => c.references('users.id'))
      .execute();
    await db.schema
      .createIndex('publicity_objections_notice')
      .on('publicity_objections')
      .columns(['notice_id', 'status'])
      .execute();
  },
};
