import {
  checkTransition,
  EDITABLE_STATUSES,
  evaluateStar,
  type Application,
  type ApplicationDetail,
  type CountyAction,
  type IndicatorInput,
  type Standard,
  type TownshipAction,
} from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { assertVersion } from '../../http/versions.ts';
import type { FactRegistry } from '../../kernel/facts.ts';
import { lastChangeOf, type AuditService } from '../audit/index.ts';
import {
  findApplication,
  hasReturnedResult,
  historyOf,
  pageApplications,
  reopenReturnedResults,
  resultOf,
  resultsOf,
  touchApplication,
  updateResult,
  type ApplicationFilter,
  type ApplicationRow,
} from './applications.repository.ts';
import type { AwardsService } from './awards.service.ts';
import { actorOf, type Cycle } from './cycle.service.ts';
import type { StandardsService } from './standards.service.ts';

const bool = (v: number | null) => (v === null ? null : v === 1);
const int = (v: boolean | null | undefined) => (v === null || v === undefined ? null : v ? 1 : 0);

/** A value as the township reviewed it (kept to show what the village changed since). */
interface Snapshot {
  met: boolean | null;
  value: number | null;
  triggered: boolean | null;
}
const snapshotOf = (r: { met: number | null; value: number | null; triggered: number | null }): Snapshot => ({
  met: bool(r.met),
  value: r.value === null ? null : Number(r.value),
  triggered: bool(r.triggered),
});

interface AssessInput {
  code: string;
  met?: boolean | null;
  value?: number | null;
  triggered?: boolean | null;
  note?: string | null;
}

/**
 * The yearly cycle of a star application (docs/programme.md §3): the village self-assesses (locked once sent; after
 * a return only the returned indicators), the township reviews indicator by indicator and recommends, the county
 * rates, names and revokes. Each level acts only on what the level below has finished. Every answer is the
 * application's detail, evaluated against its standard and the facts the modules lend.
 */
export function createApplicationsService({
  db,
  audit,
  clock,
  facts: factRegistry,
  standards,
  cycle,
  awards,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  facts: FactRegistry;
  standards: StandardsService;
  cycle: Cycle;
  awards: AwardsService;
}) {
  /** An application in the caller's subtree, or 404. */
  async function inScope(trx: DbOrTrx, user: CurrentUser, id: number): Promise<ApplicationRow> {
    const app = await findApplication(trx, id, user.unitPath);
    if (!app) throw notFound();
    return app;
  }

  async function evaluate(trx: DbOrTrx, app: ApplicationRow, std: Standard) {
    const { rows, files } = await resultsOf(trx, app.id);
    const inputs: Record<string, IndicatorInput> = {};
    for (const r of rows)
      inputs[r.code] = { ...snapshotOf(r), files: files.filter((f) => f.indicator_code === r.code).length };
    const factCodes = std.definition.indicators
      .filter((i) => i.starCode === app.star_code && i.type === 'derived' && i.fact)
      .map((i) => i.fact!);
    const facts =
      (await factRegistry.compute(trx, factCodes, [app.branch_id], app.year)).get(app.branch_id) ?? {};
    return { evaluation: evaluateStar(std.definition, app.star_code, inputs, facts), facts, rows, files };
  }

  const standardOf = async (trx: DbOrTrx, app: ApplicationRow) =>
    (await standards.byId(trx, app.standard_id))!;

  function toApplication(app: ApplicationRow, std: Standard | null): Application {
    return {
      id: app.id,
      branchId: app.branch_id,
      branchName: app.branch_name,
      unitId: app.org_unit_id,
      unitName: app.unit_name,
      year: Number(app.year),
      starCode: app.star_code,
      starName: std?.definition.stars.find((s) => s.code === app.star_code)?.name ?? app.star_code,
      status: app.status,
      round: Number(app.round),
      updatedAt: Number(app.updated_at),
    };
  }

  async function detail(trx: DbOrTrx, user: CurrentUser, id: number): Promise<ApplicationDetail> {
    const app = await inScope(trx, user, id);
    const std = await standardOf(trx, app);
    const { evaluation, facts, rows, files } = await evaluate(trx, app, std);
    const history = await historyOf(trx, id);
    const indicators = std.definition.indicators.filter((i) => i.starCode === app.star_code);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    return {
      ...toApplication(app, std),
      version: Number(app.version),
      standardId: app.standard_id,
      indicators,
      results: indicators.map((ind) => {
        const r = byCode.get(ind.code);
        return {
          code: ind.code,
          ...(r ? snapshotOf(r) : { met: null, value: null, triggered: null }),
          note: r?.note ?? null,
          review: r?.review ?? 'pending',
          reviewComment: r?.review_comment ?? null,
          changedSinceReview: r?.changed_since_review === 1,
          previous: r?.reviewed_snapshot ? (JSON.parse(r.reviewed_snapshot) as Snapshot) : null,
          files: files
            .filter((f) => f.indicator_code === ind.code)
            .map((f) => ({
              id: f.id,
              name: f.name,
              mime: f.mime,
              size: Number(f.size),
              createdAt: Number(f.created_at),
            })),
        };
      }),
      facts,
      evaluation,
      history: history.map((h) => ({
        action: h.action,
        from: h.from_status,
        to: h.to_status,
        actorName: h.actor_name,
        at: Number(h.at),
        reason: h.reason,
      })),
    };
  }

  return {
    /** An application in the caller's subtree, or 404 (evidence uploads check it inside their transaction). */
    inScope,

    async list(user: CurrentUser, filter: ApplicationFilter) {
      const page = await pageApplications(db, user.unitPath, filter);
      const stds = new Map<number, Standard | null>();
      for (const r of page.items)
        if (!stds.has(r.standard_id)) stds.set(r.standard_id, await standards.byId(db, r.standard_id));
      return { ...page, items: page.items.map((r) => toApplication(r, stds.get(r.standard_id) ?? null)) };
    },

    get: (user: CurrentUser, id: number) => detail(db, user, id),

    /** The village's self-assessment; only while editable, and after a return only the returned indicators. */
    /** `expected`: the version the caller edited (If-Match); a newer one on file answers 412 and changes nothing. */
    async assess(
      user: CurrentUser,
      id: number,
      results: AssessInput[],
      ip: string,
      expected: number | null = null,
    ) {
      return db.transaction().execute(async (trx) => {
        const app = await inScope(trx, user, id);
        assertVersion(expected, Number(app.version), await lastChangeOf(trx, 'star_application', id));
        if (!EDITABLE_STATUSES.includes(app.status)) throw conflict('ratings.locked');
        const byCode = new Map((await resultsOf(trx, id)).rows.map((r) => [r.code, r]));
        const now = clock.now();
        const changes: unknown[] = [];
        for (const [i, input] of results.entries()) {
          const row = byCode.get(input.code);
          if (!row) throw invalidField(`results.${i}.code`, 'ratings.unknown_indicator');
          if (row.review === 'accepted' || (app.status === 'returned' && row.review !== 'returned'))
            throw invalidField(`results.${i}.code`, 'ratings.locked');
          const next = {
            met: input.met === undefined ? row.met : int(input.met),
            value: input.value === undefined ? row.value : input.value,
            triggered: input.triggered === undefined ? row.triggered : int(input.triggered),
            note: input.note === undefined ? row.note : input.note,
          };
          const snap = row.reviewed_snapshot ? (JSON.parse(row.reviewed_snapshot) as Snapshot) : null;
          const current = snapshotOf(next);
          const changed =
            snap !== null &&
            (snap.met !== current.met ||
              snap.value !== current.value ||
              snap.triggered !== current.triggered);
          await updateResult(trx, row.id, {
            ...next,
            changed_since_review: changed ? 1 : 0,
            updated_at: now,
          });
          changes.push({
            code: input.code,
            old: { met: row.met, value: row.value, triggered: row.triggered },
            new: next,
          });
        }
        await touchApplication(trx, id, now);
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.assess',
          objectType: 'star_application',
          objectId: id,
          newValue: changes,
          ip,
        });
        return detail(trx, user, id);
      });
    },

    /** Sends the self-assessment to the township: every indicator assessed and every file there. */
    async submit(user: CurrentUser, id: number, ip: string) {
      return db.transaction().execute(async (trx) => {
        const app = await inScope(trx, user, id);
        const { evaluation } = await evaluate(trx, app, await standardOf(trx, app));
        if (evaluation.indicators.some((o) => o.reason === 'not_assessed' || o.reason === 'missing_evidence'))
          throw conflict('ratings.incomplete');
        await cycle.move(trx, app, 'submit', 'village', actorOf(user, ip), null, {
          round: Number(app.round) + 1,
        });
        await reopenReturnedResults(trx, id);
        return detail(trx, user, id);
      });
    },

    /** The township reviewer accepts an indicator or returns it with a comment (opens the review if needed). */
    async reviewIndicator(
      user: CurrentUser,
      id: number,
      input: { code: string; decision: 'accept' | 'return'; comment?: string },
      ip: string,
    ) {
      if (input.decision === 'return' && !input.comment)
        throw invalidField('comment', 'ratings.reason_required');
      return db.transaction().execute(async (trx) => {
        const app = await inScope(trx, user, id);
        if (app.status === 'submitted')
          await cycle.move(trx, app, 'start_review', 'township', actorOf(user, ip));
        if (app.status !== 'township_review') throw conflict('ratings.forbidden_transition');
        const row = await resultOf(trx, id, input.code);
        if (!row) throw invalidField('code', 'ratings.unknown_indicator');
        const now = clock.now();
        const review = input.decision === 'accept' ? 'accepted' : 'returned';
        await updateResult(trx, row.id, {
          review,
          review_comment: input.comment ?? null,
          reviewed_by: user.id,
          reviewed_at: now,
          reviewed_snapshot: JSON.stringify(snapshotOf(row)),
          changed_since_review: 0,
          updated_at: now,
        });
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.indicator_review',
          objectType: 'star_application',
          objectId: id,
          oldValue: { code: input.code, review: row.review },
          newValue: { code: input.code, review, comment: input.comment ?? null },
          ip,
        });
        return detail(trx, user, id);
      });
    },

    /** Start the review, return to the village, recommend to the county (all accepted and eligible) or reject. */
    async townshipAction(
      user: CurrentUser,
      id: number,
      input: { action: TownshipAction; reason?: string },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const app = await inScope(trx, user, id);
        if (
          input.action === 'return' &&
          app.status === 'township_review' &&
          !(await hasReturnedResult(trx, id))
        )
          throw conflict('ratings.nothing_returned');
        if (input.action === 'recommend' && app.status === 'township_review') {
          const { evaluation, rows } = await evaluate(trx, app, await standardOf(trx, app));
          if (rows.some((r) => r.review !== 'accepted')) throw conflict('ratings.not_all_accepted');
          if (!evaluation.eligible) throw conflict('ratings.not_eligible');
        }
        await cycle.move(trx, app, input.action, 'township', actorOf(user, ip), input.reason);
        return detail(trx, user, id);
      });
    },

    /** Rate (eligible only), send back, reject, name (after the notice) or revoke. */
    async countyAction(
      user: CurrentUser,
      id: number,
      input: { action: CountyAction; reason?: string },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const app = await inScope(trx, user, id);
        const actor = actorOf(user, ip);
        if (input.action === 'award') {
          await awards.assertAwardable(trx, app);
          await awards.award(trx, app, actor);
        } else if (input.action === 'revoke') {
          const check = checkTransition(app.status, 'revoke', 'county', input.reason);
          if (!check.ok) throw conflict(`ratings.${check.error}`);
          await awards.revoke(trx, app, actor, input.reason!);
        } else {
          if (input.action === 'rate' && app.status === 'county_review') {
            const { evaluation } = await evaluate(trx, app, await standardOf(trx, app));
            if (!evaluation.eligible) throw conflict('ratings.not_eligible');
          }
          await cycle.move(trx, app, input.action, 'county', actor, input.reason);
        }
        return detail(trx, user, id);
      });
    },
  };
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>;
