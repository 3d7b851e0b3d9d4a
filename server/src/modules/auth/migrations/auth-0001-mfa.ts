import { idColumn, idColumnType, type AppMigration } from '../../../db/migration-kit.ts';

/**
 * The second factor (docs/security.md item 4): each account's authenticator secret (encrypted), its recovery codes
 * (keyed hashes, single use), the devices that may skip the step for a while (hashes of their cookies), and which
 * sessions still owe the step.
 */
export const authMfa: AppMigration = {
  name: 'auth-0001-mfa',
  async up({ db, dialect }) {
    await db.schema.alterTable('sessions').addColumn('mfa_pending', 'text').execute();
    await db.schema
      .createTable('user_totp')
      .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
      .addColumn('secret_enc', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'bigint')
      .addColumn('last_step', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('mfa_recovery_codes')
      .addColumn('id', idColumnType(dialect), idColumn(dialect))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('mfa_recovery_codes_user')
      .on('mfa_recovery_codes')
      .column('user_id')
      .execute();
    await db.schema
      .createTable('mfa_devices')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('mfa_devices_user').on('mfa_devices').column('user_id').execute();
  },
};
