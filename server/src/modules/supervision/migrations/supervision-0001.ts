import { sql } from 'kysely';
import { idColumn, idColumnType, type AppMigration } from '../../../db/migration-kit.ts';

/** Task, problem and duty lists with their log, files and extensions; teams and visits; star reviews. */
export const supervision0001: AppMigration = {
  name: 'supervision-0001-lists',
  async up({ db, dialect }) {
    const id = idColumn(dialect);
    const idType = idColumnType(dialect);
    const pathType = dialect === 'postgres' ? sql`text collate "C"` : 'text';

    await db.schema
      .createTable('sv_items')
      .addColumn('id', idType, id)
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('parent_unit_id', 'integer')
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('list', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('star_code', 'text', (c) => c.notNull())
      .addColumn('indicator_code', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('measures', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('evidence_required', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('evidence_min', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('owner_user_id', 'integer', (c) => c.references('users.id'))
      .addColumn('owner_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('checker_user_id', 'integer', (c) => c.references('users.id'))
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('deadline', 'text', (c) => c.notNull())
      .addColumn('blue_on', 'text', (c) => c.notNull())
      .addColumn('yellow_on', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('extensions', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('files', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('visit_id', 'integer')
      .addColumn('submitted_by', 'integer')
      .addColumn('red_notified', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('closed_at', 'bigint')
      .addColumn('closed_by', 'integer')
      .execute();
    // Scope + counts: the summary and the wall read (path, status, deadline, slip dates) from the index alone.
    await db.schema
      .createIndex('sv_items_scope')
      .on('sv_items')
      .columns(['unit_path', 'status', 'deadline', 'yellow_on', 'blue_on'])
      .execute();
    await db.schema
      .createIndex('sv_items_unit_year')
      .on('sv_items')
      .columns(['org_unit_id', 'year', 'list'])
      .execute();
    await db.schema
      .createIndex('sv_items_owner')
      .on('sv_items')
      .columns(['owner_user_id', 'status'])
      .execute();
    await db.schema
      .createIndex('sv_items_checker')
      .on('sv_items')
      .columns(['checker_user_id', 'status'])
      .execute();
    await db.schema
      .createIndex('sv_items_parent')
      .on('sv_items')
      .columns(['parent_unit_id', 'status', 'deadline'])
      .execute();

    await db.schema
      .createTable('sv_item_log')
      .addColumn('id', idType, id)
      .addColumn('item_id', 'integer', (c) => c.notNull().references('sv_items.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text')
      .addColumn('actor_id', 'integer')
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('progress', 'integer')
      .addColumn('file_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sv_item_log_item').on('sv_item_log').column('item_id').execute();

    await db.schema
      .createTable('sv_files')
      .addColumn('id', idType, id)
      .addColumn('item_id', 'integer', (c) => c.references('sv_items.id'))
      .addColumn('visit_id', 'integer')
      .addColumn('org_unit_id', 'integer', (c) => c.notNull())
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'integer')
      .addColumn('uploaded_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sv_files_item').on('sv_files').column('item_id').execute();
    await db.schema.createIndex('sv_files_visit').on('sv_files').column('visit_id').execute();

    await db.schema
      .createTable('sv_extensions')
      .addColumn('id', idType, id)
      .addColumn('item_id', 'integer', (c) => c.notNull().references('sv_items.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('from_deadline', 'text', (c) => c.notNull())
      .addColumn('to_deadline', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'integer')
      .addColumn('requested_name', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'bigint', (c) => c.notNull())
      .addColumn('decided_by', 'integer')
      .addColumn('decided_name', 'text')
      .addColumn('decided_at', 'bigint')
      .addColumn('decision_reason', 'text')
      .execute();
    await db.schema.createIndex('sv_extensions_item').on('sv_extensions').column('item_id').execute();
    await db.schema
      .createIndex('sv_extensions_pending')
      .on('sv_extensions')
      .columns(['status', 'unit_path'])
      .execute();

    await db.schema
      .createTable('sv_teams')
      .addColumn('id', idType, id)
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('leader_user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('members', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sv_teams_path').on('sv_teams').column('unit_path').execute();

    await db.schema
      .createTable('sv_visits')
      .addColumn('id', idType, id)
      .addColumn('team_id', 'integer', (c) => c.notNull().references('sv_teams.id'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('visited_on', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sv_visits_path')
      .on('sv_visits')
      .columns(['unit_path', 'visited_on'])
      .execute();
    await db.schema.createIndex('sv_visits_team').on('sv_visits').column('team_id').execute();

    await db.schema
      .createTable('sv_settings')
      .addColumn('org_unit_id', 'integer', (c) => c.primaryKey())
      .addColumn('blue_days', 'integer', (c) => c.notNull())
      .addColumn('behind_points', 'integer', (c) => c.notNull())
      .addColumn('flag_count', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sv_star_reviews')
      .addColumn('id', idType, id)
      .addColumn('award_id', 'integer')
      .addColumn('branch_id', 'integer', (c) => c.notNull())
      .addColumn('org_unit_id', 'integer', (c) => c.notNull())
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('star_code', 'text', (c) => c.notNull())
      .addColumn('indicator_code', 'text')
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('event_id', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'bigint', (c) => c.notNull())
      .addColumn('decided_by', 'integer')
      .addColumn('decided_name', 'text')
      .addColumn('decided_at', 'bigint')
      .addColumn('decision_reason', 'text')
      .execute();
    await db.schema
      .createIndex('sv_star_reviews_path')
      .on('sv_star_reviews')
      .columns(['unit_path', 'status'])
      .execute();
    await db.schema
      .createIndex('sv_star_reviews_event')
      .on('sv_star_reviews')
      .columns(['event_id', 'star_code'])
      .unique()
      .execute();

    await db.schema
      .createTable('sv_star_decisions')
      .addColumn('id', idType, id)
      .addColumn('award_id', 'integer', (c) => c.notNull())
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('review_id', 'integer')
      .addColumn('actor_id', 'integer')
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sv_star_decisions_award')
      .on('sv_star_decisions')
      .column('award_id')
      .execute();
    await db.schema.createIndex('sv_star_decisions_at').on('sv_star_decisions').column('at').execute();

    await db.schema
      .createTable('sv_state')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
