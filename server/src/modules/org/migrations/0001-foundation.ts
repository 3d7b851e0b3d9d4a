import { sql } from 'kysely';
import { idColumn, idColumnType, makeAppendOnly, type AppMigration } from '../../../db/migration-kit.ts';

/** Organisation tree, branches, people, grid stations and workers, roles, users, sessions, audit chain. */
export const foundation: AppMigration = {
  name: '0001-foundation',
  async up(ctx) {
    const { db, dialect } = ctx;
    const id = idColumn(dialect);
    const idType = idColumnType(dialect);

    await db.schema
      .createTable('app_meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('org_units')
      .addColumn('id', idType, id)
      .addColumn('parent_id', 'integer', (c) => c.references('org_units.id'))
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('path', dialect === 'postgres' ? sql`text collate "C"` : 'text', (c) => c.notNull())
      .addColumn('pinyin', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('org_units_path').on('org_units').column('path').execute();
    await db.schema.createIndex('org_units_parent').on('org_units').columns(['parent_id', 'sort']).execute();
    await db.schema.createIndex('org_units_level').on('org_units').column('level').execute();

    await db.schema
      .createTable('persons')
      .addColumn('id', idType, id)
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('gender', 'text')
      .addColumn('birth_date', 'text')
      .addColumn('id_number_enc', 'text')
      .addColumn('id_number_hash', 'text', (c) => c.unique())
      .addColumn('id_number_masked', 'text')
      .addColumn('phone_enc', 'text')
      .addColumn('phone_hash', 'text')
      .addColumn('phone_masked', 'text')
      .addColumn('is_party_member', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('persons_unit').on('persons').column('org_unit_id').execute();
    await db.schema.createIndex('persons_phone_hash').on('persons').column('phone_hash').execute();

    await db.schema
      .createTable('party_branches')
      .addColumn('id', idType, id)
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().unique().references('org_units.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('org_type', 'text', (c) => c.notNull())
      .addColumn('secretary_person_id', 'integer', (c) => c.references('persons.id'))
      .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_relocation_community', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('grid_stations')
      .addColumn('id', idType, id)
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('grid_stations_unit').on('grid_stations').column('org_unit_id').execute();

    await db.schema
      .createTable('grid_workers')
      .addColumn('id', idType, id)
      .addColumn('person_id', 'integer', (c) => c.notNull().unique().references('persons.id'))
      .addColumn('station_id', 'integer', (c) => c.notNull().references('grid_stations.id'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('since', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('grid_workers_unit').on('grid_workers').column('org_unit_id').execute();
    await db.schema.createIndex('grid_workers_station').on('grid_workers').column('station_id').execute();

    await db.schema
      .createTable('roles')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name_zh', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('permissions', 'text', (c) => c.notNull())
      .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', idType, id)
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role_code', 'text', (c) => c.notNull().references('roles.code'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('person_id', 'integer', (c) => c.references('persons.id'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'bigint')
      .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
      .addColumn('last_login_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_unit').on('users').column('org_unit_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', idType, id)
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_id', 'integer')
      .addColumn('actor_name', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('object_type', 'text')
      .addColumn('object_id', 'text')
      .addColumn('old_value', 'text')
      .addColumn('new_value', 'text')
      .addColumn('ip', 'text')
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'at']).execute();
    await makeAppendOnly(ctx, 'audit_log');
  },
};
