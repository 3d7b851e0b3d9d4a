import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { Dialect } from './database.ts';

/** What every migration receives: the database and the engine, so one migration set runs on both. */
export interface MigrationContext {
  db: Kysely<unknown>;
  dialect: Dialect;
}

export interface AppMigration {
  name: string;
  up(ctx: MigrationContext): Promise<void>;
}

/** Integer auto-increment primary key on both engines. */
export function idColumnType(dialect: Dialect) {
  return dialect === 'postgres' ? ('serial' as const) : ('integer' as const);
}
export function idColumn(dialect: Dialect) {
  return (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement();
}

/** Makes a table append-only for the application's own connection (UPDATE and DELETE abort). */
export async function makeAppendOnly(ctx: MigrationContext, table: string) {
  if (ctx.dialect === 'postgres') {
    await sql
      .raw(
        `create or replace function fivestar_append_only() returns trigger language plpgsql as $$
         begin raise exception '% is append-only', TG_TABLE_NAME; end $$`,
      )
      .execute(ctx.db);
    await sql
      .raw(
        `create trigger ${table}_append_only before update or delete on ${table}
         for each row execute function fivestar_append_only()`,
      )
      .execute(ctx.db);
  } else {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(
          `create trigger ${table}_no_${op} before ${op} on ${table}
           begin select raise(abort, '${table} is append-only'); end`,
        )
        .execute(ctx.db);
    }
  }
}
