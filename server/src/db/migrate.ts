import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './database.ts';
import type { AppMigration } from './migration-kit.ts';

/**
 * Applies the given migrations, in the order given (the module list's order, then each module's own), on either
 * engine. Kysely records each by name: a released migration is never renamed, edited or reordered. Migrations added
 * later to an earlier module run after those already applied (`allowUnorderedMigrations`), so modules may grow
 * independently; names are unique across modules (new ones carry their module's name).
 */
export async function migrateToLatest(
  db: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  dialect: Dialect,
  list: readonly AppMigration[],
  schema?: string,
): Promise<string[]> {
  const order = new Map(list.map((m, i) => [m.name, i]));
  if (order.size !== list.length) throw new Error('two migrations share a name');
  const migrations: Record<string, Migration> = {};
  for (const m of list) migrations[m.name] = { up: (kdb) => m.up({ db: kdb, dialect }) };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    nameComparator: (a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity),
    allowUnorderedMigrations: true,
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
