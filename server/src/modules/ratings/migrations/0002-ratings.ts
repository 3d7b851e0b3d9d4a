import { sql } from 'kysely';
import { idColumn, idColumnType, type AppMigration } from '../../../db/migration-kit.ts';

/** Star standards by year, targets, applications with per-indicator results, evidence, awards, notices. */
export const ratings: AppMigration = {
  name: '0002-ratings',
  async up({ db, dialect }) {
    const id = idColumn(dialect);
    const idType = idColumnType(dialect);
    const pathType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

    await db.schema
      .createTable('rating_standards')
      .addColumn('id', idType, id)
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('branch_kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('published_at', 'bigint')
      .addColumn('published_by', 'integer')
      .addUniqueConstraint('rating_standards_year_kind', ['year', 'branch_kind'])
      .execute();

    await db.schema
      .createTable('rating_targets')
      .addColumn('id', idType, id)
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('levels', 'text', (c) => c.notNull())
      .addColumn('stars', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('rating_targets_unit_year', ['org_unit_id', 'year'])
      .execute();

    await db.schema
      .createTable('rating_notices')
      .addColumn('id', idType, id)
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('awarded_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('rating_notices_path')
      .on('rating_notices')
      .columns(['unit_path', 'year'])
      .execute();

    await db.schema
      .createTable('star_applications')
      .addColumn('id', idType, id)
      .addColumn('branch_id', 'integer', (c) => c.notNull().references('party_branches.id'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('star_code', 'text', (c) => c.notNull())
      .addColumn('standard_id', 'integer', (c) => c.notNull().references('rating_standards.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('round', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('notice_id', 'integer', (c) => c.references('rating_notices.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('star_applications_branch_year_star', ['branch_id', 'year', 'star_code'])
      .execute();
    await db.schema
      .createIndex('star_applications_year_path')
      .on('star_applications')
      .columns(['year', 'unit_path', 'status'])
      .execute();
    await db.schema
      .createIndex('star_applications_notice')
      .on('star_applications')
      .column('notice_id')
      .execute();

    await db.schema
      .createTable('indicator_results')
      .addColumn('id', idType, id)
      .addColumn('application_id', 'integer', (c) => c.notNull().references('star_applications.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('met', 'integer')
      .addColumn('value', 'double precision')
      .addColumn('triggered', 'integer')
      .addColumn('note', 'text')
      .addColumn('review', 'text', (c) => c.notNull().defaultTo('pending'))
      .addColumn('review_comment', 'text')
      .addColumn('reviewed_by', 'integer')
      .addColumn('reviewed_at', 'bigint')
      .addColumn('reviewed_snapshot', 'text')
      .addColumn('changed_since_review', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('indicator_results_app_code', ['application_id', 'code'])
      .execute();

    await db.schema
      .createTable('rating_events')
      .addColumn('id', idType, id)
      .addColumn('application_id', 'integer', (c) => c.notNull().references('star_applications.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'integer')
      .addColumn('actor_name', 'text')
      .addColumn('reason', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('rating_events_app')
      .on('rating_events')
      .columns(['application_id', 'id'])
      .execute();

    await db.schema
      .createTable('evidence_files')
      .addColumn('id', idType, id)
      .addColumn('application_id', 'integer', (c) => c.notNull().references('star_applications.id'))
      .addColumn('indicator_code', 'text', (c) => c.notNull())
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
      .createIndex('evidence_files_app')
      .on('evidence_files')
      .columns(['application_id', 'indicator_code'])
      .execute();

    await db.schema
      .createTable('star_awards')
      .addColumn('id', idType, id)
      .addColumn('branch_id', 'integer', (c) => c.notNull().references('party_branches.id'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('star_code', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('application_id', 'integer', (c) => c.references('star_applications.id'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('awarded_at', 'bigint', (c) => c.notNull())
      .addColumn('awarded_by', 'integer')
      .addColumn('revoked_at', 'bigint')
      .addColumn('revoked_by', 'integer')
      .addColumn('revoked_reason', 'text')
      .addUniqueConstraint('star_awards_branch_year_star', ['branch_id', 'year', 'star_code'])
      .execute();
    // Per-star counts of a subtree: one covering index range per star (year, status, star, path range).
    await db.schema
      .createIndex('star_awards_year_star_path')
      .on('star_awards')
      .columns(['year', 'status', 'star_code', 'unit_path'])
      .execute();
    await db.schema
      .createIndex('star_awards_branch')
      .on('star_awards')
      .columns(['branch_id', 'year'])
      .execute();

    await db.schema
      .createTable('branch_ratings')
      .addColumn('branch_id', 'integer', (c) => c.notNull().references('party_branches.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('star_count', 'integer', (c) => c.notNull())
      .addColumn('stars', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('branch_ratings_pk', ['branch_id', 'year'])
      .execute();
    // Per-level counts of a subtree: one covering index range per level.
    await db.schema
      .createIndex('branch_ratings_year_level_path')
      .on('branch_ratings')
      .columns(['year', 'star_count', 'unit_path'])
      .execute();
    // Branch count of a subtree without visiting the table: (path range) → level, index only.
    await db.schema.createIndex('org_units_path_level').on('org_units').columns(['path', 'level']).execute();

    await db.schema
      .createTable('rating_objections')
      .addColumn('id', idType, id)
      .addColumn('notice_id', 'integer', (c) => c.notNull().references('rating_notices.id'))
      .addColumn('application_id', 'integer', (c) => c.references('star_applications.id'))
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('contact', 'text')
      .addColumn('ip', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('resolved_at', 'bigint')
      .addColumn('resolved_by', 'integer')
      .execute();
    await db.schema
      .createIndex('rating_objections_notice')
      .on('rating_objections')
      .column('notice_id')
      .execute();
  },
};
