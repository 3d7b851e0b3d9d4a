import { extensionRefusal, tasksFromShortfalls, type ItemStatus } from '@fivestar/common';
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { pathUnder, requireUnitInScope, scopePrefix } from '../../security/scope.ts';

type Trx = DbOrTrx;

const VILLAGE_LEVELS = ['village', 'community'];

import { type ItemCore } from './items.core.ts';
import { refreshStale, refreshUnitCounts } from './unit-counts.ts';

export function createPlanningService(core: ItemCore) {
  const { db, audit, clock, notifications, calendar } = core.deps;
  const {
    today,
    actorOf,
    has,
    settingsFor,
    datesFor,
    itemQuery,
    itemInScope,
    detail,
    toExtension,
    log,
    insertItem,
    secretaryOf,
    auditItem,
    itemPath,
    syncVetoReviews,
  } = core;

  const api = {
    async requestExtension(
      user: CurrentUser,
      id: number,
      input: { deadline: string; reason: string },
      ip: string,
    ) {
      return db
        .transaction()
        .execute(async (trx) => {
          const r = await itemInScope(trx, user, id);
          if (r.owner_user_id !== null && r.owner_user_id !== user.id && !has(user, 'supervision:manage'))
            throw conflict('supervision.not_owner');
          const pending = await trx
            .selectFrom('sv_extensions')
            .select(sql<number>`count(*)`.as('n'))
            .where('item_id', '=', id)
            .where('status', '=', 'pending')
            .executeTakeFirstOrThrow();
          const refusal = extensionRefusal(
            { status: r.status as ItemStatus, deadline: r.deadline },
            input.deadline,
            Number(pending.n),
          );
          if (refusal === 'not_later') throw invalidField('deadline', 'supervision.extension_not_later');
          if (refusal) throw conflict(`supervision.extension_${refusal}`);
          const ext = await trx
            .insertInto('sv_extensions')
            .values({
              item_id: id,
              unit_path: r.unit_path,
              from_deadline: r.deadline,
              to_deadline: input.deadline,
              reason: input.reason,
              status: 'pending',
              requested_by: user.id,
              requested_name: user.displayName,
              requested_at: clock.now(),
              decided_by: null,
              decided_name: null,
              decided_at: null,
              decision_reason: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await log(trx, id, {
            action: 'extension_request',
            from: r.status,
            to: r.status,
            actor: actorOf(user),
            reason: `${input.deadline}：${input.reason}`,
          });
          await auditItem(
            trx,
            user,
            'extension.request',
            id,
            { deadline: r.deadline },
            { extensionId: ext.id, ...input },
            ip,
          );
          await notifications.notify(trx, {
            kind: 'supervision.extension',
            title: `延期申请：${r.title}`,
            body: `${r.unit_name}申请延期至 ${input.deadline}：${input.reason}`,
            path: itemPath(id),
            unitPath: r.unit_path,
            permission: 'supervision:manage',
          });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async decideExtension(
      user: CurrentUser,
      extId: number,
      input: { approve: boolean; reason?: string },
      ip: string,
    ) {
      return db
        .transaction()
        .execute(async (trx) => {
          const e = await trx
            .selectFrom('sv_extensions')
            .selectAll()
            .where('id', '=', extId)
            .where(pathUnder('unit_path', scopePrefix(user)))
            .executeTakeFirst();
          if (!e) throw notFound();
          if (e.status !== 'pending') throw conflict('supervision.extension_decided');
          const r = await itemInScope(trx, user, e.item_id);
          if (!input.approve && !input.reason?.trim())
            throw invalidField('reason', 'supervision.err.reason_required');
          const now = clock.now();
          const res = await trx
            .updateTable('sv_extensions')
            .set({
              status: input.approve ? 'approved' : 'refused',
              decided_by: user.id,
              decided_name: user.displayName,
              decided_at: now,
              decision_reason: input.reason ?? null,
            })
            .where('id', '=', extId)
            .where('status', '=', 'pending')
            .executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw conflict('supervision.extension_decided');
          // Every request is counted, approved or refused; an approval moves the deadline (and the slip dates).
          const set: Record<string, unknown> = {
            extensions: sql`extensions + 1`,
            updated_at: now,
            version: sql`version + 1`,
          };
          if (input.approve) {
            const dates = await datesFor(trx, r.unit_path, {
              startDate: r.start_date,
              deadline: e.to_deadline,
              progress: Number(r.progress),
            });
            Object.assign(set, {
              deadline: e.to_deadline,
              blue_on: dates.blueOn,
              yellow_on: dates.yellowOn,
              red_notified: 0,
            });
          }
          await trx
            .updateTable('sv_items')
            .set(set as never)
            .where('id', '=', r.id)
            .execute();
          await log(trx, r.id, {
            action: input.approve ? 'extension_approve' : 'extension_refuse',
            from: r.status,
            to: r.status,
            actor: actorOf(user),
            reason: input.approve
              ? `${e.from_deadline} → ${e.to_deadline}${input.reason ? `：${input.reason}` : ''}`
              : input.reason,
          });
          await auditItem(
            trx,
            user,
            input.approve ? 'extension.approve' : 'extension.refuse',
            r.id,
            { deadline: r.deadline },
            { extensionId: extId, ...input },
            ip,
          );
          if (e.requested_by !== null)
            await notifications.notify(trx, {
              kind: 'supervision.extension_decided',
              title: `${input.approve ? '延期已批准' : '延期未批准'}：${r.title}`,
              body: input.approve ? `新的期限：${e.to_deadline}` : (input.reason ?? ''),
              path: itemPath(r.id),
              userIds: [e.requested_by],
            });
          const after = await trx
            .selectFrom('sv_extensions')
            .selectAll()
            .where('id', '=', extId)
            .executeTakeFirstOrThrow();
          return toExtension(after);
        })
        .finally(() => notifications.kick());
    },

    /**
     * 一村一策、一星一案: the task lists of the villages under a unit, from what the star engine knows about the base
     * year (stars held; for stars applied for, each failed indicator; otherwise every indicator). Items already
     * generated for the same village, year and indicator are skipped, so running it again adds only what is new.
     */
    async generate(
      user: CurrentUser,
      input: { unitId: number; year: number; fromYear?: number; deadline?: string },
      ip: string,
    ) {
      const result = await db.transaction().execute(async (trx) => {
        const root = await requireUnitInScope(trx, user, input.unitId);
        const res = await generateIn(trx, { path: root.path }, input, actorOf(user));
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.generate',
          objectType: 'org_unit',
          objectId: root.id,
          newValue: { ...input, ...res },
          ip,
        });
        return res;
      });
      return result;
    },

    async getSettings(user: CurrentUser, unitId?: number) {
      const unit =
        unitId === undefined ? { path: user.unitPath } : await requireUnitInScope(db, user, unitId);
      const s = await settingsFor(db, unit.path);
      return {
        unitId: s.unitId,
        blueDays: s.blueDays,
        behindPoints: s.behindPoints,
        flagCount: s.flagCount,
        version: s.version,
      };
    },

    /** Changing the thresholds recomputes the slip dates of the open items below the unit. */
    async putSettings(
      user: CurrentUser,
      input: { unitId: number; blueDays: number; behindPoints: number; flagCount: number },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const unit = await requireUnitInScope(trx, user, input.unitId);
        const old = await trx
          .selectFrom('sv_settings')
          .selectAll()
          .where('org_unit_id', '=', unit.id)
          .executeTakeFirst();
        const now = clock.now();
        if (old)
          await trx
            .updateTable('sv_settings')
            .set({
              blue_days: input.blueDays,
              behind_points: input.behindPoints,
              flag_count: input.flagCount,
              version: old.version + 1,
              updated_at: now,
            })
            .where('org_unit_id', '=', unit.id)
            .execute();
        else
          await trx
            .insertInto('sv_settings')
            .values({
              org_unit_id: unit.id,
              blue_days: input.blueDays,
              behind_points: input.behindPoints,
              flag_count: input.flagCount,
              version: 1,
              updated_at: now,
            })
            .execute();
        const cal = await calendar.workCalendar(trx);
        const open = await trx
          .selectFrom('sv_items')
          .select(['id', 'org_unit_id as unit_id', 'unit_path', 'start_date', 'deadline', 'progress'])
          .where(pathUnder('unit_path', unit.path))
          .where('status', '<>', 'closed')
          .execute();
        for (const it of open) {
          const d = await datesFor(
            trx,
            it.unit_path,
            { startDate: it.start_date, deadline: it.deadline, progress: Number(it.progress) },
            cal,
          );
          await trx
            .updateTable('sv_items')
            .set({ blue_on: d.blueOn, yellow_on: d.yellowOn })
            .where('id', '=', it.id)
            .execute();
        }
        await refreshUnitCounts(trx, [...new Set(open.map((it) => it.unit_id))], today());
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'supervision.settings',
          objectType: 'org_unit',
          objectId: unit.id,
          oldValue: old ?? null,
          newValue: input,
          ip,
        });
        const s = await settingsFor(trx, unit.path);
        return {
          unitId: s.unitId,
          blueDays: s.blueDays,
          behindPoints: s.behindPoints,
          flagCount: s.flagCount,
          version: s.version,
        };
      });
    },

    /** Runs the daily pass if it has not run today (China); returns what it did, or null. */
    async runDailyOnce() {
      const day = today();
      const out = await db.transaction().execute(async (trx) => {
        const last = await trx
          .selectFrom('sv_state')
          .select('value')
          .where('key', '=', 'daily_on')
          .executeTakeFirst();
        if (last && last.value >= day) return null;
        if (last)
          await trx.updateTable('sv_state').set({ value: day }).where('key', '=', 'daily_on').execute();
        else await trx.insertInto('sv_state').values({ key: 'daily_on', value: day }).execute();
        return api.daily(trx);
      });
      if (out) notifications.kick();
      return out;
    },

    /**
     * The daily pass: open star reviews for new veto events; tell the owner and the unit above about items that went
     * red since yesterday (each once).
     */
    async daily(trx: Trx) {
      const reviews = await syncVetoReviews(trx);
      const day = today();
      // A new day: every village's slip counts are recomputed once.
      await refreshStale(trx, '/', day);
      const red = await itemQuery(trx)
        .where('i.status', '<>', 'closed')
        .where('i.deadline', '<', day)
        .where('i.red_notified', '=', 0)
        .limit(5000)
        .execute();
      for (const r of red) {
        await trx.updateTable('sv_items').set({ red_notified: 1 }).where('id', '=', r.id).execute();
        await notifications.notify(trx, {
          kind: 'supervision.red',
          title: `红色督办：${r.title}`,
          body: `${r.unit_name}该事项已逾期（期限 ${r.deadline}），已提级至${r.parent_name ?? '上级'}督办。`,
          path: itemPath(r.id),
          userIds: r.owner_user_id !== null ? [r.owner_user_id] : [],
          unitPath:
            r.parent_unit_id !== null
              ? r.unit_path.slice(0, r.unit_path.slice(0, -1).lastIndexOf('/') + 1)
              : r.unit_path,
          permission: 'supervision:manage',
        });
      }
      return { reviews, red: red.length };
    },
  };
  return api;

  async function generateIn(
    trx: Trx,
    root: { path: string },
    input: { year: number; fromYear?: number; deadline?: string; startDate?: string },
    actor: { id: number | null; name: string },
  ) {
    const fromYear = input.fromYear ?? input.year - 1;
    const deadline = input.deadline ?? `${input.year}-11-30`;
    const villages = await trx
      .selectFrom('org_units as o')
      .innerJoin('party_branches as b', 'b.org_unit_id', 'o.id')
      .select(['o.id', 'o.path', 'b.id as branch_id'])
      .where(pathUnder('o.path', root.path))
      .where('o.level', 'in', VILLAGE_LEVELS)
      .orderBy('o.path')
      .execute();
    const gaps = await core.deps.awards.gaps(
      trx,
      villages.map((v) => v.branch_id),
      fromYear,
    );
    const existing = await trx
      .selectFrom('sv_items')
      .select(['org_unit_id', 'indicator_code'])
      .where(pathUnder('unit_path', root.path))
      .where('year', '=', input.year)
      .where('source', '=', 'shortfall')
      .execute();
    const have = new Set(existing.map((e) => `${e.org_unit_id}|${e.indicator_code}`));
    const cal = await calendar.workCalendar(trx);
    let created = 0;
    let skipped = 0;
    for (const v of villages) {
      const g = gaps.get(v.branch_id);
      if (!g?.definition) continue;
      const tasks = tasksFromShortfalls(g.definition, g.held, g.outcomes);
      const owner = await secretaryOf(trx, v.id);
      for (const t of tasks) {
        if (have.has(`${v.id}|${t.indicatorCode}`)) {
          skipped++;
          continue;
        }
        await insertItem(
          trx,
          {
            unit: v,
            year: input.year,
            list: 'task',
            source: 'shortfall',
            starCode: t.starCode,
            indicatorCode: t.indicatorCode,
            title: t.title,
            measures: t.measures,
            evidenceRequired: '佐证材料（照片、台账或文件）',
            evidenceMin: t.evidenceMin,
            ownerUserId: owner?.id ?? null,
            ownerName: owner?.display_name ?? '村党支部书记',
            checkerUserId: null,
            deadline,
            ...(input.startDate ? { startDate: input.startDate } : {}),
          },
          actor,
          cal,
        );
        created++;
      }
    }
    return { villages: villages.length, created, skipped };
  }
}
