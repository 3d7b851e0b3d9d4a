import type { DbHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { MODULES } from '../modules/index.ts';
import { cacheVersionsMigration } from './cache-versions.ts';

/** Every module's migrations, in module order, then the kernel's own (cache versions). */
export const APP_MIGRATIONS = [...MODULES.flatMap((m) => m.migrations ?? []), cacheVersionsMigration];

/** Brings a database to the latest schema of every module. */
export function migrateApp(handle: Pick<DbHandle, 'db' | 'dialect' | 'schema'>): Promise<string[]> {
  return migrateToLatest(handle.db, handle.dialect, APP_MIGRATIONS, handle.schema);
}
