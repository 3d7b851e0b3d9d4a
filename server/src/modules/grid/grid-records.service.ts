import type {
  campaignCaseCreateSchema,
  campaignCreateSchema,
  campaignPatchSchema,
  disputeLedgerQuerySchema,
  EventClass,
  EventStatus,
  eventTypeCreateSchema,
  eventTypePatchSchema,
  GridSummary,
  MediationStatus,
  RISK_CATEGORIES,
  riskCreateSchema,
  riskListQuerySchema,
  riskPatchSchema,
  threeZeroOverrideSchema,
  timeLimitSetSchema,
} from '@fivestar/common';
import { chinaDate, chinaStartOfDay } from '@fivestar/common';
import type { Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx, Dialect } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { registerMessages } from '../../http/messages.ts';
import {
  findUnitInScope,
  inScope,
  pathUnder,
  requireUnitInScope,
  scopePrefix,
} from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import { readCounts, ROLLUP_LEVELS } from './grid.counts.ts';
import {
  dateRange,
  eventCode,
  eventScope,
  monthExpr,
  threeZeroStatus,
  type GridService,
} from './grid.service.ts';

registerMessages({
  'grid.type_parent': {
    zh: '子类只能建在启用的一级类型下',
    en: 'A sub-type goes under an active top-level type of the same class',
  },
  'grid.type_parent_inactive': {
    zh: '上级类型已停用，请先启用上级类型',
    en: 'Its parent type is inactive; reactivate the parent first',
  },
  'grid.campaign_sub_category_in_use': {
    zh: '已有案件登记在该子类下，不能删除',
    en: 'Cases are filed under this sub-category; it cannot be removed',
  },
});

const DAY_MS = 86_400_000;

/** Dictionary, grids, calendar and limits; the dispute and risk ledgers; campaigns; statistics; 三零. */
export function createGridRecordsService({
  db,
  dialect,
  audit,
  clock,
  grid,
}: {
  db: Db;
  dialect: Dialect;
  audit: AuditService;
  clock: Clock;
  grid: GridService;
}) {
  const record = (
    trx: DbOrTrx,
    user: CurrentUser,
    action: string,
    objectType: string,
    objectId: string | number,
    oldValue: unknown,
    newValue: unknown,
    ip: string,
  ) =>
    audit.record(trx, {
      actorId: user.id,
      actorName: user.username,
      action,
      objectType,
      objectId,
      oldValue,
      newValue,
      ip,
    });

  /** Events in scope for statistics: valid reports (not invalid/recalled/merged) reported in [start, end). */
  function statsBase(user: CurrentUser, start: number, end: number) {
    return db
      .selectFrom('grid_events as e')
      .where(eventScope(user))
      .where('e.reported_at', '>=', start)
      .where('e.reported_at', '<', end)
      .where('e.status', 'not in', ['invalid', 'recalled']);
  }

  /** A risk-ledger row as the API shows it; a review date before today is overdue unless resolved. */
  function toRisk(r: Selectable<Database['grid_risks']> & { unit_name: string }, today: string) {
    return {
      id: r.id,
      unitId: r.org_unit_id,
      unitName: r.unit_name,
      category: r.category as (typeof RISK_CATEGORIES)[number],
      level: r.level as 'high' | 'medium' | 'low',
      title: r.title,
      measures: r.measures,
      ownerName: r.owner_name,
      reviewDate: r.review_date,
      status: r.status as 'open' | 'controlled' | 'resolved',
      overdueReview: r.status !== 'resolved' && r.review_date < today,
    };
  }

  const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

  return {
    // --- dictionary ---------------------------------------------------------------------------------------
    async types() {
      const rows = await db
        .selectFrom('grid_event_types')
        .selectAll()
        .orderBy('sort')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        class: r.class as EventClass,
        parentCode: r.parent_code,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        threeZero: r.three_zero as 'petition' | 'accident' | 'case' | null,
        active: r.active === 1,
      }));
    },

    async createType(user: CurrentUser, input: z.infer<typeof eventTypeCreateSchema>, ip: string) {
      const exists = await db
        .selectFrom('grid_event_types')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (exists) throw conflict('grid.duplicate_code', 'code');
      if (input.parentCode) {
        const parent = await db
          .selectFrom('grid_event_types')
          .select(['class', 'parent_code', 'active'])
          .where('code', '=', input.parentCode)
          .executeTakeFirst();
        if (!parent || parent.class !== input.class) throw invalidField('parentCode', 'grid.type_unknown');
        // The dictionary has two levels (类型 / 子类): a sub-type goes under an active top-level type.
        if (parent.parent_code !== null || parent.active !== 1)
          throw invalidField('parentCode', 'grid.type_parent');
      }
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('grid_event_types')
          .values({
            code: input.code,
            class: input.class,
            parent_code: input.parentCode,
            name_zh: input.nameZh,
            name_en: input.nameEn,
            three_zero: input.threeZero,
            sort: 1000,
            active: 1,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await record(trx, user, 'grid.type.create', 'grid_event_type', row.id, null, input, ip);
      });
      return (await this.types()).find((t) => t.code === input.code)!;
    },

    async patchType(user: CurrentUser, id: number, input: z.infer<typeof eventTypePatchSchema>, ip: string) {
      const row = await db.selectFrom('grid_event_types').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound();
      if (input.active === true && row.parent_code !== null) {
        const parent = await db
          .selectFrom('grid_event_types')
          .select('active')
          .where('code', '=', row.parent_code)
          .executeTakeFirst();
        if (parent?.active !== 1) throw conflict('grid.type_parent_inactive', 'active');
      }
      await db.transaction().execute(async (trx) => {
        // Types are never deleted (reports keep their code); deactivating a type takes its sub-types with it.
        if (input.active === false && row.parent_code === null) {
          const children = await trx
            .selectFrom('grid_event_types')
            .select(['id', 'code'])
            .where('parent_code', '=', row.code)
            .where('active', '=', 1)
            .execute();
          for (const child of children) {
            await trx.updateTable('grid_event_types').set({ active: 0 }).where('id', '=', child.id).execute();
            await record(
              trx,
              user,
              'grid.type.update',
              'grid_event_type',
              child.id,
              { active: true },
              { active: false, cascadedFrom: row.code },
              ip,
            );
          }
        }
        await trx
          .updateTable('grid_event_types')
          .set({
            ...(input.nameZh !== undefined ? { name_zh: input.nameZh } : {}),
            ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
            ...(input.threeZero !== undefined ? { three_zero: input.threeZero } : {}),
            ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
          })
          .where('id', '=', id)
          .execute();
        await record(trx, user, 'grid.type.update', 'grid_event_type', id, row, input, ip);
      });
      return (await this.types()).find((t) => t.id === id)!;
    },

    // --- grids ---------------------------------------------------------------------------------------------
    async grids(user: CurrentUser, unitId?: number) {
      let q = db
        .selectFrom('grid_grids as g')
        .innerJoin('org_units as o', 'o.id', 'g.org_unit_id')
        .leftJoin('persons as p', 'p.id', 'g.worker_person_id')
        .leftJoin('users as u', 'u.person_id', 'g.worker_person_id')
        .select([
          'g.id',
          'g.org_unit_id',
          'o.name as unit_name',
          'g.name',
          'g.station_id',
          'p.name as worker_name',
          'u.username as worker_username',
          (eb) =>
            eb
              .selectFrom('grid_events as e')
              .select(eb.fn.countAll<number>().as('n'))
              .whereRef('e.grid_id', '=', 'g.id')
              .where('e.status', 'not in', ['closed', 'recalled', 'invalid'])
              .as('open_events'),
        ])
        .where(inScope('g.org_unit_id', user));
      if (unitId) q = q.where('g.org_unit_id', '=', unitId);
      const rows = await q.orderBy('o.sort').orderBy('g.id').execute();
      return rows.map((r) => ({
        id: r.id,
        unitId: r.org_unit_id,
        unitName: r.unit_name,
        name: r.name,
        stationId: r.station_id,
        workerName: r.worker_name,
        workerUsername: r.worker_username,
        openEvents: Number(r.open_events ?? 0),
      }));
    },

    /** Villages of the caller's scope with open/overdue/this-year counts, as GeoJSON for the map (≤ 300). */
    async map(user: CurrentUser, yearIn?: number) {
      const now = clock.now();
      const year = yearIn ?? Number(chinaDate(now).slice(0, 4));
      const villages = await db
        .selectFrom('org_units')
        .select(['id', 'name'])
        .where(pathUnder('path', scopePrefix(user)))
        .where('level', 'in', ['village', 'community'])
        .orderBy('path')
        .orderBy('sort')
        .limit(301)
        .execute();
      const shown = villages.slice(0, 300);
      const ids = shown.map((v) => v.id);
      const counts = ids.length
        ? await db
            .selectFrom('grid_events as e')
            .select((eb) => [
              'e.org_unit_id',
              eb.fn
                .sum<number>(
                  eb.case().when('e.status', 'in', ['closed', 'recalled', 'invalid']).then(0).else(1).end(),
                )
                .as('open'),
              eb.fn
                .sum<number>(
                  eb
                    .case()
                    .when(
                      eb.and([
                        eb('e.status', 'not in', ['closed', 'recalled', 'invalid']),
                        eb('e.due_at', '<', now),
                      ]),
                    )
                    .then(1)
                    .else(0)
                    .end(),
                )
                .as('overdue'),
              eb.fn
                .sum<number>(
                  eb
                    .case()
                    .when(eb('e.reported_at', '>=', chinaStartOfDay(`${year}-01-01`)))
                    .then(1)
                    .else(0)
                    .end(),
                )
                .as('total'),
            ])
            .where('e.org_unit_id', 'in', ids)
            .where('e.status', 'not in', ['invalid', 'recalled'])
            .groupBy('e.org_unit_id')
            .execute()
        : [];
      const grids = ids.length
        ? await db
            .selectFrom('grid_grids')
            .select(['org_unit_id', (eb) => eb.fn.countAll<number>().as('n')])
            .where('org_unit_id', 'in', ids)
            .groupBy('org_unit_id')
            .execute()
        : [];
      const cols = Math.max(1, Math.ceil(Math.sqrt(shown.length * 1.4)));
      const size = 0.02;
      return {
        type: 'FeatureCollection' as const,
        truncated: villages.length > 300,
        features: shown.map((v, i) => {
          const c = counts.find((r) => r.org_unit_id === v.id);
          const x = 115.4 + (i % cols) * size;
          const y = 35.95 - Math.floor(i / cols) * size * 0.8;
          return {
            type: 'Feature' as const,
            properties: {
              name: v.name,
              unitId: v.id,
              grids: Number(grids.find((g) => g.org_unit_id === v.id)?.n ?? 0),
              open: Number(c?.open ?? 0),
              overdue: Number(c?.overdue ?? 0),
              total: Number(c?.total ?? 0),
            },
            geometry: {
              type: 'Polygon' as const,
              coordinates: [
                [
                  [x, y],
                  [x + size * 0.96, y],
                  [x + size * 0.96, y - size * 0.77],
                  [x, y - size * 0.77],
                  [x, y],
                ],
              ],
            },
          };
        }),
      };
    },

    // --- time limits ------------------------------------------------------------------------------------------
    async timeLimits() {
      const rows = await db
        .selectFrom('grid_time_limits')
        .selectAll()
        .orderBy('class')
        .orderBy('type_code')
        .orderBy('stage')
        .execute();
      return rows.map((r) => ({
        class: r.class as EventClass,
        typeCode: r.type_code || null,
        stage: r.stage as 'accept' | 'handle' | 'verify',
        days: r.days,
        calendarDays: r.calendar_days === 1,
      }));
    },

    async setTimeLimit(user: CurrentUser, input: z.infer<typeof timeLimitSetSchema>, ip: string) {
      const typeCode = input.typeCode ?? '';
      if (typeCode) {
        const t = await db
          .selectFrom('grid_event_types')
          .select('class')
          .where('code', '=', typeCode)
          .executeTakeFirst();
        if (!t || t.class !== input.class) throw invalidField('typeCode', 'grid.type_unknown');
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('grid_time_limits')
          .where('class', '=', input.class)
          .where('type_code', '=', typeCode)
          .where('stage', '=', input.stage)
          .execute();
        await trx
          .insertInto('grid_time_limits')
          .values({
            class: input.class,
            type_code: typeCode,
            stage: input.stage,
            days: input.days,
            calendar_days: input.calendarDays ? 1 : 0,
          })
          .execute();
        await record(
          trx,
          user,
          'grid.time_limit.set',
          'grid_time_limit',
          `${input.class}:${typeCode}:${input.stage}`,
          null,
          input,
          ip,
        );
      });
      grid.invalidateCaches();
      return this.timeLimits();
    },

    // --- dispute ledger (矛盾纠纷分类台账) ---------------------------------------------------------------------
    async disputeLedger(user: CurrentUser, query: z.infer<typeof disputeLedgerQuerySchema>) {
      let q = db
        .selectFrom('grid_events as e')
        .innerJoin('org_units as o', 'o.id', 'e.org_unit_id')
        .leftJoin('grid_event_types as t', 't.code', 'e.type_code')
        .where('e.class', '=', 'dispute')
        .where('e.status', 'not in', ['invalid', 'recalled'])
        .where(pathUnder('e.unit_path', scopePrefix(user)));
      if (query.from) q = q.where('e.reported_at', '>=', dateRange(query.from, query.from).start);
      if (query.to) q = q.where('e.reported_at', '<', dateRange(query.to, query.to).end);
      if (query.disputeType) q = q.where('e.type_code', '=', query.disputeType);
      if (query.unitId) q = q.where('e.org_unit_id', '=', query.unitId);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .select([
          'e.id',
          'e.reported_at',
          'o.name as unit_name',
          'e.type_code',
          't.name_zh as type_name',
          'e.description',
          'e.mediator_name',
          'e.mediation_sessions',
          'e.mediation_status',
          'e.agreement',
          'e.referred_to',
          'e.follow_up_at',
          'e.archived_at',
          'e.status',
        ])
        .orderBy('e.reported_at')
        .orderBy('e.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      const ids = rows.map((r) => r.id);
      const parties = ids.length
        ? await db
            .selectFrom('grid_event_parties')
            .select(['event_id', 'name', 'id_number_masked'])
            .where('event_id', 'in', ids)
            .orderBy('id')
            .execute()
        : [];
      return {
        total: Number(total.n),
        page: query.page,
        pageSize: query.pageSize,
        items: rows.map((r) => ({
          id: r.id,
          code: eventCode(r.id, Number(r.reported_at)),
          unitName: r.unit_name,
          disputeType: r.type_code,
          disputeTypeName: r.type_name ?? r.type_code,
          parties: parties
            .filter((p) => p.event_id === r.id)
            .map((p) => (p.id_number_masked ? `${p.name}(${p.id_number_masked})` : p.name))
            .join('、'),
          description: r.description,
          reportedAt: Number(r.reported_at),
          mediatorName: r.mediator_name,
          sessions: r.mediation_sessions,
          outcome: (r.referred_to ? 'referred' : r.agreement ? 'resolved' : 'pending') as
            'resolved' | 'referred' | 'pending',
          agreement: r.agreement,
          followUpAt: r.follow_up_at === null ? null : Number(r.follow_up_at),
          archivedAt: r.archived_at === null ? null : Number(r.archived_at),
          status: r.status as EventStatus,
          mediationStatus: r.mediation_status as MediationStatus,
        })),
      };
    },

    // --- risk ledger (风险台账) -------------------------------------------------------------------------------
    async risks(user: CurrentUser, query: z.infer<typeof riskListQuerySchema>) {
      const today = chinaDate(clock.now());
      let q = db
        .selectFrom('grid_risks as r')
        .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
        .where(inScope('r.org_unit_id', user));
      if (query.level) q = q.where('r.level', '=', query.level);
      if (query.status) q = q.where('r.status', '=', query.status);
      if (query.unitId) q = q.where('r.org_unit_id', '=', query.unitId);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .selectAll('r')
        .select('o.name as unit_name')
        .orderBy('r.review_date')
        .orderBy('r.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return {
        total: Number(total.n),
        page: query.page,
        pageSize: query.pageSize,
        items: rows.map((r) => toRisk(r, today)),
      };
    },

    async getRisk(user: CurrentUser, id: number) {
      const row = await db
        .selectFrom('grid_risks as r')
        .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
        .selectAll('r')
        .select('o.name as unit_name')
        .where('r.id', '=', id)
        .where(inScope('r.org_unit_id', user))
        .executeTakeFirst();
      if (!row) throw notFound();
      const today = chinaDate(clock.now());
      return toRisk(row, today);
    },

    async createRisk(user: CurrentUser, input: z.infer<typeof riskCreateSchema>, ip: string) {
      await requireUnitInScope(db, user, input.unitId);
      const id = await db.transaction().execute(async (trx) => {
        const now = clock.now();
        const row = await trx
          .insertInto('grid_risks')
          .values({
            org_unit_id: input.unitId,
            category: input.category,
            level: input.level,
            title: input.title,
            measures: input.measures,
            owner_name: input.ownerName,
            review_date: input.reviewDate,
            status: 'open',
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await record(trx, user, 'grid.risk.create', 'grid_risk', row.id, null, input, ip);
        return row.id;
      });
      return this.getRisk(user, id);
    },

    async patchRisk(user: CurrentUser, id: number, input: z.infer<typeof riskPatchSchema>, ip: string) {
      const old = await this.getRisk(user, id);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('grid_risks')
          .set({
            ...(input.level !== undefined ? { level: input.level } : {}),
            ...(input.measures !== undefined ? { measures: input.measures } : {}),
            ...(input.ownerName !== undefined ? { owner_name: input.ownerName } : {}),
            ...(input.reviewDate !== undefined ? { review_date: input.reviewDate } : {}),
            ...(input.status !== undefined ? { status: input.status } : {}),
            updated_at: clock.now(),
          })
          .where('id', '=', id)
          .execute();
        await record(trx, user, 'grid.risk.update', 'grid_risk', id, old, input, ip);
      });
      return this.getRisk(user, id);
    },

    // --- campaigns -------------------------------------------------------------------------------------------
    async campaigns(user: CurrentUser) {
      const rows = await db
        .selectFrom('grid_campaigns as c')
        .select(['c.id', 'c.code', 'c.name', 'c.start_date', 'c.end_date', 'c.sub_categories'])
        .orderBy('c.start_date', 'desc')
        .orderBy('c.id', 'desc')
        .execute();
      // One grouped pass over the cases in scope gives both the tally and the total.
      const tally = await db
        .selectFrom('grid_campaign_cases as k')
        .select((eb) => ['k.campaign_id', 'k.sub_category', eb.fn.countAll<number>().as('n')])
        .where(pathUnder('k.unit_path', scopePrefix(user)))
        .groupBy(['k.campaign_id', 'k.sub_category'])
        .execute();
      return rows.map((r) => {
        const subCategories = JSON.parse(r.sub_categories) as string[];
        const bySubCategory: Record<string, number> = Object.fromEntries(subCategories.map((x) => [x, 0]));
        let cases = 0;
        for (const t of tally)
          if (t.campaign_id === r.id) {
            bySubCategory[t.sub_category] = Number(t.n);
            cases += Number(t.n);
          }
        return {
          id: r.id,
          code: r.code,
          name: r.name,
          startDate: r.start_date,
          endDate: r.end_date,
          subCategories,
          cases,
          bySubCategory,
        };
      });
    },

    /** Name, period and sub-categories; a sub-category with cases filed under it cannot be dropped. */
    async patchCampaign(
      user: CurrentUser,
      id: number,
      input: z.infer<typeof campaignPatchSchema>,
      ip: string,
    ) {
      const row = await db.selectFrom('grid_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
      // A campaign run by a unit outside the caller's scope answers like a missing one.
      if (!row || !(await findUnitInScope(db, user, row.org_unit_id))) throw notFound();
      const startDate = input.startDate ?? row.start_date;
      const endDate = input.endDate ?? row.end_date;
      if (startDate > endDate) throw invalidField(input.endDate ? 'endDate' : 'startDate', 'grid.date_range');
      const old = JSON.parse(row.sub_categories) as string[];
      const subCategories = input.subCategories ? [...new Set(input.subCategories)] : old;
      const dropped = old.filter((x) => !subCategories.includes(x));
      await db.transaction().execute(async (trx) => {
        if (dropped.length > 0) {
          const used = await trx
            .selectFrom('grid_campaign_cases')
            .select('sub_category')
            .distinct()
            .where('campaign_id', '=', id)
            .where('sub_category', 'in', dropped)
            .execute();
          if (used.length > 0) throw conflict('grid.campaign_sub_category_in_use', 'subCategories');
        }
        await trx
          .updateTable('grid_campaigns')
          .set({
            name: input.name ?? row.name,
            start_date: startDate,
            end_date: endDate,
            sub_categories: JSON.stringify(subCategories),
          })
          .where('id', '=', id)
          .execute();
        await record(
          trx,
          user,
          'grid.campaign.update',
          'grid_campaign',
          id,
          { name: row.name, startDate: row.start_date, endDate: row.end_date, subCategories: old },
          { name: input.name ?? row.name, startDate, endDate, subCategories },
          ip,
        );
      });
      return (await this.campaigns(user)).find((c) => c.id === id)!;
    },

    async createCampaign(user: CurrentUser, input: z.infer<typeof campaignCreateSchema>, ip: string) {
      if (input.startDate > input.endDate) throw invalidField('endDate', 'grid.date_range');
      const exists = await db
        .selectFrom('grid_campaigns')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (exists) throw conflict('grid.duplicate_code', 'code');
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('grid_campaigns')
          .values({
            code: input.code,
            name: input.name,
            org_unit_id: user.unitId,
            start_date: input.startDate,
            end_date: input.endDate,
            sub_categories: JSON.stringify(input.subCategories),
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await record(trx, user, 'grid.campaign.create', 'grid_campaign', row.id, null, input, ip);
      });
      return (await this.campaigns(user)).find((c) => c.code === input.code)!;
    },

    async campaignCases(user: CurrentUser, campaignId: number) {
      const c = await db
        .selectFrom('grid_campaigns')
        .select('id')
        .where('id', '=', campaignId)
        .executeTakeFirst();
      if (!c) throw notFound();
      const rows = await db
        .selectFrom('grid_campaign_cases as k')
        .innerJoin('org_units as o', 'o.id', 'k.org_unit_id')
        .select(['k.id', 'o.name as unit_name', 'k.sub_category', 'k.title', 'k.occurred_on', 'k.status'])
        .where('k.campaign_id', '=', campaignId)
        .where(pathUnder('k.unit_path', scopePrefix(user)))
        .orderBy('k.occurred_on')
        .orderBy('k.id')
        .limit(1000)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        unitName: r.unit_name,
        subCategory: r.sub_category,
        title: r.title,
        occurredOn: r.occurred_on,
        status: r.status,
      }));
    },

    async addCampaignCase(
      user: CurrentUser,
      campaignId: number,
      input: z.infer<typeof campaignCaseCreateSchema>,
      ip: string,
    ) {
      const c = await db
        .selectFrom('grid_campaigns')
        .selectAll()
        .where('id', '=', campaignId)
        .executeTakeFirst();
      if (!c) throw notFound();
      if (!(JSON.parse(c.sub_categories) as string[]).includes(input.subCategory))
        throw invalidField('subCategory', 'grid.campaign_sub_category');
      const unit = await requireUnitInScope(db, user, input.unitId);
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('grid_campaign_cases')
          .values({
            campaign_id: campaignId,
            org_unit_id: unit.id,
            unit_path: unit.path,
            sub_category: input.subCategory,
            title: input.title,
            occurred_on: input.occurredOn,
            status: 'open',
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await record(trx, user, 'grid.campaign_case.create', 'grid_campaign_case', row.id, null, input, ip);
      });
      return this.campaignCases(user, campaignId);
    },

    // --- statistics ------------------------------------------------------------------------------------------
    /** `GET /api/grid/summary`: the caller's scope, reports dated in [from, to] (China time). */
    async summary(user: CurrentUser, from: string, to: string): Promise<GridSummary> {
      const { start, end } = dateRange(from, to);
      // County scope and above: the pre-aggregated counts; below, the rows themselves (an index range).
      const rows = ROLLUP_LEVELS.includes(user.unitLevel)
        ? await readCounts(db, user, from, to)
        : await statsBase(user, start, end)
            .select((eb) => [
              'e.class',
              'e.type_code',
              eb.fn.countAll<number>().as('n'),
              eb.fn.sum<number>(eb.case().when('e.status', '=', 'closed').then(1).else(0).end()).as('closed'),
              eb.fn
                .sum<number>(eb.case().when('e.closed_on_time', '=', 1).then(1).else(0).end())
                .as('on_time'),
            ])
            .groupBy(['e.class', 'e.type_code'])
            .execute();
      const byClass = { event: 0, dispute: 0 };
      const byType: Record<string, number> = {};
      let disputesClosed = 0;
      let closed = 0;
      let onTime = 0;
      for (const r of rows) {
        const n = Number(r.n);
        byClass[r.class as EventClass] += n;
        byType[r.type_code] = (byType[r.type_code] ?? 0) + n;
        closed += Number(r.closed ?? 0);
        onTime += Number(r.on_time ?? 0);
        if (r.class === 'dispute') disputesClosed += Number(r.closed ?? 0);
      }
      const cases = await db
        .selectFrom('grid_campaign_cases as k')
        .innerJoin('grid_campaigns as c', 'c.id', 'k.campaign_id')
        .select((eb) => ['c.id', 'c.name', 'k.sub_category', eb.fn.countAll<number>().as('n')])
        .where(pathUnder('k.unit_path', scopePrefix(user)))
        .where('k.occurred_on', '>=', from)
        .where('k.occurred_on', '<=', to)
        .groupBy(['c.id', 'c.name', 'k.sub_category'])
        .orderBy('c.id')
        .execute();
      const campaigns = new Map<
        number,
        { name: string; total: number; bySubCategory: Record<string, number> }
      >();
      for (const r of cases) {
        const c = campaigns.get(r.id) ?? { name: r.name, total: 0, bySubCategory: {} };
        c.total += Number(r.n);
        c.bySubCategory[r.sub_category] = Number(r.n);
        campaigns.set(r.id, c);
      }
      return {
        total: byClass.event + byClass.dispute,
        byClass,
        disputesClosed,
        onTimeRate: rate(onTime, closed),
        byType,
        campaigns: [...campaigns.values()],
      };
    },

    async stats(user: CurrentUser, from: string, to: string) {
      const { start, end } = dateRange(from, to);
      const month = monthExpr(dialect, 'e.reported_at');
      const [byMonth, byVillage, byGrid, byType, totals] = await Promise.all([
        statsBase(user, start, end)
          .select((eb) => [month.as('month'), 'e.class', eb.fn.countAll<number>().as('n')])
          .groupBy([month, 'e.class'])
          .execute(),
        statsBase(user, start, end)
          .innerJoin('org_units as o', 'o.id', 'e.org_unit_id')
          .select((eb) => ['e.org_unit_id', 'o.name', eb.fn.countAll<number>().as('n')])
          .groupBy(['e.org_unit_id', 'o.name'])
          .orderBy('e.org_unit_id')
          .execute(),
        statsBase(user, start, end)
          .innerJoin('grid_grids as g', 'g.id', 'e.grid_id')
          .innerJoin('org_units as o', 'o.id', 'g.org_unit_id')
          .select((eb) => ['g.id', 'g.name', 'o.name as unit_name', eb.fn.countAll<number>().as('n')])
          .groupBy(['g.id', 'g.name', 'o.name'])
          .orderBy('g.id')
          .execute(),
        statsBase(user, start, end)
          .leftJoin('grid_event_types as t', 't.code', 'e.type_code')
          .select((eb) => ['e.type_code', 't.name_zh', eb.fn.countAll<number>().as('n')])
          .groupBy(['e.type_code', 't.name_zh'])
          .orderBy('e.type_code')
          .execute(),
        statsBase(user, start, end)
          .select((eb) => [
            eb.fn.countAll<number>().as('n'),
            eb.fn.sum<number>(eb.case().when('e.status', '=', 'closed').then(1).else(0).end()).as('closed'),
            eb.fn.sum<number>(eb.case().when('e.closed_on_time', '=', 1).then(1).else(0).end()).as('on_time'),
            eb.fn.sum<number>('e.escalated').as('escalated'),
            eb.fn
              .sum<number>(
                eb.case().when('e.status', '=', 'closed').then(eb.ref('e.closed_at')).else(0).end(),
              )
              .as('closed_sum'),
            eb.fn
              .sum<number>(
                eb.case().when('e.status', '=', 'closed').then(eb.ref('e.reported_at')).else(0).end(),
              )
              .as('reported_sum'),
          ])
          .executeTakeFirstOrThrow(),
      ]);
      const months = new Map<string, { month: string; event: number; dispute: number }>();
      for (const r of byMonth) {
        const m = months.get(r.month) ?? { month: r.month, event: 0, dispute: 0 };
        m[r.class as EventClass] += Number(r.n);
        months.set(r.month, m);
      }
      const n = Number(totals.n);
      const closed = Number(totals.closed ?? 0);
      return {
        byMonth: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
        byVillage: byVillage.map((r) => ({ unitId: r.org_unit_id, unitName: r.name, total: Number(r.n) })),
        byGrid: byGrid.map((r) => ({
          gridId: r.id,
          gridName: `${r.unit_name}${r.name}`,
          total: Number(r.n),
        })),
        byType: byType.map((r) => ({
          typeCode: r.type_code,
          typeName: r.name_zh ?? r.type_code,
          total: Number(r.n),
        })),
        closureRate: rate(closed, n),
        onTimeRate: rate(Number(totals.on_time ?? 0), closed),
        avgHandlingDays:
          closed === 0
            ? null
            : Math.round(
                ((Number(totals.closed_sum) - Number(totals.reported_sum)) / closed / DAY_MS) * 100,
              ) / 100,
        escalations: Number(totals.escalated ?? 0),
      };
    },

    // --- 三零 ----------------------------------------------------------------------------------------------------
    async threeZero(user: CurrentUser, year: number) {
      const units = await db
        .selectFrom('org_units')
        .select(['id', 'name'])
        .where(pathUnder('path', scopePrefix(user)))
        .where('level', 'in', ['village', 'community'])
        .orderBy('sort')
        .orderBy('id')
        .limit(1000)
        .execute();
      const out = [];
      for (const u of units) out.push({ ...(await threeZeroStatus(db, u.id, year)), unitName: u.name });
      return out;
    },

    async overrideThreeZero(user: CurrentUser, input: z.infer<typeof threeZeroOverrideSchema>, ip: string) {
      const unit = await requireUnitInScope(db, user, input.unitId);
      if (!['village', 'community'].includes(unit.level))
        throw invalidField('unitId', 'grid.unit_not_village');
      await db.transaction().execute(async (trx) => {
        const old = await threeZeroStatus(trx, unit.id, input.year);
        await trx
          .deleteFrom('grid_three_zero_overrides')
          .where('org_unit_id', '=', unit.id)
          .where('year', '=', input.year)
          .execute();
        if (input.achieved !== null)
          await trx
            .insertInto('grid_three_zero_overrides')
            .values({
              org_unit_id: unit.id,
              year: input.year,
              achieved: input.achieved ? 1 : 0,
              reason: input.reason,
              actor_name: user.displayName,
              at: clock.now(),
            })
            .execute();
        await record(trx, user, 'grid.three_zero.override', 'org_unit', unit.id, old, input, ip);
      });
      return { ...(await threeZeroStatus(db, unit.id, input.year)), unitName: unit.name };
    },
  };
}

export type GridRecordsService = ReturnType<typeof createGridRecordsService>;
