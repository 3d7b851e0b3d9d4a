import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { foundation } from './0001-foundation.ts';
import { ratings } from './0002-ratings.ts';
import { grid } from './0003-grid.ts';
import { gridIntake } from './0004-grid-intake.ts';
import { jobs } from './0005-jobs.ts';
import type { AppMigration } from './helpers.ts';

/** The ordered migration registry. Append new migrations; never edit or reorder a released one. */
export const MIGRATIONS: AppMigration[] = [foundation, ratings, grid, gridIntake, jobs];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types hold
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, schema?: string): Promise<string[]> {
  const migrations: Record<string, Migration> = {};
  for (const m of MIGRATIONS) {
    migrations[m.name] = { up: (kdb) => m.up({ db: kdb, dialect }) };
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  // SQLite plans by the statistics ANALYZE left (seed:scale runs it); an index a migration adds has none and can
  // look more selective than it is — it once took over the centre's event list. After a schema change, refresh the
  // statistics of what changed, on a bounded sample so that it stays quick on millions of rows.
  if (applied.length > 0 && dialect === 'sqlite') {
    await sql`pragma analysis_limit = 1000`.execute(db);
    await sql`pragma optimize = 0x10002`.execute(db);
  }
  return applied;
}
