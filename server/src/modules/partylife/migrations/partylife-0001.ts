import { sql, type ColumnDefinitionBuilder } from 'kysely';
import { idColumn, idColumnType, type AppMigration } from '../../../db/migration-kit.ts';

type Col = [name: string, type: string, build?: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder];

/** Party life: settings, points rules, meetings with attendance, windows met, photos, make-ups, forum, points, honours. */
export const partylife0001: AppMigration = {
  name: 'partylife-0001-party-life',
  async up({ db, dialect }) {
    const id = idColumn(dialect);
    const idType = idColumnType(dialect);
    const pathType = dialect === 'postgres' ? sql`text collate "C"` : 'text';
    const nn = (c: ColumnDefinitionBuilder) => c.notNull();
    const unit = (c: ColumnDefinitionBuilder) => c.notNull().references('org_units.id');
    const table = async (name: string, cols: Col[], withId = true) => {
      let t = db.schema.createTable(name);
      if (withId) t = t.addColumn('id', idType, id);
      for (const [n, type, build] of cols)
        t = n === 'unit_path' ? t.addColumn(n, pathType, nn) : t.addColumn(n, type as 'text', build ?? nn);
      await t.execute();
    };
    const index = async (name: string, on: string, columns: string[], unique = false) => {
      let i = db.schema.createIndex(name).on(on).columns(columns);
      if (unique) i = i.unique();
      await i.execute();
    };

    await table('pl_settings', [
      ['org_unit_id', 'integer', unit],
      ['settings', 'text'],
      ['version', 'integer'],
      ['updated_at', 'bigint'],
    ]);
    await index('pl_settings_unit', 'pl_settings', ['org_unit_id'], true);
    await table('pl_point_rules', [
      ['org_unit_id', 'integer', unit],
      ['code', 'text'],
      ['name', 'text'],
      ['points', 'integer'],
      ['source', 'text'],
      ['meeting_type', 'text', (c) => c],
      ['cap', 'integer', (c) => c],
      ['cap_period', 'text'],
      ['member_class', 'text'],
      ['sort', 'integer'],
    ]);
    await index('pl_point_rules_unit', 'pl_point_rules', ['org_unit_id', 'code'], true);

    await table('pl_meetings', [
      ['org_unit_id', 'integer', unit],
      ['unit_path', 'text'],
      ['type', 'text'],
      ['held_on', 'text'],
      ['year', 'integer'],
      ['topic', 'text'],
      ['minutes', 'text'],
      ['expected', 'integer'],
      ['present', 'integer'],
      ['leave', 'integer'],
      ['absent', 'integer'],
      ['quorate', 'integer'],
      ['photos', 'integer'],
      ['fixed_actions', 'text'],
      ['items', 'text'],
      ['recorded_by', 'integer', (c) => c.references('users.id')],
      ['recorded_name', 'text'],
      ['created_at', 'bigint'],
    ]);
    await index('pl_meetings_path', 'pl_meetings', ['unit_path', 'held_on']);
    await index('pl_meetings_unit', 'pl_meetings', ['org_unit_id', 'type', 'held_on']);
    await table(
      'pl_attendance',
      [
        ['meeting_id', 'integer', (c) => c.notNull().references('pl_meetings.id')],
        ['person_id', 'integer', (c) => c.notNull().references('persons.id')],
        ['status', 'text'],
      ],
      false,
    );
    await index('pl_attendance_pk', 'pl_attendance', ['meeting_id', 'person_id'], true);
    await table('pl_windows', [
      ['org_unit_id', 'integer', unit],
      ['unit_path', 'text'],
      ['type', 'text'],
      ['window_key', 'text'],
      ['window_start', 'text'],
      ['window_end', 'text'],
      ['meeting_id', 'integer', (c) => c.notNull().references('pl_meetings.id')],
    ]);
    await index('pl_windows_unit', 'pl_windows', ['org_unit_id', 'type', 'window_key'], true);
    await index('pl_windows_path', 'pl_windows', ['unit_path', 'window_end', 'window_start']);
    await table('pl_photos', [
      ['meeting_id', 'integer', (c) => c.notNull().references('pl_meetings.id')],
      ['org_unit_id', 'integer', unit],
      ['unit_path', 'text'],
      ['name', 'text'],
      ['mime', 'text'],
      ['size', 'integer'],
      ['sha256', 'text'],
      ['data', 'text'],
      ['uploaded_by', 'integer', (c) => c.references('users.id')],
      ['created_at', 'bigint'],
    ]);
    await index('pl_photos_meeting', 'pl_photos', ['meeting_id']);
    await table('pl_make_ups', [
      ['meeting_id', 'integer', (c) => c.notNull().references('pl_meetings.id')],
      ['org_unit_id', 'integer', unit],
      ['unit_path', 'text'],
      ['person_id', 'integer', (c) => c.notNull().references('persons.id')],
      ['reason', 'text'],
      ['deadline', 'text'],
      ['done_on', 'text', (c) => c],
      ['note', 'text'],
      ['created_at', 'bigint'],
    ]);
    await index('pl_make_ups_path', 'pl_make_ups', ['unit_path', 'done_on']);
    await index('pl_make_ups_meeting', 'pl_make_ups', ['meeting_id']);

    await table('pl_forum_sessions', [
      ['org_unit_id', 'integer', unit],
      ['unit_path', 'text'],
      ['held_on', 'text'],
      ['title', 'text'],
      ['topics', 'text'],
      ['place', 'text'],
      ['expected', 'integer'],
      ['created_by', 'integer', (c) => c.references('users.id')],
      ['created_at', 'bigint'],
    ]);
    await index('pl_forum_sessions_path', 'pl_forum_sessions', ['unit_path', 'held_on']);
    await table('pl_forum_speakers', [
      ['session_id', 'integer', (c) => c.notNull().references('pl_forum_sessions.id')],
      ['org_unit_id', 'integer', unit],
      ['strengths', 'text'],
      ['gaps', 'text'],
    ]);
    await index('pl_forum_speakers_session', 'pl_forum_speakers', ['session_id']);
    await table(
      'pl_forum_attendance',
      [
        ['session_id', 'integer', (c) => c.notNull().references('pl_forum_sessions.id')],
        ['org_unit_id', 'integer', unit],
      ],
      false,
    );
    await index('pl_forum_attendance_pk', 'pl_forum_attendance', ['session_id', 'org_unit_id'], true);
    await table('pl_forum_follow_ups', [
      ['session_id', 'integer', (c) => c.notNull().references('pl_forum_sessions.id')],
      ['org_unit_id', 'integer', unit],
      ['unit_path', 'text'],
      ['title', 'text'],
      ['deadline', 'text'],
      ['item_id', 'integer', (c) => c], // the supervision task (that module's table: no foreign key across modules)
      ['created_at', 'bigint'],
    ]);
    await index('pl_forum_follow_ups_session', 'pl_forum_follow_ups', ['session_id']);

    await table('pl_points', [
      ['person_id', 'integer', (c) => c.notNull().references('persons.id')],
      ['org_unit_id', 'integer', unit],
      ['unit_path', 'text'],
      ['rule_code', 'text'],
      ['rule_name', 'text'],
      ['year', 'integer'],
      ['period_key', 'text'],
      ['earned_on', 'text'],
      ['points', 'integer'],
      ['source', 'text'],
      ['meeting_id', 'integer', (c) => c.references('pl_meetings.id')],
      ['status', 'text'],
      ['note', 'text'],
      ['reason', 'text'],
      ['created_by', 'integer', (c) => c.references('users.id')],
      ['decided_by', 'integer', (c) => c.references('users.id')],
      ['created_at', 'bigint'],
    ]);
    await index('pl_points_path', 'pl_points', ['unit_path', 'year', 'status']);
    await table('pl_point_notices', [
      ['org_unit_id', 'integer', unit],
      ['unit_path', 'text'],
      ['year', 'integer'],
      ['quarter', 'integer'],
      ['publicity_id', 'integer'],
      ['members', 'integer'],
      ['created_at', 'bigint'],
    ]);
    await index('pl_point_notices_path', 'pl_point_notices', ['unit_path', 'year']);
    await index('pl_points_person', 'pl_points', ['person_id', 'rule_code', 'period_key']);

    await table('pl_honour_rounds', [
      ['org_unit_id', 'integer', unit],
      ['unit_path', 'text'],
      ['title', 'text'],
      ['kind', 'text'],
      ['year', 'integer'],
      ['quota_base', 'integer'],
      ['quota_per', 'integer', (c) => c],
      ['status', 'text'],
      ['publicity_id', 'integer', (c) => c],
      ['created_at', 'bigint'],
    ]);
    await index('pl_honour_rounds_path', 'pl_honour_rounds', ['unit_path', 'year']);
    await table('pl_nominations', [
      ['round_id', 'integer', (c) => c.notNull().references('pl_honour_rounds.id')],
      ['org_unit_id', 'integer', unit],
      ['unit_path', 'text'],
      ['nominee', 'text'],
      ['reason', 'text'],
      ['status', 'text'],
      ['created_at', 'bigint'],
      ['updated_at', 'bigint'],
    ]);
    await index('pl_nominations_round', 'pl_nominations', ['round_id', 'org_unit_id']);
    await table('pl_honours', [
      ['round_id', 'integer', (c) => c.notNull().references('pl_honour_rounds.id')],
      ['nomination_id', 'integer', (c) => c.notNull().references('pl_nominations.id')],
      ['year', 'integer'],
      ['title', 'text'],
      ['kind', 'text'],
      ['org_unit_id', 'integer', unit],
      ['unit_path', 'text'],
      ['holder', 'text'],
      ['awarded_on', 'text'],
    ]);
    await index('pl_honours_path', 'pl_honours', ['unit_path', 'year']);
  },
};
