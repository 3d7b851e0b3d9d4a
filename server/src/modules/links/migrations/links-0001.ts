import { sql } from 'kysely';
import { idColumn, idColumnType, type AppMigration } from '../../../db/migration-kit.ts';

/** Linked cadres and member–household links with their visits. */
export const links0001: AppMigration = {
  name: 'links-0001-links',
  async up({ db, dialect }) {
    const id = idColumn(dialect);
    const idType = idColumnType(dialect);
    const pathType = dialect === 'postgres' ? sql`text collate "C"` : 'text';
    await db.schema
      .createTable('cadre_links')
      .addColumn('id', idType, id)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.references('users.id'))
      .addColumn('person_id', 'integer', (c) => c.references('persons.id'))
      .addColumn('cadre_name', 'text', (c) => c.notNull())
      .addColumn('section', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('since', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('cadre_links_path')
      .on('cadre_links')
      .columns(['unit_path', 'kind'])
      .execute();
    await db.schema
      .createIndex('cadre_links_user')
      .on('cadre_links')
      .columns(['user_id', 'ended_at'])
      .execute();
    await db.schema.createIndex('cadre_links_person').on('cadre_links').column('person_id').execute();

    await db.schema
      .createTable('household_links')
      .addColumn('id', idType, id)
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('member_person_id', 'integer', (c) => c.notNull().references('persons.id'))
      .addColumn('lead_person_id', 'integer', (c) => c.references('persons.id'))
      .addColumn('household', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('visits', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_visit_on', 'text')
      .addColumn('ended_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('household_links_path').on('household_links').column('unit_path').execute();
    await db.schema
      .createIndex('household_links_member')
      .on('household_links')
      .column('member_person_id')
      .execute();

    await db.schema
      .createTable('link_visits')
      .addColumn('id', idType, id)
      .addColumn('link_id', 'integer', (c) => c.notNull().references('household_links.id'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('visited_on', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('visitor_id', 'integer', (c) => c.references('users.id'))
      .addColumn('visitor_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('link_visits_link')
      .on('link_visits')
      .columns(['link_id', 'visited_on'])
      .execute();
  },
};
