import {
  evaluateStar,
  type IndicatorInput,
  type IndicatorOutcome,
  type StandardDefinition,
} from '@fivestar/common';
import type { Selectable } from 'kysely';
import type { FactRegistry } from '../../kernel/facts.ts';
import type { Clock } from '../../clock.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { conflict } from '../../http/errors.ts';
import type { AuditService } from '../audit/index.ts';
import { findApplication } from './applications.repository.ts';
import { recomputeBranchRatings } from './awards.repository.ts';
import type { AwardsService } from './awards.service.ts';
import { parseStandard } from './standards.repository.ts';

/** The messages of star decisions (merged into the module's messages). */
export const STAR_DECISION_MESSAGES = {
  'ratings.award_missing': { zh: '该星级记录不存在', en: 'No such star award' },
  'ratings.award_not_active': { zh: '该星已被摘除', en: 'This star has been revoked already' },
  'ratings.award_not_revoked': {
    zh: '该星未被摘除，无需恢复',
    en: 'This star is held; there is nothing to restore',
  },
};

export type AwardRow = Selectable<Database['star_awards']>;
interface Actor {
  id: number | null;
  name: string | null;
  ip?: string | null;
}

/**
 * Dynamic star management on any held star, whatever its origin (the rating cycle, an Excel import, past years'
 * records): revoke (摘星) and restore, each a decision with its reason. The supervision module records the decisions
 * and their reviews; this keeps the awards, the applications they came from and the derived ratings in step.
 */
export interface StarGaps {
  /** The year's published standard for the branch's kind (null: none published). */
  definition: StandardDefinition | null;
  /** Stars held (active awards) that year. */
  held: string[];
  /** Per star applied for: every indicator's outcome as the star engine evaluates it. */
  outcomes: Map<string, IndicatorOutcome[]>;
}

export function createStarDecisions({
  awards: cycleAwards,
  audit,
  clock,
  facts,
}: {
  awards: AwardsService;
  audit: AuditService;
  clock: Clock;
  facts: FactRegistry;
}) {
  async function award(trx: DbOrTrx, id: number): Promise<AwardRow | undefined> {
    return trx.selectFrom('star_awards').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async function starOrder(trx: DbOrTrx, a: AwardRow) {
    const kind = await trx
      .selectFrom('party_branches')
      .select('kind')
      .where('id', '=', a.branch_id)
      .executeTakeFirst();
    const std = await trx
      .selectFrom('rating_standards')
      .selectAll()
      .where('year', '=', a.year)
      .where('branch_kind', '=', kind?.kind ?? 'rural')
      .where('status', '=', 'published')
      .executeTakeFirst();
    const def = std ? parseStandard(std).definition : null;
    return {
      def,
      orderOf: def ? (code: string) => def.stars.find((s) => s.code === code)?.order ?? 99 : undefined,
    };
  }

  return {
    award,

    /**
     * "Why does this branch lack star X": per branch, the year's standard, the stars held, and for each star applied
     * for, each indicator's outcome (from the application's results, evidence and derived facts).
     */
    async gaps(trx: DbOrTrx, branchIds: number[], year: number): Promise<Map<number, StarGaps>> {
      const out = new Map<number, StarGaps>();
      if (branchIds.length === 0) return out;
      const branches = await trx
        .selectFrom('party_branches')
        .select(['id', 'kind'])
        .where('id', 'in', branchIds)
        .execute();
      const stds = await trx
        .selectFrom('rating_standards')
        .selectAll()
        .where('year', '=', year)
        .where('status', '=', 'published')
        .execute();
      const defOf = new Map(stds.map((s) => [s.branch_kind, parseStandard(s).definition]));
      const awards = await trx
        .selectFrom('star_awards')
        .select(['branch_id', 'star_code'])
        .where('year', '=', year)
        .where('status', '=', 'active')
        .where('branch_id', 'in', branchIds)
        .execute();
      const apps = await trx
        .selectFrom('star_applications')
        .select(['id', 'branch_id', 'star_code'])
        .where('year', '=', year)
        .where('branch_id', 'in', branchIds)
        .execute();
      const appIds = apps.map((a) => a.id);
      const results = appIds.length
        ? await trx
            .selectFrom('indicator_results')
            .select(['application_id', 'code', 'met', 'value', 'triggered'])
            .where('application_id', 'in', appIds)
            .execute()
        : [];
      const files = appIds.length
        ? await trx
            .selectFrom('evidence_files')
            .select(['application_id', 'indicator_code'])
            .where('application_id', 'in', appIds)
            .execute()
        : [];
      const factCodes = [...defOf.values()].flatMap((d) =>
        d.indicators.filter((i) => i.type === 'derived' && i.fact).map((i) => i.fact!),
      );
      const factValues = await facts.compute(trx, factCodes, branchIds, year);
      const bool = (v: number | null) => (v === null ? null : v === 1);
      for (const b of branches) {
        const def = defOf.get(b.kind) ?? null;
        const outcomes = new Map<string, IndicatorOutcome[]>();
        if (def)
          for (const app of apps.filter((a) => a.branch_id === b.id)) {
            const inputs: Record<string, IndicatorInput> = {};
            for (const r of results.filter((x) => x.application_id === app.id))
              inputs[r.code] = {
                met: bool(r.met),
                value: r.value === null ? null : Number(r.value),
                triggered: bool(r.triggered),
                files: files.filter((f) => f.application_id === app.id && f.indicator_code === r.code).length,
              };
            outcomes.set(
              app.star_code,
              evaluateStar(def, app.star_code, inputs, factValues.get(b.id) ?? {}).indicators,
            );
          }
        out.set(b.id, {
          definition: def,
          held: awards.filter((a) => a.branch_id === b.id).map((a) => a.star_code),
          outcomes,
        });
      }
      return out;
    },

    /**
     * Revokes an active award. A cycle award goes through its application (which records the move and takes the
     * capstone star with it); any other award is revoked directly, the capstone rule applied the same way. Returns
     * the ids of every award revoked (the star itself first).
     */
    async revoke(trx: DbOrTrx, id: number, actor: Actor, reason: string): Promise<number[]> {
      const a = await award(trx, id);
      if (!a) throw conflict('ratings.award_missing');
      if (a.status !== 'active') throw conflict('ratings.award_not_active');
      const before = await trx
        .selectFrom('star_awards')
        .select('id')
        .where('branch_id', '=', a.branch_id)
        .where('year', '=', a.year)
        .where('status', '=', 'active')
        .execute();
      if (a.application_id !== null) {
        const app = await findApplication(trx, a.application_id, null);
        if (app?.status === 'awarded') await cycleAwards.revoke(trx, app, actor, reason);
      }
      const now = clock.now();
      const { def, orderOf } = await starOrder(trx, a);
      const revokeOne = async (row: AwardRow, why: string) => {
        await trx
          .updateTable('star_awards')
          .set({ status: 'revoked', revoked_at: now, revoked_by: actor.id, revoked_reason: why })
          .where('id', '=', row.id)
          .where('status', '=', 'active')
          .execute();
        await audit.record(trx, {
          actorId: actor.id,
          actorName: actor.name,
          action: 'ratings.award.revoke',
          objectType: 'star_award',
          objectId: row.id,
          oldValue: { status: 'active' },
          newValue: { status: 'revoked', reason: why },
          ip: actor.ip ?? null,
        });
      };
      await revokeOne(a, reason);
      const cap = def?.capstone;
      if (cap?.enabled && cap.starCode && cap.starCode !== a.star_code) {
        const capRow = await trx
          .selectFrom('star_awards')
          .selectAll()
          .where('branch_id', '=', a.branch_id)
          .where('year', '=', a.year)
          .where('star_code', '=', cap.starCode)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (capRow) await revokeOne(capRow, `capstone: ${reason}`);
      }
      await recomputeBranchRatings(trx, a.year, [a.branch_id], now, orderOf);
      const after = new Set(
        (
          await trx
            .selectFrom('star_awards')
            .select('id')
            .where('branch_id', '=', a.branch_id)
            .where('year', '=', a.year)
            .where('status', '=', 'active')
            .execute()
        ).map((r) => r.id),
      );
      const gone = before.map((r) => r.id).filter((x) => !after.has(x));
      return [id, ...gone.filter((x) => x !== id)];
    },

    /** Restores a revoked award (a later decision reversing the revocation); its application returns to awarded. */
    async restore(trx: DbOrTrx, id: number, actor: Actor, reason: string): Promise<void> {
      const a = await award(trx, id);
      if (!a) throw conflict('ratings.award_missing');
      if (a.status !== 'revoked') throw conflict('ratings.award_not_revoked');
      const now = clock.now();
      await trx
        .updateTable('star_awards')
        .set({ status: 'active', revoked_at: null, revoked_by: null, revoked_reason: null })
        .where('id', '=', id)
        .where('status', '=', 'revoked')
        .execute();
      if (a.application_id !== null) {
        const app = await trx
          .selectFrom('star_applications')
          .select(['id', 'status'])
          .where('id', '=', a.application_id)
          .executeTakeFirst();
        if (app?.status === 'revoked') {
          await trx
            .updateTable('star_applications')
            .set({ status: 'awarded', updated_at: now })
            .where('id', '=', app.id)
            .execute();
          await trx
            .insertInto('rating_events')
            .values({
              application_id: app.id,
              action: 'restore',
              from_status: 'revoked',
              to_status: 'awarded',
              actor_id: actor.id,
              actor_name: actor.name,
              reason,
              at: now,
            })
            .execute();
        }
      }
      await audit.record(trx, {
        actorId: actor.id,
        actorName: actor.name,
        action: 'ratings.award.restore',
        objectType: 'star_award',
        objectId: id,
        oldValue: { status: 'revoked', reason: a.revoked_reason },
        newValue: { status: 'active', reason },
        ip: actor.ip ?? null,
      });
      const { orderOf } = await starOrder(trx, a);
      await recomputeBranchRatings(trx, a.year, [a.branch_id], now, orderOf);
    },
  };
}

export type StarDecisions = ReturnType<typeof createStarDecisions>;
