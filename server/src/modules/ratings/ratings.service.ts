import {
  capstoneAllows,
  checkTransition,
  defaultStandard,
  EDITABLE_STATUSES,
  RURAL_STARS,
  URBAN_STARS,
  evaluateStar,
  standardDefinitionSchema,
  type ApplicationDetail,
  type ApplicationStatus,
  type IndicatorInput,
  type RatingActor,
  type Standard,
  type StandardDefinition,
} from '@fivestar/common';
import { sql } from 'kysely';
import type { Clock } from '../../clock.ts';
import { fetchPage } from '../../db/paginate.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { findUnitInScope, inScope, pathUnder } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import type { FactRegistry } from '../../kernel/facts.ts';
import './ratings.messages.ts';

type Kind = 'rural' | 'urban';

interface Actor {
  id: number | null;
  name: string | null;
  ip?: string | null;
}
const actorOf = (user: CurrentUser, ip?: string): Actor => ({ id: user.id, name: user.username, ip });

export function parseStandard(row: {
  id: number;
  year: number;
  branch_kind: string;
  status: string;
  definition: string;
  published_at: number | null;
  updated_at: number;
}): Standard {
  return {
    id: row.id,
    year: Number(row.year),
    branchKind: row.branch_kind as Kind,
    status: row.status as Standard['status'],
    definition: JSON.parse(row.definition) as StandardDefinition,
    publishedAt: row.published_at === null ? null : Number(row.published_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Recomputes the derived per-branch ratings of `year` from the active awards (all branches when ids is null). */
export async function recomputeBranchRatings(
  db: DbOrTrx,
  year: number,
  branchIds: number[] | null,
  now: number,
  orderOf: (code: string) => number = defaultStarOrder,
) {
  const chunks = branchIds === null ? [null] : chunk(branchIds, 500);
  for (const ids of chunks) {
    if (ids && ids.length === 0) continue;
    let awards = db
      .selectFrom('star_awards')
      .select(['branch_id', 'star_code'])
      .where('year', '=', year)
      .where('status', '=', 'active');
    let branches = db
      .selectFrom('party_branches as b')
      .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
      .select(['b.id', 'o.path']);
    if (ids) {
      awards = awards.where('branch_id', 'in', ids);
      branches = branches.where('b.id', 'in', ids);
    }
    const held = new Map<number, string[]>();
    for (const a of await awards.execute()) {
      const list = held.get(a.branch_id) ?? [];
      list.push(a.star_code);
      held.set(a.branch_id, list);
    }
    const rows = (await branches.execute()).map((b) => {
      const stars = (held.get(b.id) ?? []).sort((x, y) => orderOf(x) - orderOf(y) || x.localeCompare(y));
      return {
        branch_id: b.id,
        year,
        unit_path: b.path,
        star_count: Math.min(5, stars.length),
        stars: stars.join(','),
        updated_at: now,
      };
    });
    let del = db.deleteFrom('branch_ratings').where('year', '=', year);
    if (ids) del = del.where('branch_id', 'in', ids);
    await del.execute();
    for (const part of chunk(rows, 400)) await db.insertInto('branch_ratings').values(part).execute();
  }
}

const KNOWN_STARS = [...RURAL_STARS, ...URBAN_STARS].map((s) => s.code);
/** Stars listed in the standards' order (rural first), unknown codes last. */
export const defaultStarOrder = (code: string) => {
  const i = KNOWN_STARS.indexOf(code);
  return i < 0 ? 99 : i;
};

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const bool = (v: number | null) => (v === null ? null : v === 1);
const int = (v: boolean | null | undefined) => (v === null || v === undefined ? null : v ? 1 : 0);

/** The columns of an application row with its branch and village, for lists and details alike. */
const APPLICATION_COLUMNS = [
  'a.id',
  'a.branch_id',
  'a.org_unit_id',
  'a.unit_path',
  'a.year',
  'a.star_code',
  'a.standard_id',
  'a.status',
  'a.round',
  'a.notice_id',
  'a.updated_at',
  'b.name as branch_name',
  'b.kind',
  'o.name as unit_name',
] as const;

export function createRatingsService({
  db,
  audit,
  clock,
  facts: factRegistry,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  facts: FactRegistry;
}) {
  const publishedCache = new Map<number, Standard>();

  async function standardById(trx: DbOrTrx, id: number): Promise<Standard | null> {
    const cached = publishedCache.get(id);
    if (cached) return cached;
    const row = await trx.selectFrom('rating_standards').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const std = parseStandard(row);
    if (std.status === 'published') publishedCache.set(id, std);
    return std;
  }

  async function publishedStandard(trx: DbOrTrx, year: number, kind: Kind): Promise<Standard> {
    const row = await trx
      .selectFrom('rating_standards')
      .select('id')
      .where('year', '=', year)
      .where('branch_kind', '=', kind)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (!row) throw conflict('ratings.no_standard');
    return (await standardById(trx, row.id))!;
  }

  /** A branch in the caller's scope, or 404. */
  async function branchInScope(trx: DbOrTrx, user: CurrentUser, branchId: number) {
    const b = await trx
      .selectFrom('party_branches as b')
      .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
      .select(['b.id', 'b.name', 'b.kind', 'b.org_unit_id', 'o.path', 'o.name as unit_name'])
      .where('b.id', '=', branchId)
      .where(inScope('b.org_unit_id', user))
      .executeTakeFirst();
    if (!b) throw notFound();
    return b;
  }

  async function appRow(trx: DbOrTrx, user: CurrentUser | null, id: number) {
    let q = trx
      .selectFrom('star_applications as a')
      .innerJoin('party_branches as b', 'b.id', 'a.branch_id')
      .innerJoin('org_units as o', 'o.id', 'a.org_unit_id')
      .select(APPLICATION_COLUMNS)
      .where('a.id', '=', id);
    if (user) q = q.where(pathUnder('a.unit_path', user.unitPath));
    const row = await q.executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }
  type AppRow = Awaited<ReturnType<typeof appRow>>;

  async function resultsOf(trx: DbOrTrx, appId: number) {
    const rows = await trx
      .selectFrom('indicator_results')
      .selectAll()
      .where('application_id', '=', appId)
      .execute();
    const files = await trx
      .selectFrom('evidence_files')
      .select(['id', 'indicator_code', 'name', 'mime', 'size', 'created_at'])
      .where('application_id', '=', appId)
      .orderBy('id')
      .execute();
    return { rows, files };
  }

  async function evaluate(trx: DbOrTrx, app: AppRow, std: Standard) {
    const { rows, files } = await resultsOf(trx, app.id);
    const inputs: Record<string, IndicatorInput> = {};
    for (const r of rows) {
      inputs[r.code] = {
        met: bool(r.met),
        value: r.value === null ? null : Number(r.value),
        triggered: bool(r.triggered),
        files: files.filter((f) => f.indicator_code === r.code).length,
      };
    }
    const factCodes = std.definition.indicators
      .filter((i) => i.starCode === app.star_code && i.type === 'derived' && i.fact)
      .map((i) => i.fact!);
    const facts =
      (await factRegistry.compute(trx, factCodes, [app.branch_id], app.year)).get(app.branch_id) ?? {};
    return { evaluation: evaluateStar(std.definition, app.star_code, inputs, facts), facts, rows, files };
  }

  /** Moves an application by the transition table, with its event row and audit row, inside `trx`. */
  async function move(
    trx: DbOrTrx,
    app: { id: number; status: string },
    action: string,
    actorKind: RatingActor,
    actor: Actor,
    reason?: string | null,
    extra: { round?: number; notice_id?: number | null } = {},
  ): Promise<ApplicationStatus> {
    const check = checkTransition(app.status as ApplicationStatus, action, actorKind, reason);
    if (!check.ok) throw conflict(`ratings.${check.error}`);
    const now = clock.now();
    const res = await trx
      .updateTable('star_applications')
      .set({ status: check.to, updated_at: now, ...extra })
      .where('id', '=', app.id)
      .where('status', '=', app.status)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('ratings.forbidden_transition');
    await trx
      .insertInto('rating_events')
      .values({
        application_id: app.id,
        action,
        from_status: app.status,
        to_status: check.to,
        actor_id: actor.id,
        actor_name: actor.name,
        reason: reason ?? null,
        at: now,
      })
      .execute();
    await audit.record(trx, {
      actorId: actor.id,
      actorName: actor.name,
      action: `ratings.${action}`,
      objectType: 'star_application',
      objectId: app.id,
      oldValue: { status: app.status },
      newValue: { status: check.to, ...(reason ? { reason } : {}) },
      ip: actor.ip ?? null,
    });
    app.status = check.to;
    return check.to;
  }

  /** Creates the star award of an application in `publicity` (capstone rule checked) and refreshes the rating. */
  async function awardApplication(trx: DbOrTrx, app: AppRow, actor: Actor) {
    const std = (await standardById(trx, app.standard_id))!;
    const held = await trx
      .selectFrom('star_awards')
      .select('star_code')
      .where('branch_id', '=', app.branch_id)
      .where('year', '=', app.year)
      .where('status', '=', 'active')
      .execute();
    if (
      !capstoneAllows(
        std.definition,
        app.star_code,
        held.map((h) => h.star_code),
      )
    )
      throw conflict('ratings.capstone');
    await move(trx, app, 'award', 'county', actor);
    const now = clock.now();
    await trx
      .deleteFrom('star_awards')
      .where('branch_id', '=', app.branch_id)
      .where('year', '=', app.year)
      .where('star_code', '=', app.star_code)
      .execute();
    await trx
      .insertInto('star_awards')
      .values({
        branch_id: app.branch_id,
        org_unit_id: app.org_unit_id,
        unit_path: app.unit_path,
        year: app.year,
        star_code: app.star_code,
        status: 'active',
        application_id: app.id,
        source: 'cycle',
        awarded_at: now,
        awarded_by: actor.id,
        revoked_at: null,
        revoked_by: null,
        revoked_reason: null,
      })
      .execute();
    await recomputeBranchRatings(trx, app.year, [app.branch_id], now, orderOf(std));
  }

  const orderOf = (std: Standard) => (code: string) =>
    std.definition.stars.find((s) => s.code === code)?.order ?? 99;

  /** 摘星: revokes an awarded star; under the capstone switch the capstone star goes with it. */
  async function revokeApplication(trx: DbOrTrx, app: AppRow, actor: Actor, reason: string) {
    const std = (await standardById(trx, app.standard_id))!;
    await move(trx, app, 'revoke', 'county', actor, reason);
    const now = clock.now();
    await trx
      .updateTable('star_awards')
      .set({ status: 'revoked', revoked_at: now, revoked_by: actor.id, revoked_reason: reason })
      .where('branch_id', '=', app.branch_id)
      .where('year', '=', app.year)
      .where('star_code', '=', app.star_code)
      .execute();
    const cap = std.definition.capstone;
    if (cap.enabled && cap.starCode && cap.starCode !== app.star_code) {
      const capApp = await trx
        .selectFrom('star_applications')
        .select('id')
        .where('branch_id', '=', app.branch_id)
        .where('year', '=', app.year)
        .where('star_code', '=', cap.starCode)
        .where('status', '=', 'awarded')
        .executeTakeFirst();
      if (capApp) {
        const capRow = await appRow(trx, null, capApp.id);
        await revokeApplication(trx, capRow, actor, `capstone: ${reason}`);
      }
    }
    await recomputeBranchRatings(trx, app.year, [app.branch_id], now, orderOf(std));
  }

  async function detail(trx: DbOrTrx, user: CurrentUser, id: number): Promise<ApplicationDetail> {
    const app = await appRow(trx, user, id);
    const std = (await standardById(trx, app.standard_id))!;
    const { evaluation, facts, rows, files } = await evaluate(trx, app, std);
    const history = await trx
      .selectFrom('rating_events')
      .selectAll()
      .where('application_id', '=', id)
      .orderBy('id')
      .execute();
    const indicators = std.definition.indicators.filter((i) => i.starCode === app.star_code);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    return {
      ...toApplication(app, std),
      standardId: app.standard_id,
      indicators,
      results: indicators.map((ind) => {
        const r = byCode.get(ind.code);
        const snap = r?.reviewed_snapshot ? JSON.parse(r.reviewed_snapshot) : null;
        return {
          code: ind.code,
          met: r ? bool(r.met) : null,
          value: r && r.value !== null ? Number(r.value) : null,
          triggered: r ? bool(r.triggered) : null,
          note: r?.note ?? null,
          review: (r?.review ?? 'pending') as 'pending',
          reviewComment: r?.review_comment ?? null,
          changedSinceReview: r?.changed_since_review === 1,
          previous: snap,
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

  function toApplication(app: AppRow, std: Standard | null) {
    return {
      id: app.id,
      branchId: app.branch_id,
      branchName: app.branch_name,
      unitId: app.org_unit_id,
      unitName: app.unit_name,
      year: Number(app.year),
      starCode: app.star_code,
      starName: std?.definition.stars.find((s) => s.code === app.star_code)?.name ?? app.star_code,
      status: app.status as ApplicationStatus,
      round: Number(app.round),
      updatedAt: Number(app.updated_at),
    };
  }

  /** Creates draft applications (with pending indicator rows) for a branch's target stars. */
  async function createApplications(
    trx: DbOrTrx,
    branch: { id: number; org_unit_id: number; path: string },
    std: Standard,
    year: number,
    stars: string[],
    actor: Actor,
  ) {
    const now = clock.now();
    const ids: number[] = [];
    for (const star of stars) {
      const inserted = await trx
        .insertInto('star_applications')
        .values({
          branch_id: branch.id,
          org_unit_id: branch.org_unit_id,
          unit_path: branch.path,
          year,
          star_code: star,
          standard_id: std.id,
          status: 'draft',
          round: 0,
          notice_id: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(inserted.id);
      const rows = std.definition.indicators
        .filter((i) => i.starCode === star)
        .map((i) => ({
          application_id: inserted.id,
          code: i.code,
          met: null,
          value: null,
          triggered: null,
          note: null,
          review: 'pending',
          review_comment: null,
          reviewed_by: null,
          reviewed_at: null,
          reviewed_snapshot: null,
          changed_since_review: 0,
          updated_at: now,
        }));
      for (const part of chunk(rows, 100)) await trx.insertInto('indicator_results').values(part).execute();
      await trx
        .insertInto('rating_events')
        .values({
          application_id: inserted.id,
          action: 'create',
          from_status: null,
          to_status: 'draft',
          actor_id: actor.id,
          actor_name: actor.name,
          reason: null,
          at: now,
        })
        .execute();
    }
    return ids;
  }

  return {
    standardById: (id: number) => standardById(db, id),
    publishedStandard: (year: number, kind: Kind) => publishedStandard(db, year, kind),
    awardApplication,
    revokeApplication,
    createApplications,
    move,
    appRow,

    // ---- Standards ------------------------------------------------------------------------------------------
    async listStandards(year?: number): Promise<Standard[]> {
      let q = db.selectFrom('rating_standards').selectAll();
      if (year !== undefined) q = q.where('year', '=', year);
      const rows = await q.orderBy('year', 'desc').orderBy('branch_kind').execute();
      return rows.map(parseStandard);
    },

    async getStandard(id: number): Promise<Standard> {
      const std = await standardById(db, id);
      if (!std) throw notFound();
      return std;
    },

    /** A new year's draft starts as a copy of the latest earlier standard of the kind (or the shipped default). */
    async createStandard(user: CurrentUser, input: { year: number; branchKind: Kind }, ip: string) {
      return db.transaction().execute(async (trx) => {
        const exists = await trx
          .selectFrom('rating_standards')
          .select('id')
          .where('year', '=', input.year)
          .where('branch_kind', '=', input.branchKind)
          .executeTakeFirst();
        if (exists) throw conflict('ratings.standard_exists', 'year');
        const prev = await trx
          .selectFrom('rating_standards')
          .selectAll()
          .where('branch_kind', '=', input.branchKind)
          .where('year', '<', input.year)
          .orderBy('year', 'desc')
          .limit(1)
          .executeTakeFirst();
        const definition = prev
          ? (JSON.parse(prev.definition) as StandardDefinition)
          : defaultStandard(input.branchKind);
        const now = clock.now();
        const row = await trx
          .insertInto('rating_standards')
          .values({
            year: input.year,
            branch_kind: input.branchKind,
            status: 'draft',
            definition: JSON.stringify(definition),
            created_at: now,
            updated_at: now,
            published_at: null,
            published_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.standard_create',
          objectType: 'rating_standard',
          objectId: row.id,
          newValue: { year: input.year, branchKind: input.branchKind, copiedFrom: prev?.id ?? 'default' },
          ip,
        });
        return (await standardById(trx, row.id))!;
      });
    },

    async updateStandard(user: CurrentUser, id: number, definition: StandardDefinition, ip: string) {
      definition.indicators.forEach((ind, i) => {
        if (ind.type === 'derived' && ind.fact && !factRegistry.has(ind.fact))
          throw invalidField(`definition.indicators.${i}.fact`, 'ratings.err.unknown_fact');
      });
      return db.transaction().execute(async (trx) => {
        const std = await standardById(trx, id);
        if (!std) throw notFound();
        if (std.status !== 'draft') throw conflict('ratings.standard_published');
        await trx
          .updateTable('rating_standards')
          .set({ definition: JSON.stringify(definition), updated_at: clock.now() })
          .where('id', '=', id)
          .where('status', '=', 'draft')
          .execute();
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
        return (await standardById(trx, id))!;
      });
    },

    async publishStandard(user: CurrentUser, id: number, ip: string) {
      return db.transaction().execute(async (trx) => {
        const std = await standardById(trx, id);
        if (!std) throw notFound();
        if (std.status !== 'draft') throw conflict('ratings.standard_published');
        standardDefinitionSchema.parse(std.definition);
        const now = clock.now();
        await trx
          .updateTable('rating_standards')
          .set({ status: 'published', published_at: now, published_by: user.id, updated_at: now })
          .where('id', '=', id)
          .execute();
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
        return (await standardById(trx, id))!;
      });
    },

    // ---- Targets ----------------------------------------------------------------------------------------------
    async getTargets(user: CurrentUser, year: number, unitId?: number) {
      const unit = await findUnitInScope(db, user, unitId ?? user.unitId);
      if (!unit) throw notFound();
      const rows = await db
        .selectFrom('rating_targets as t')
        .innerJoin('org_units as o', 'o.id', 't.org_unit_id')
        .select(['t.levels', 't.stars'])
        .where('t.year', '=', year)
        .where(pathUnder('o.path', unit.path))
        .execute();
      const levels: Record<string, number> = {};
      const stars: Record<string, number> = {};
      for (const r of rows) {
        for (const [k, v] of Object.entries(JSON.parse(r.levels) as Record<string, number>))
          levels[k] = (levels[k] ?? 0) + v;
        for (const [k, v] of Object.entries(JSON.parse(r.stars) as Record<string, number>))
          stars[k] = (stars[k] ?? 0) + v;
      }
      const apps = await db
        .selectFrom('party_branches as b')
        .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
        .leftJoin('star_applications as a', (j) =>
          j.onRef('a.branch_id', '=', 'b.id').on('a.year', '=', year),
        )
        .select(['b.id', 'b.name', 'a.star_code', 'o.path'])
        .where(pathUnder('o.path', unit.path))
        .orderBy('o.path')
        .execute();
      const branches = new Map<number, { branchId: number; branchName: string; stars: string[] }>();
      for (const a of apps) {
        const b = branches.get(a.id) ?? { branchId: a.id, branchName: a.name, stars: [] };
        if (a.star_code) b.stars.push(a.star_code);
        branches.set(a.id, b);
      }
      return { year, unitId: unit.id, levels, stars, branches: [...branches.values()] };
    },

    async putTargets(
      user: CurrentUser,
      input: { year: number; unitId?: number; levels: Record<string, number>; stars: Record<string, number> },
      ip: string,
    ) {
      const unit = await findUnitInScope(db, user, input.unitId ?? user.unitId);
      if (!unit) throw invalidField('unitId', 'unit.out_of_scope');
      await db.transaction().execute(async (trx) => {
        const old = await trx
          .selectFrom('rating_targets')
          .selectAll()
          .where('org_unit_id', '=', unit.id)
          .where('year', '=', input.year)
          .executeTakeFirst();
        const values = {
          levels: JSON.stringify(input.levels),
          stars: JSON.stringify(input.stars),
          updated_at: clock.now(),
        };
        if (old) await trx.updateTable('rating_targets').set(values).where('id', '=', old.id).execute();
        else
          await trx
            .insertInto('rating_targets')
            .values({ org_unit_id: unit.id, year: input.year, ...values })
            .execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.targets_update',
          objectType: 'org_unit',
          objectId: unit.id,
          oldValue: old ? { levels: JSON.parse(old.levels), stars: JSON.parse(old.stars) } : null,
          newValue: { year: input.year, levels: input.levels, stars: input.stars },
          ip,
        });
      });
      return this.getTargets(user, input.year, unit.id);
    },

    /** A village's target stars for the year: one draft application per star (removing only untouched drafts). */
    async putBranchTargets(
      user: CurrentUser,
      input: { year: number; branchId: number; stars: string[] },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const branch = await branchInScope(trx, user, input.branchId);
        const std = await publishedStandard(trx, input.year, branch.kind as Kind);
        const codes = new Set(std.definition.stars.map((s) => s.code));
        input.stars.forEach((s, i) => {
          if (!codes.has(s)) throw invalidField(`stars.${i}`, 'ratings.unknown_star');
        });
        const existing = await trx
          .selectFrom('star_applications')
          .select(['id', 'star_code', 'status'])
          .where('branch_id', '=', branch.id)
          .where('year', '=', input.year)
          .execute();
        const want = new Set(input.stars);
        for (const e of existing) {
          if (want.has(e.star_code)) continue;
          if (e.status !== 'draft') throw conflict('ratings.target_in_progress', 'stars');
          await trx.deleteFrom('indicator_results').where('application_id', '=', e.id).execute();
          await trx.deleteFrom('evidence_files').where('application_id', '=', e.id).execute();
          await trx.deleteFrom('rating_events').where('application_id', '=', e.id).execute();
          await trx.deleteFrom('star_applications').where('id', '=', e.id).execute();
        }
        const have = new Set(existing.map((e) => e.star_code));
        const actor = actorOf(user, ip);
        await createApplications(
          trx,
          branch,
          std,
          input.year,
          input.stars.filter((s) => !have.has(s)),
          actor,
        );
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.branch_targets_update',
          objectType: 'party_branch',
          objectId: branch.id,
          oldValue: { year: input.year, stars: existing.map((e) => e.star_code) },
          newValue: { year: input.year, stars: input.stars },
          ip,
        });
        return { branchId: branch.id, year: input.year, stars: input.stars };
      });
    },

    // ---- Applications -------------------------------------------------------------------------------------------
    async listApplications(
      user: CurrentUser,
      query: {
        year?: number;
        status?: string;
        branchId?: number;
        starCode?: string;
        page: number;
        pageSize: number;
      },
    ) {
      let q = db
        .selectFrom('star_applications as a')
        .innerJoin('party_branches as b', 'b.id', 'a.branch_id')
        .innerJoin('org_units as o', 'o.id', 'a.org_unit_id')
        .where(pathUnder('a.unit_path', user.unitPath));
      if (query.year !== undefined) q = q.where('a.year', '=', query.year);
      if (query.status) q = q.where('a.status', '=', query.status);
      if (query.branchId) q = q.where('a.branch_id', '=', query.branchId);
      if (query.starCode) q = q.where('a.star_code', '=', query.starCode);
      const page = await fetchPage(
        q.select(APPLICATION_COLUMNS),
        query,
        (q) => q.orderBy('a.year', 'desc').orderBy('a.unit_path').orderBy('a.id'),
        (r) => r,
      );
      const stds = new Map<number, Standard | null>();
      for (const r of page.items)
        if (!stds.has(r.standard_id)) stds.set(r.standard_id, await standardById(db, r.standard_id));
      return { ...page, items: page.items.map((r) => toApplication(r, stds.get(r.standard_id) ?? null)) };
    },

    getApplication: (user: CurrentUser, id: number) => detail(db, user, id),

    /** The village's self-assessment; only while editable, and after a return only the returned indicators. */
    async assess(
      user: CurrentUser,
      id: number,
      results: {
        code: string;
        met?: boolean | null;
        value?: number | null;
        triggered?: boolean | null;
        note?: string | null;
      }[],
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const app = await appRow(trx, user, id);
        if (!EDITABLE_STATUSES.includes(app.status as ApplicationStatus)) throw conflict('ratings.locked');
        const existing = await trx
          .selectFrom('indicator_results')
          .selectAll()
          .where('application_id', '=', id)
          .execute();
        const byCode = new Map(existing.map((r) => [r.code, r]));
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
          const snap = row.reviewed_snapshot ? JSON.parse(row.reviewed_snapshot) : null;
          const changed =
            snap !== null &&
            (snap.met !== bool(next.met) ||
              snap.value !== (next.value === null ? null : Number(next.value)) ||
              snap.triggered !== bool(next.triggered));
          await trx
            .updateTable('indicator_results')
            .set({ ...next, changed_since_review: changed ? 1 : 0, updated_at: now })
            .where('id', '=', row.id)
            .execute();
          changes.push({
            code: input.code,
            old: { met: row.met, value: row.value, triggered: row.triggered },
            new: next,
          });
        }
        await trx.updateTable('star_applications').set({ updated_at: now }).where('id', '=', id).execute();
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

    async submit(user: CurrentUser, id: number, ip: string) {
      return db.transaction().execute(async (trx) => {
        const app = await appRow(trx, user, id);
        const std = (await standardById(trx, app.standard_id))!;
        const { evaluation } = await evaluate(trx, app, std);
        if (evaluation.indicators.some((o) => o.reason === 'not_assessed' || o.reason === 'missing_evidence'))
          throw conflict('ratings.incomplete');
        await move(trx, app, 'submit', 'village', actorOf(user, ip), null, { round: Number(app.round) + 1 });
        await trx
          .updateTable('indicator_results')
          .set({ review: 'pending' })
          .where('application_id', '=', id)
          .where('review', '=', 'returned')
          .execute();
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
        const app = await appRow(trx, user, id);
        if (app.status === 'submitted') await move(trx, app, 'start_review', 'township', actorOf(user, ip));
        if (app.status !== 'township_review') throw conflict('ratings.forbidden_transition');
        const row = await trx
          .selectFrom('indicator_results')
          .selectAll()
          .where('application_id', '=', id)
          .where('code', '=', input.code)
          .executeTakeFirst();
        if (!row) throw invalidField('code', 'ratings.unknown_indicator');
        const now = clock.now();
        const review = input.decision === 'accept' ? 'accepted' : 'returned';
        await trx
          .updateTable('indicator_results')
          .set({
            review,
            review_comment: input.comment ?? null,
            reviewed_by: user.id,
            reviewed_at: now,
            reviewed_snapshot: JSON.stringify({
              met: bool(row.met),
              value: row.value === null ? null : Number(row.value),
              triggered: bool(row.triggered),
            }),
            changed_since_review: 0,
            updated_at: now,
          })
          .where('id', '=', row.id)
          .execute();
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

    async townshipAction(
      user: CurrentUser,
      id: number,
      input: { action: 'start_review' | 'return' | 'recommend' | 'reject'; reason?: string },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const app = await appRow(trx, user, id);
        const actor = actorOf(user, ip);
        if (input.action === 'return') {
          const returned = await trx
            .selectFrom('indicator_results')
            .select('id')
            .where('application_id', '=', id)
            .where('review', '=', 'returned')
            .executeTakeFirst();
          if (!returned && app.status === 'township_review') throw conflict('ratings.nothing_returned');
        }
        if (input.action === 'recommend' && app.status === 'township_review') {
          const std = (await standardById(trx, app.standard_id))!;
          const { evaluation, rows } = await evaluate(trx, app, std);
          if (rows.some((r) => r.review !== 'accepted')) throw conflict('ratings.not_all_accepted');
          if (!evaluation.eligible) throw conflict('ratings.not_eligible');
        }
        await move(trx, app, input.action, 'township', actor, input.reason);
        return detail(trx, user, id);
      });
    },

    async countyAction(
      user: CurrentUser,
      id: number,
      input: { action: 'rate' | 'send_back' | 'reject' | 'award' | 'revoke'; reason?: string },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const app = await appRow(trx, user, id);
        const actor = actorOf(user, ip);
        if (input.action === 'award') {
          await this.assertAwardable(trx, app);
          await awardApplication(trx, app, actor);
        } else if (input.action === 'revoke') {
          const check = checkTransition(app.status as ApplicationStatus, 'revoke', 'county', input.reason);
          if (!check.ok) throw conflict(`ratings.${check.error}`);
          await revokeApplication(trx, app, actor, input.reason!);
        } else {
          if (input.action === 'rate' && app.status === 'county_review') {
            const std = (await standardById(trx, app.standard_id))!;
            if (!(await evaluate(trx, app, std)).evaluation.eligible) throw conflict('ratings.not_eligible');
          }
          await move(trx, app, input.action, 'county', actor, input.reason);
        }
        return detail(trx, user, id);
      });
    },

    /** Naming waits for the notice window to end with no open objection on the item or the whole notice. */
    async assertAwardable(trx: DbOrTrx, app: AppRow) {
      if (app.status !== 'publicity') throw conflict('ratings.forbidden_transition');
      if (app.notice_id === null) throw conflict('ratings.forbidden_transition');
      const notice = await trx
        .selectFrom('rating_notices')
        .select('ends_at')
        .where('id', '=', app.notice_id)
        .executeTakeFirstOrThrow();
      if (Number(notice.ends_at) > clock.now()) throw conflict('ratings.notice_open');
      const open = await trx
        .selectFrom('rating_objections')
        .select('id')
        .where('notice_id', '=', app.notice_id)
        .where('status', '=', 'open')
        .where((eb) => eb.or([eb('application_id', 'is', null), eb('application_id', '=', app.id)]))
        .executeTakeFirst();
      if (open) throw conflict('ratings.open_objections');
    },

    /** Years with any rating data in the caller's scope (for year-over-year views). */
    async yearsInScope(user: CurrentUser): Promise<number[]> {
      const rows = await sql<{ year: number }>`
        select distinct year from star_awards where ${pathUnder('unit_path', user.unitPath)}
        union select distinct year from star_applications where ${pathUnder('unit_path', user.unitPath)}
        order by year`.execute(db);
      return rows.rows.map((r) => Number(r.year));
    },
  };
}

export type RatingsService = ReturnType<typeof createRatingsService>;
