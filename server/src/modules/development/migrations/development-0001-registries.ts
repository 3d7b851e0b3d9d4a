import { sql } from 'kysely';
import { idColumn, idColumnType, type AppMigration } from '../../../db/migration-kit.ts';

type Col = [name: string, type: 'text' | 'integer' | 'bigint', notNull?: boolean];

/**
 * The development registries, one table each (released: never edited — a later change is a new migration). Every
 * record carries its village (`org_unit_id`) and the village's materialised path (`unit_path`, so a county's or a
 * province's list is one index range), a version for optimistic concurrency, and who made it. Dates are civil
 * dates 'YYYY-MM-DD' as text; money and areas are integer hundredths (fen, 0.01 亩); booleans 0/1.
 *
 * The columns are listed here as they were when this migration was released, not read from the registry
 * descriptors (a descriptor may grow; this file may not).
 */
const TABLES: Record<string, { cols: Col[]; date?: string; parent?: boolean; person?: boolean }> = {
  dev_training_sessions: {
    cols: [
      ['topic', 'text', true],
      ['title', 'text', true],
      ['start_date', 'text', true],
      ['end_date', 'text', true],
      ['place', 'text', true],
      ['trainer', 'text'],
    ],
    date: 'start_date',
  },
  dev_training_attendance: {
    cols: [['signed_on', 'text', true]],
    date: 'signed_on',
    parent: true,
    person: true,
  },
  dev_certificates: {
    cols: [
      ['name', 'text', true],
      ['issuer', 'text'],
      ['issued_on', 'text', true],
    ],
    date: 'issued_on',
    person: true,
  },
  dev_job_fairs: {
    cols: [
      ['name', 'text', true],
      ['held_on', 'text', true],
      ['place', 'text', true],
    ],
    date: 'held_on',
  },
  dev_fair_employers: {
    cols: [
      ['name', 'text', true],
      ['origin', 'text', true],
      ['jobs', 'integer', true],
    ],
    parent: true,
  },
  dev_placements: {
    cols: [
      ['employer', 'text', true],
      ['placed_on', 'text', true],
      ['fair_name', 'text'],
      ['m3_due', 'text', true],
      ['m3_done_on', 'text'],
      ['m3_employed', 'integer'],
      ['m3_note', 'text'],
      ['m6_due', 'text', true],
      ['m6_done_on', 'text'],
      ['m6_employed', 'integer'],
      ['m6_note', 'text'],
    ],
    date: 'placed_on',
    person: true,
  },
  dev_relocations: {
    cols: [
      ['household_head', 'text', true],
      ['people', 'integer', true],
      ['destination', 'text', true],
      ['handover_on', 'text', true],
    ],
    date: 'handover_on',
  },
  dev_relocation_services: {
    cols: [
      ['kind', 'text', true],
      ['name', 'text', true],
      ['started_on', 'text', true],
    ],
    date: 'started_on',
  },
  dev_projects: {
    cols: [
      ['name', 'text', true],
      ['product', 'text', true],
      ['leader', 'text', true],
      ['team', 'text', true],
      ['plan', 'text', true],
      ['followed_through', 'integer', true],
      ['enterprise', 'text'],
      ['households', 'integer'],
      ['land_mu', 'bigint'],
      ['status', 'text', true],
      ['started_on', 'text', true],
    ],
    date: 'started_on',
  },
  dev_project_reports: {
    cols: [
      ['reported_on', 'text', true],
      ['progress', 'text', true],
    ],
    date: 'reported_on',
    parent: true,
  },
  dev_enterprises: {
    cols: [
      ['park', 'text', true],
      ['name', 'text', true],
      ['sector', 'text', true],
      ['admitted_on', 'text', true],
      ['jobs', 'integer', true],
    ],
    date: 'admitted_on',
  },
  dev_collective_income: {
    cols: [
      ['category', 'text', true],
      ['amount_yuan', 'bigint', true],
      ['received_on', 'text', true],
      ['voucher_no', 'text', true],
      ['note', 'text'],
    ],
    date: 'received_on',
  },
  dev_service_centres: {
    cols: [
      ['name', 'text', true],
      ['status', 'text', true],
      ['investment_wan', 'bigint', true],
      ['planned_on', 'text', true],
      ['built_on', 'text'],
    ],
    date: 'planned_on',
  },
  dev_welfare_posts: {
    cols: [
      ['post', 'text', true],
      ['months', 'integer', true],
      ['pay_from', 'text', true],
      ['pay_to', 'text', true],
    ],
    date: 'pay_from',
    person: true,
  },
  dev_cleaners: {
    cols: [
      ['area', 'text', true],
      ['since', 'text', true],
      ['until', 'text'],
    ],
    date: 'since',
    person: true,
  },
  dev_campaigns: {
    cols: [
      ['kind', 'text', true],
      ['name', 'text', true],
      ['period_from', 'text', true],
      ['period_to', 'text', true],
    ],
    date: 'period_from',
  },
  dev_campaign_signins: {
    cols: [
      ['name', 'text', true],
      ['id_number_enc', 'text', true],
      ['id_number_masked', 'text', true],
      ['role', 'text', true],
      ['signed_on', 'text', true],
    ],
    date: 'signed_on',
    parent: true,
  },
};

export const developmentRegistries: AppMigration = {
  name: 'development-0001-registries',
  async up({ db, dialect }) {
    const id = idColumn(dialect);
    const idType = idColumnType(dialect);
    const pathType = dialect === 'postgres' ? sql`text collate "C"` : 'text';

    for (const [table, spec] of Object.entries(TABLES)) {
      let t = db.schema
        .createTable(table)
        .addColumn('id', idType, id)
        .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_units.id'))
        .addColumn('unit_path', pathType, (c) => c.notNull());
      if (spec.parent) t = t.addColumn('parent_id', 'integer', (c) => c.notNull());
      if (spec.person) t = t.addColumn('person_id', 'integer', (c) => c.notNull().references('persons.id'));
      // A person's keyed ID hash on the row: duplicates are refused by it (one attendance per person per
      // session, one sign-in per person per campaign period), whoever's list they came from.
      if (spec.person || table === 'dev_campaign_signins') t = t.addColumn('id_number_hash', 'text');
      for (const [name, type, notNull] of spec.cols)
        t = t.addColumn(name, type, (c) => (notNull ? c.notNull() : c));
      t = t
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull());
      await t.execute();
      // Every list is scoped by path and usually filtered by its date: one range.
      await db.schema
        .createIndex(`${table}_scope`)
        .on(table)
        .columns(spec.date ? ['unit_path', spec.date] : ['unit_path'])
        .execute();
      if (spec.parent)
        await db.schema.createIndex(`${table}_parent`).on(table).columns(['parent_id', 'id']).execute();
      if (spec.person) await db.schema.createIndex(`${table}_person`).on(table).column('person_id').execute();
      // The star engine's facts read one village's rows of a year.
      await db.schema
        .createIndex(`${table}_unit`)
        .on(table)
        .columns(spec.date ? ['org_unit_id', spec.date] : ['org_unit_id'])
        .execute();
    }
    await db.schema
      .createIndex('dev_training_attendance_once')
      .on('dev_training_attendance')
      .columns(['parent_id', 'id_number_hash'])
      .unique()
      .execute();
    await db.schema
      .createIndex('dev_campaign_signins_once')
      .on('dev_campaign_signins')
      .columns(['parent_id', 'id_number_hash'])
      .unique()
      .execute();

    // The labour registry is a filter on people (age from the ID number); what it adds per person is this profile.
    await db.schema
      .createTable('dev_labour')
      .addColumn('person_id', 'integer', (c) => c.primaryKey().references('persons.id'))
      .addColumn('ability', 'text', (c) => c.notNull())
      .addColumn('whereabouts', 'text', (c) => c.notNull())
      .addColumn('away_place', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('skills', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('training_wish', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_by', 'integer')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // A county's labour page: people of its villages by birth date (the age window is a birth-date range).
    await db.schema
      .createIndex('dev_persons_unit_birth')
      .on('persons')
      .columns(['org_unit_id', 'birth_date'])
      .execute();
  },
};
