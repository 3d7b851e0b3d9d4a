import {
  defaultStandard,
  standardDefinitionSchema,
  type BranchKind,
  type Standard,
  type StandardDefinition,
  type StarType,
} from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { assertVersion } from '../../http/versions.ts';
import type { FactRegistry } from '../../kernel/facts.ts';
import { lastChangeOf, type AuditService } from '../audit/index.ts';
import {
  findStandard,
  insertStandard,
  latestStandardBefore,
  listStandards,
  markPublished,
  publishedStandardId,
  setDraftDefinition,
  standardExists,
} from './standards.repository.ts';

/**
 * The star standards as data (docs/programme.md §2): one version per year and branch kind. The county edits a draft
 * (a new year starts as a copy of the last one, or of the shipped default) and publishes it; a published standard
 * never changes, and every application records the one it is assessed against. A derived indicator may name only a
 * fact some module lends (ModuleContext.facts).
 */
export function createStandardsService({
  db,
  audit,
  clock,
  facts,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  facts: FactRegistry;
}) {
  /** Published standards never change, so they are kept once read. */
  const published = new Map<number, Standard>();

  async function byId(trx: DbOrTrx, id: number): Promise<Standard | null> {
    const cached = published.get(id);
    if (cached) return cached;
    const std = await findStandard(trx, id);
    if (std?.status === 'published') published.set(id, std);
    return std;
  }

  return {
    /** A standard by id (what an application was assessed against). */
    byId,

    /** The year's published standard of a kind; 409 when the county has not published one. */
    async published(trx: DbOrTrx, year: number, kind: BranchKind): Promise<Standard> {
      const id = await publishedStandardId(trx, year, kind);
      const std = id === null ? null : await byId(trx, id);
      if (!std) throw conflict('ratings.no_standard');
      return std;
    },

    /**
     * The year's definitions per kind (the shipped default where none is published) and the star columns of a
     * rating table: the rural stars, then the urban ones the rural standard lacks.
     */
    async ofYear(year: number): Promise<{ defs: Record<BranchKind, StandardDefinition>; stars: StarType[] }> {
      const defs: Record<BranchKind, StandardDefinition> = {
        rural: defaultStandard('rural'),
        urban: defaultStandard('urban'),
      };
      for (const s of await listStandards(db, year))
        if (s.status === 'published') defs[s.branchKind] = s.definition;
      const stars = [...defs.rural.stars];
      for (const s of defs.urban.stars) if (!stars.some((c) => c.code === s.code)) stars.push(s);
      return { defs, stars };
    },

    list: (year?: number) => listStandards(db, year),

    async get(id: number): Promise<Standard> {
      const std = await byId(db, id);
      if (!std) throw notFound();
      return std;
    },

    /** A new year's draft starts as a copy of the latest earlier standard of the kind (or the shipped default). */
    async create(user: CurrentUser, input: { year: number; branchKind: BranchKind }, ip: string) {
      return db.transaction().execute(async (trx) => {
        if (await standardExists(trx, input.year, input.branchKind))
          throw conflict('ratings.standard_exists', 'year');
        const prev = await latestStandardBefore(trx, input.branchKind, input.year);
        const definition = prev?.definition ?? defaultStandard(input.branchKind);
        const now = clock.now();
        const id = await insertStandard(trx, {
          year: input.year,
          branch_kind: input.branchKind,
          status: 'draft',
          definition: JSON.stringify(definition),
          created_at: now,
          updated_at: now,
          published_at: null,
          published_by: null,
        });
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.standard_create',
          objectType: 'rating_standard',
          objectId: id,
          newValue: { year: input.year, branchKind: input.branchKind, copiedFrom: prev?.id ?? 'default' },
          ip,
        });
        return (await byId(trx, id))!;
      });
    },

    /** `expected`: the version the caller edited (If-Match); a newer one on file answers 412 and changes nothing. */
    async update(
      user: CurrentUser,
      id: number,
      definition: StandardDefinition,
      ip: string,
      expected: number | null = null,
    ) {
      definition.indicators.forEach((ind, i) => {
        if (ind.type === 'derived' && ind.fact && !facts.has(ind.fact))
          throw invalidField(`definition.indicators.${i}.fact`, 'ratings.err.unknown_fact');
      });
      return db.transaction().execute(async (trx) => {
        const std = await byId(trx, id);
        if (!std) throw notFound();
        if (std.status !== 'draft') throw conflict('ratings.standard_published');
        assertVersion(expected, std.version ?? 1, await lastChangeOf(trx, 'rating_standard', id));
        await setDraftDefinition(trx, id, definition, clock.now());
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.standard_update',
          objectType: 'rating_standard',
          objectId: id,
          oldValue: std.definition,
          newValue: definition,
          ip,
        });
        return (await byId(trx, id))!;
      });
    },

    async publish(user: CurrentUser, id: number, ip: string) {
      return db.transaction().execute(async (trx) => {
        const std = await byId(trx, id);
        if (!std) throw notFound();
        if (std.status !== 'draft') throw conflict('ratings.standard_published');
        standardDefinitionSchema.parse(std.definition);
        await markPublished(trx, id, user.id, clock.now());
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.standard_publish',
          objectType: 'rating_standard',
          objectId: id,
          oldValue: { status: 'draft' },
          newValue: { status: 'published' },
          ip,
        });
        return (await byId(trx, id))!;
      });
    },
  };
}

export type StandardsService = ReturnType<typeof createStandardsService>;

/** A star's place in its standard (stars not in it last): how a branch's stars are listed. */
export const starOrderOf = (std: Standard) => (code: string) =>
  std.definition.stars.find((s) => s.code === code)?.order ?? 99;

/** A branch's kind as the org tables store it (a text column): communities are urban, everything else rural. */
export const branchKindOf = (kind: string): BranchKind => (kind === 'urban' ? 'urban' : 'rural');
