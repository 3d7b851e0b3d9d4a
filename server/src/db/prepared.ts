import type { Compilable, CompiledQuery, Insertable, Kysely, QueryResult, Selectable } from 'kysely';
import type { DbOrTrx } from './database.ts';
import type { Database } from './schema.ts';

const ARG = Symbol('prepared argument');
type ArgSlot = { [ARG]: string };
const isArg = (v: unknown): v is ArgSlot => typeof v === 'object' && v !== null && ARG in v;

/**
 * A query built and compiled once per engine and then run with new values, for the few statements every request
 * or every report runs (what Drizzle calls `.prepare()`; kysely-params does the same). Kysely otherwise rebuilds and
 * recompiles the query object on each call, which costs more than SQLite takes to run a point query.
 *
 *   const byCode = prepared<{ code: string }, Row>((db, arg) =>
 *     db.selectFrom('grid_event_types').selectAll().where('code', '=', arg('code')));
 *   await byCode.first(trx, { code });
 *
 * `arg(name)` stands for a value given at run time; it must be used where Kysely makes a bound parameter (compared
 * values, inserted or updated values, limits), never as a list for `in` or inside raw SQL text. Every other value
 * in the builder is fixed at first use. The SQL and the order of its parameters come from Kysely itself.
 */
export function prepared<A extends Record<string, unknown>, O>(
  build: (db: Kysely<Database>, arg: <K extends keyof A & string>(name: K) => A[K]) => Compilable<O>,
) {
  const byEngine = new Map<
    unknown,
    { compiled: CompiledQuery<O>; slots: (ArgSlot | { value: unknown })[] }
  >();

  function bind(q: DbOrTrx, args: A): CompiledQuery<O> {
    const engine = q.getExecutor().adapter.constructor;
    let entry = byEngine.get(engine);
    if (!entry) {
      const compiled = build(q, (name) => ({ [ARG]: name }) as never).compile();
      entry = { compiled, slots: compiled.parameters.map((v) => (isArg(v) ? v : { value: v })) };
      byEngine.set(engine, entry);
    }
    const parameters = entry.slots.map((s) => {
      if (!isArg(s)) return s.value;
      const value = args[s[ARG]];
      if (value === undefined) throw new Error(`prepared query: no value for "${s[ARG]}"`);
      return value;
    });
    return { ...entry.compiled, parameters };
  }

  return {
    /** All rows. */
    async all(q: DbOrTrx, args: A): Promise<O[]> {
      return (await q.executeQuery(bind(q, args))).rows;
    },
    /** The first row, if any. */
    async first(q: DbOrTrx, args: A): Promise<O | undefined> {
      return (await q.executeQuery(bind(q, args))).rows[0];
    },
    /** The whole result (affected rows of a write). */
    async run(q: DbOrTrx, args: A): Promise<QueryResult<O>> {
      return q.executeQuery(bind(q, args));
    },
  };
}

/** A prepared insert of one row into `table` with every listed column bound, returning the row as stored. */
export function preparedInsert<T extends keyof Database & string>(
  table: T,
  columns: readonly (keyof Insertable<Database[T]> & string)[],
) {
  return prepared<Insertable<Database[T]>, Selectable<Database[T]>>(
    (db, arg) =>
      db
        .insertInto(table)
        .values(Object.fromEntries(columns.map((c) => [c, arg(c)])) as never)
        .returningAll() as never,
  );
}
