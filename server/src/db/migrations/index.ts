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
  // SQLite plans by the statistics ANALYZE left (seed:scale runs it). An index a migration adds has none and can
  // look more selective than it is — one once took over the centre's event list (30 s instead of 1 ms on 10M
  // events). So when statistics exist, they are redone in full after a schema change (7 s on 10M events; a
  // sampled `pragma optimize` was quicker but misjudged low-cardinality columns and chose worse plans). A database
  // that never had statistics keeps the planner's uniform defaults (statistics of empty tables would mislead it).
  if (applied.length > 0 && dialect === 'sqlite') {
    const stats = await sql<{
      n: number;
    }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(db);
    if (Number(stats.rows[0]?.n ?? 0) > 0) await sql`analyze`.execute(db);
  }
  return applied;
}
