import { CONTEST_TEMPLATES } from '@fivestar/common';
import { sql } from 'kysely';
import { idColumn, idColumnType, type AppMigration } from '../../../db/migration-kit.ts';

/** Inspection rounds and contests: templates, rounds, units, judges, exclusions, assignments, sheets, photos. */
export const contests0001: AppMigration = {
  name: 'contests-0001-contests',
  async up({ db, dialect }) {
    const id = idColumn(dialect);
    const idType = idColumnType(dialect);
    const pathType = dialect === 'postgres' ? sql`text collate "C"` : 'text';
    const real = dialect === 'postgres' ? 'double precision' : 'real';
    await db.schema
      .createTable('contest_templates')
      .addColumn('id', idType, id)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('guess', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('stages', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('contest_rounds')
      .addColumn('id', idType, id)
      .addColumn('template_id', 'integer', (c) => c.notNull().references('contest_templates.id'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('stages', 'text', (c) => c.notNull())
      .addColumn('prize_tiers', 'text', (c) => c.notNull())
      .addColumn('tie_break', 'text')
      .addColumn('judges_per_unit', 'integer', (c) => c.notNull())
      .addColumn('flag_count', 'integer', (c) => c.notNull())
      .addColumn('lot_seed', 'bigint', (c) => c.notNull())
      .addColumn('chair_user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('publicity_id', 'integer')
      .addColumn('created_by', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('closed_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('contest_rounds_path')
      .on('contest_rounds')
      .columns(['unit_path', 'date'])
      .execute();
    await db.schema
      .createTable('contest_units')
      .addColumn('round_id', 'integer', (c) => c.notNull().references('contest_rounds.id'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('unit_path', pathType, (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('lot_order', 'integer', (c) => c.notNull())
      .addColumn('score', real)
      .addColumn('rank', 'integer')
      .addColumn('tier', 'integer')
      .addColumn('stage_scores', 'text')
      .addPrimaryKeyConstraint('contest_units_pk', ['round_id', 'org_unit_id'])
      .execute();
    await db.schema.createIndex('contest_units_unit').on('contest_units').column('org_unit_id').execute();
    await db.schema
      .createTable('contest_judges')
      .addColumn('round_id', 'integer', (c) => c.notNull().references('contest_rounds.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addPrimaryKeyConstraint('contest_judges_pk', ['round_id', 'user_id'])
      .execute();
    await db.schema.createIndex('contest_judges_user').on('contest_judges').column('user_id').execute();
    await db.schema
      .createTable('contest_exclusions')
      .addColumn('round_id', 'integer', (c) => c.notNull().references('contest_rounds.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('manual', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('contest_exclusions_pk', ['round_id', 'user_id', 'org_unit_id'])
      .execute();
    await db.schema
      .createTable('contest_assignments')
      .addColumn('round_id', 'integer', (c) => c.notNull().references('contest_rounds.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addPrimaryKeyConstraint('contest_assignments_pk', ['round_id', 'user_id', 'org_unit_id'])
      .execute();
    await db.schema
      .createIndex('contest_assignments_user')
      .on('contest_assignments')
      .columns(['user_id', 'round_id'])
      .execute();
    await db.schema
      .createTable('contest_sheets')
      .addColumn('id', idType, id)
      .addColumn('round_id', 'integer', (c) => c.notNull().references('contest_rounds.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('total', real, (c) => c.notNull())
      .addColumn('submitted_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('contest_sheets_one', ['round_id', 'user_id', 'org_unit_id', 'stage'])
      .execute();
    await db.schema
      .createIndex('contest_sheets_round_unit')
      .on('contest_sheets')
      .columns(['round_id', 'org_unit_id'])
      .execute();
    await db.schema
      .createTable('contest_photos')
      .addColumn('id', idType, id)
      .addColumn('round_id', 'integer', (c) => c.notNull().references('contest_rounds.id'))
      .addColumn('uploader_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('contest_scores')
      .addColumn('sheet_id', 'integer', (c) => c.notNull().references('contest_sheets.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('score', real, (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('photo_id', 'integer', (c) => c.references('contest_photos.id'))
      .addColumn('original_score', real)
      .addColumn('reason', 'text')
      .addColumn('corrected_by', 'integer')
      .addColumn('corrected_at', 'bigint')
      .addPrimaryKeyConstraint('contest_scores_pk', ['sheet_id', 'code'])
      .execute();
    await db.schema
      .createTable('contest_idempotency')
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('sheet_id', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('contest_idempotency_pk', ['user_id', 'key'])
      .execute();
    // The shipped templates (data: the county's editor changes their points, flagged as a guess).
    await db
      .insertInto('contest_templates' as never)
      .values(
        CONTEST_TEMPLATES.map((t) => ({
          code: t.code,
          name: t.name,
          level: t.level,
          guess: t.guess ? 1 : 0,
          stages: JSON.stringify(t.stages),
          created_at: Date.now(),
        })) as never,
      )
      .execute();
  },
};
