/**
 * Row types of every table. Times are epoch milliseconds; booleans are 0/1 integers on both engines.
 *
 * The engine owns only `app_meta`. Each module declares its own tables in `modules/<domain>/<domain>.tables.ts` and
 * merges them into this interface there:
 *
 *   declare module '../../db/schema.ts' {
 *     interface Database extends GridTables {}
 *   }
 *
 * so `db/` never imports a module, and a new module adds tables without touching this file.
 */
export interface Database {
  app_meta: AppMetaTable;
}

export interface AppMetaTable {
  key: string;
  value: string;
}
