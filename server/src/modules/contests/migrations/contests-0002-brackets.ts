import type { AppMigration } from '../../../db/migration-kit.ts';

/**
 * The bracket: a county final qualifies the top `advance_top` of each of its source rounds (township rounds); each
 * source is advanced once, when it is closed, recorded with who and when; a finalist remembers the round it came from.
 */
export const contests0002: AppMigration = {
  name: 'contests-0002-brackets',
  async up({ db }) {
    await db.schema
      .alterTable('contest_rounds')
      .addColumn('advance_top', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('contest_units').addColumn('from_round_id', 'integer').execute();
    await db.schema
      .createTable('contest_brackets')
      .addColumn('final_id', 'integer', (c) => c.notNull().references('contest_rounds.id'))
      .addColumn('source_id', 'integer', (c) => c.notNull().references('contest_rounds.id'))
      .addColumn('advanced_at', 'bigint')
      .addColumn('advanced_by', 'integer')
      .addPrimaryKeyConstraint('contest_brackets_pk', ['final_id', 'source_id'])
      .execute();
    await db.schema
      .createIndex('contest_brackets_source')
      .on('contest_brackets')
      .column('source_id')
      .execute();
  },
};
