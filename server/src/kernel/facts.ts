import type { Fact } from '@fivestar/common';
import type { DbOrTrx } from '../db/database.ts';

/**
 * Derived facts for the star engine. A `derived` indicator names a fact by code; the fact is computed from the
 * system's own records for a set of branches and a year. Each module lends its facts in its manifest (`facts`), e.g.
 * the grid module's `grid.three_zero`; the app collects them into one registry, so the rating engine never imports
 * the modules whose records it reads. A standard can only name a registered fact (checked when a draft is saved).
 */
export interface FactDefinition extends Fact {
  /** Values per branch id; a branch without a value is left out (the indicator then fails as unavailable). */
  compute(db: DbOrTrx, branchIds: number[], year: number): Promise<Map<number, number | boolean>>;
}

export interface FactRegistry {
  list(): Fact[];
  has(code: string): boolean;
  /** The named facts for the given branches: result[branchId][factCode] (null when unavailable). */
  compute(
    db: DbOrTrx,
    codes: Iterable<string>,
    branchIds: number[],
    year: number,
  ): Promise<Map<number, Record<string, number | boolean | null>>>;
}

export function createFactRegistry(definitions: readonly FactDefinition[]): FactRegistry {
  const facts = new Map<string, FactDefinition>();
  for (const f of definitions) {
    if (facts.has(f.code)) throw new Error(`fact ${f.code} is lent by two modules`);
    facts.set(f.code, f);
  }
  return {
    list: () =>
      [...facts.values()].map(({ code, nameZh, nameEn, unit, kind }) => ({
        code,
        nameZh,
        nameEn,
        unit,
        kind,
      })),
    has: (code) => facts.has(code),
    async compute(db, codes, branchIds, year) {
      const out = new Map<number, Record<string, number | boolean | null>>(branchIds.map((b) => [b, {}]));
      for (const code of new Set(codes)) {
        const fact = facts.get(code);
        const values = fact ? await fact.compute(db, branchIds, year) : new Map();
        for (const b of branchIds) out.get(b)![code] = values.get(b) ?? null;
      }
      return out;
    },
  };
}
