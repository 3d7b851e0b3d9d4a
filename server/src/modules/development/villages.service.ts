import { evaluateIndicator, type StandardDefinition, type VillageFigures } from '@fivestar/common';
import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { notFound } from '../../http/errors.ts';
import type { FactRegistry } from '../../kernel/facts.ts';
import { pathUnder, scopedSubtree } from '../../security/scope.ts';
import { DEVELOPMENT_FACTS } from './development.facts.ts';

/** The published standard of a year and kind, or null (the ratings module's, read through its service). */
export type StandardLookup = (year: number, kind: 'rural' | 'urban') => Promise<StandardDefinition | null>;

const MAX_VILLAGES = 500;

/**
 * Per village of an area: the facts the registries lend the star engine for a year, and how the 产业兴旺星's
 * indicators that read them stand (the other indicators of that star are the village's self-assessment, in the
 * ratings module). This is the township's overview of "what the ledgers already prove".
 */
export function createVillagesService({
  db,
  facts,
  standard,
}: {
  db: Db;
  facts: FactRegistry;
  standard: StandardLookup;
}) {
  return {
    async figures(user: CurrentUser, year: number, unitId?: number): Promise<VillageFigures[]> {
      const prefix = await scopedSubtree(db, user, unitId);
      if (prefix === null) throw notFound();
      const villages = await db
        .selectFrom('org_units as o')
        .leftJoin('party_branches as b', 'b.org_unit_id', 'o.id')
        .select(['o.id', 'o.name', 'b.id as branch_id', 'b.kind'])
        .where(pathUnder('o.path', prefix))
        .where('o.level', 'in', ['village', 'community'])
        .orderBy('o.sort')
        .orderBy('o.id')
        .limit(MAX_VILLAGES)
        .execute();
      const rural = await standard(year, 'rural');
      const urban = await standard(year, 'urban');
      const own = DEVELOPMENT_FACTS.map((f) => f.code);
      const industryOf = (def: StandardDefinition | null) =>
        def?.indicators.filter((i) => i.starCode === 'industry' && i.type === 'derived' && i.fact) ?? [];
      const codes = new Set([
        ...own,
        ...industryOf(rural).map((i) => i.fact!),
        ...industryOf(urban).map((i) => i.fact!),
      ]);
      const branchIds = villages.flatMap((v) => (v.branch_id === null ? [] : [v.branch_id]));
      const values = await facts.compute(db, codes, branchIds, year);
      return villages.map((v) => {
        const f = v.branch_id === null ? {} : (values.get(v.branch_id) ?? {});
        const def = v.kind === 'urban' ? urban : rural;
        const inds = industryOf(def);
        const industry =
          def && inds.length
            ? {
                indicators: inds.map((i) => ({
                  code: i.code,
                  title: i.title,
                  fact: i.fact,
                  ok: evaluateIndicator(i, undefined, f).ok,
                })),
                met: inds.every((i) => evaluateIndicator(i, undefined, f).ok),
              }
            : null;
        return {
          unitId: v.id,
          unitName: v.name,
          branchId: v.branch_id,
          year,
          facts: Object.fromEntries(own.map((c) => [c, f[c] ?? null])),
          industry,
        };
      });
    },
  };
}

export type VillagesService = ReturnType<typeof createVillagesService>;
