import {
  checkItemTransition,
  closeRefusal,
  submitRefusal,
  type ItemList,
  type ItemStatus,
  type SlipColour,
  type SupervisionItem,
} from '@fivestar/common';
import { sql, type Selectable } from 'kysely';

import { emptyPage, fetchPage, type PageQuery } from '../../db/paginate.ts';
import type { Database } from '../../db/schema.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.ts';
import { assertVersion } from '../../http/versions.ts';
import { pathUnder, scopedSubtree, scopePrefix } from '../../security/scope.ts';
import { lastChangeOf } from '../audit/index.ts';

type ItemRow = Selectable<Database['sv_items']>;

import { slipWhere, type ItemCore, type NewItem } from './items.core.ts';

export function createItemsService(core: ItemCore) {
  const { db, clock, notifications, links } = core.deps;
  const {
    today,
    actorOf,
    has,
    datesFor,
    itemQuery,
    toItem,
    itemInScope,
    detail,
    log,
    insertItem,
    villageInScope,
    personFor,
    secretaryOf,
    move,
    auditItem,
    itemPath,
    storeFile,
    countItems,
  } = core;

  return {
    async summary(user: CurrentUser, unitId?: number) {
      const prefix = await scopedSubtree(db, user, unitId);
      if (prefix === null) throw notFound();
      const c = await countItems(db, prefix, today());
      return {
        tasks: { total: c.total, open: c.open, closed: c.closed, overdue: c.red },
        slips: { blue: c.blue, yellow: c.yellow, red: c.red },
        links: await links.counts(db, prefix),
      };
    },

    async list(
      user: CurrentUser,
      query: {
        unitId?: number;
        year?: number;
        list?: ItemList;
        starCode?: string;
        status?: ItemStatus[];
        slip?: SlipColour[];
        mine?: 'owner' | 'checker' | 'linked' | 'escalated';
        q?: string;
      } & PageQuery,
    ) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return emptyPage<SupervisionItem>(query);
      const day = today();
      let q = itemQuery(db).where(pathUnder('i.unit_path', prefix));
      if (query.year !== undefined) q = q.where('i.year', '=', query.year);
      if (query.list) q = q.where('i.list', '=', query.list);
      if (query.starCode) q = q.where('i.star_code', '=', query.starCode);
      if (query.status?.length) q = q.where('i.status', 'in', query.status);
      if (query.slip?.length) {
        const slips = query.slip;
        q = q.where((eb) => eb.or(slips.map((s) => eb(slipWhere(s, day), '=', sql<boolean>`true`))));
      }
      if (query.q) q = q.where('i.title', 'like', `%${query.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`);
      if (query.mine === 'owner')
        q = q.where('i.owner_user_id', '=', user.id).where('i.status', '<>', 'closed');
      if (query.mine === 'checker')
        q = q
          .where('i.status', '=', 'submitted')
          // As one expression (not an OR of two indexed conditions): SQLite would otherwise walk the checker index
          // over every unassigned item of the province instead of the caller's range of the scope index.
          .where(sql<boolean>`coalesce(i.checker_user_id, ${user.id}) = ${user.id}`)
          .where((eb) => eb.or([eb('i.owner_user_id', 'is', null), eb('i.owner_user_id', '<>', user.id)]))
          .where((eb) => eb.or([eb('i.submitted_by', 'is', null), eb('i.submitted_by', '<>', user.id)]));
      if (query.mine === 'escalated')
        q = q
          .where('i.parent_unit_id', '=', user.unitId)
          .where(slipWhere('red', day), '=', sql<boolean>`true`);
      if (query.mine === 'linked') {
        const villages = await links.villagesOf(db, user.id);
        if (villages.length === 0) return emptyPage<SupervisionItem>(query);
        q = q.where('i.org_unit_id', 'in', villages).where('i.status', '<>', 'closed');
      }
      return fetchPage(
        q,
        query,
        (x) =>
          x
            .orderBy(sql`case when i.status = 'closed' then 1 else 0 end`)
            .orderBy('i.deadline')
            .orderBy('i.id'),
        (r) => toItem(r, day),
      );
    },

    get: (user: CurrentUser, id: number) => detail(db, user, id),

    async create(
      user: CurrentUser,
      input: Omit<NewItem, 'unit' | 'source'> & { unitId: number },
      ip: string,
    ) {
      return db
        .transaction()
        .execute(async (trx) => {
          const unit = await villageInScope(trx, user, input.unitId);
          const owner = await personFor(trx, unit.path, input.ownerUserId, 'ownerUserId');
          await personFor(trx, unit.path, input.checkerUserId, 'checkerUserId');
          if (input.checkerUserId !== null && input.checkerUserId === input.ownerUserId)
            throw invalidField('checkerUserId', 'supervision.checker_is_owner');
          // No owner named: the village's secretary answers for it.
          const fallback = !owner && !input.ownerName ? await secretaryOf(trx, unit.id) : undefined;
          if (!owner && !input.ownerName && !fallback)
            throw invalidField('ownerName', 'supervision.err.owner_required');
          const id = await insertItem(
            trx,
            {
              ...input,
              unit,
              source: 'manual',
              ownerUserId: owner?.id ?? fallback?.id ?? null,
              ownerName: input.ownerName || owner?.display_name || fallback!.display_name,
            },
            actorOf(user),
          );
          await auditItem(trx, user, 'item.create', id, null, input, ip);
          const told = owner ?? fallback;
          if (told)
            await notifications.notify(trx, {
              kind: 'supervision.assigned',
              title: `新交办：${input.title}`,
              body: `${unit.name}，限 ${input.deadline} 前完成。`,
              path: itemPath(id),
              userIds: [told.id],
            });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async update(
      user: CurrentUser,
      id: number,
      patch: {
        title?: string;
        measures?: string;
        evidenceRequired?: string;
        evidenceMin?: number;
        ownerUserId?: number | null;
        ownerName?: string;
        checkerUserId?: number | null;
      },
      ifMatch: number | null,
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const r = await itemInScope(trx, user, id);
        if (ifMatch === null) throw new AppError('precondition_required', 'supervision.err.if_match');
        // A stale version answers 412 naming who changed the item and when (item 36).
        assertVersion(ifMatch, Number(r.version), await lastChangeOf(trx, 'sv_item', id));
        if (r.status === 'closed') throw conflict('supervision.closed');
        const set: Partial<Record<keyof ItemRow, unknown>> = {};
        if (patch.title !== undefined) set.title = patch.title;
        if (patch.measures !== undefined) set.measures = patch.measures;
        if (patch.evidenceRequired !== undefined) set.evidence_required = patch.evidenceRequired;
        if (patch.evidenceMin !== undefined) set.evidence_min = patch.evidenceMin;
        if (patch.ownerUserId !== undefined) {
          const owner = await personFor(trx, r.unit_path, patch.ownerUserId, 'ownerUserId');
          set.owner_user_id = patch.ownerUserId;
          if (owner) set.owner_name = owner.display_name;
        }
        if (patch.ownerName !== undefined) set.owner_name = patch.ownerName;
        if (patch.checkerUserId !== undefined) {
          await personFor(trx, r.unit_path, patch.checkerUserId, 'checkerUserId');
          set.checker_user_id = patch.checkerUserId;
        }
        const ownerAfter = (set.owner_user_id as number | null | undefined) ?? r.owner_user_id;
        const checkerAfter = (set.checker_user_id as number | null | undefined) ?? r.checker_user_id;
        if (checkerAfter !== null && checkerAfter === ownerAfter)
          throw invalidField('checkerUserId', 'supervision.checker_is_owner');
        const res = await trx
          .updateTable('sv_items')
          .set({ ...(set as object), updated_at: clock.now(), version: sql`version + 1` } as never)
          .where('id', '=', id)
          .where('version', '=', r.version)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw new AppError('precondition_failed', 'supervision.stale');
        await log(trx, id, { action: 'edit', from: r.status, to: r.status, actor: actorOf(user) });
        await auditItem(trx, user, 'item.edit', id, r, patch, ip);
        return detail(trx, user, id);
      });
    },

    async upload(user: CurrentUser, id: number, name: string, body: Uint8Array, ip: string) {
      return db.transaction().execute(async (trx) => {
        const r = await itemInScope(trx, user, id);
        if (r.status === 'closed') throw conflict('supervision.closed');
        if (r.owner_user_id !== null && r.owner_user_id !== user.id && !has(user, 'supervision:manage'))
          throw conflict('supervision.not_owner');
        const file = await storeFile(
          trx,
          user,
          { itemId: id, visitId: null, unitId: r.org_unit_id, unitPath: r.unit_path },
          name,
          body,
        );
        await trx
          .updateTable('sv_items')
          .set({ files: sql`files + 1` } as never)
          .where('id', '=', id)
          .execute();
        await log(trx, id, {
          action: 'file',
          from: r.status,
          to: r.status,
          actor: actorOf(user),
          reason: name,
          fileIds: [file.id],
        });
        await auditItem(trx, user, 'item.file', id, null, { fileId: file.id, name, size: file.size }, ip);
        return file;
      });
    },

    async file(user: CurrentUser, id: number) {
      const f = await db
        .selectFrom('sv_files')
        .select(['name', 'mime', 'data'])
        .where('id', '=', id)
        .where(pathUnder('unit_path', scopePrefix(user)))
        .executeTakeFirst();
      if (!f) throw notFound();
      return { name: f.name, mime: f.mime, body: Buffer.from(f.data, 'base64') };
    },

    async progress(
      user: CurrentUser,
      id: number,
      input: { progress: number; note: string; fileIds: number[] },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const r = await itemInScope(trx, user, id);
        if (r.owner_user_id !== null && r.owner_user_id !== user.id && !has(user, 'supervision:manage'))
          throw conflict('supervision.not_owner');
        const check = checkItemTransition(r.status as ItemStatus, 'progress', input.note);
        if (!check.ok) throw conflict(`supervision.${check.refusal}`);
        if (input.fileIds.length) {
          const found = await trx
            .selectFrom('sv_files')
            .select('id')
            .where('item_id', '=', id)
            .where('id', 'in', input.fileIds)
            .execute();
          if (found.length !== new Set(input.fileIds).size)
            throw invalidField('fileIds', 'supervision.err.file_unknown');
        }
        const dates = await datesFor(trx, r.unit_path, {
          startDate: r.start_date,
          deadline: r.deadline,
          progress: input.progress,
        });
        const res = await trx
          .updateTable('sv_items')
          .set({
            progress: input.progress,
            yellow_on: dates.yellowOn,
            blue_on: dates.blueOn,
            updated_at: clock.now(),
            version: sql`version + 1`,
          } as never)
          .where('id', '=', id)
          .where('version', '=', r.version)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw conflict('supervision.forbidden_transition');
        await log(trx, id, {
          action: 'progress',
          from: r.status,
          to: r.status,
          actor: actorOf(user),
          reason: input.note,
          progress: input.progress,
          fileIds: input.fileIds,
        });
        await auditItem(trx, user, 'item.progress', id, { progress: r.progress }, input, ip);
        return detail(trx, user, id);
      });
    },

    async submit(user: CurrentUser, id: number, reason: string | undefined, ip: string) {
      return db
        .transaction()
        .execute(async (trx) => {
          const r = await itemInScope(trx, user, id);
          if (r.owner_user_id !== null && r.owner_user_id !== user.id && !has(user, 'supervision:manage'))
            throw conflict('supervision.not_owner');
          const check = checkItemTransition(r.status as ItemStatus, 'submit');
          if (!check.ok) throw conflict(`supervision.${check.refusal}`);
          const refusal = submitRefusal(Number(r.evidence_min), Number(r.files));
          if (refusal) throw conflict(`supervision.${refusal}`);
          await move(trx, r, 'submit', actorOf(user), reason ?? null, { submitted_by: user.id });
          await auditItem(trx, user, 'item.submit', id, { status: r.status }, { status: 'submitted' }, ip);
          await notifications.notify(trx, {
            kind: 'supervision.submitted',
            title: `待验收销号：${r.title}`,
            body: `${r.unit_name}已上报完成并提交佐证，请验收。`,
            path: itemPath(id),
            ...(r.checker_user_id !== null
              ? { userIds: [r.checker_user_id] }
              : { unitPath: r.unit_path, permission: 'supervision:check' as const }),
          });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async close(user: CurrentUser, id: number, reason: string | undefined, ip: string) {
      return db
        .transaction()
        .execute(async (trx) => {
          const r = await itemInScope(trx, user, id);
          const check = checkItemTransition(r.status as ItemStatus, 'close');
          if (!check.ok) throw conflict(`supervision.${check.refusal}`);
          const refusal = closeRefusal(
            {
              evidenceMin: Number(r.evidence_min),
              ownerUserId: r.owner_user_id,
              checkerUserId: r.checker_user_id,
              submittedBy: r.submitted_by,
            },
            Number(r.files),
            user.id,
          );
          if (refusal) throw conflict(`supervision.${refusal}`);
          await move(trx, r, 'close', actorOf(user), reason ?? null, {
            closed_at: clock.now(),
            closed_by: user.id,
            progress: 100,
          });
          await auditItem(trx, user, 'item.close', id, { status: r.status }, { status: 'closed' }, ip);
          if (r.owner_user_id !== null)
            await notifications.notify(trx, {
              kind: 'supervision.closed',
              title: `已销号：${r.title}`,
              body: `${user.displayName}验收通过，该事项已销号。`,
              path: itemPath(id),
              userIds: [r.owner_user_id],
            });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async reject(user: CurrentUser, id: number, reason: string, ip: string) {
      return db
        .transaction()
        .execute(async (trx) => {
          const r = await itemInScope(trx, user, id);
          const check = checkItemTransition(r.status as ItemStatus, 'reject', reason);
          if (!check.ok) throw conflict(`supervision.${check.refusal}`);
          const refusal = closeRefusal(
            {
              evidenceMin: 0,
              ownerUserId: r.owner_user_id,
              checkerUserId: r.checker_user_id,
              submittedBy: r.submitted_by,
            },
            0,
            user.id,
          );
          if (refusal) throw conflict(`supervision.${refusal}`);
          await move(trx, r, 'reject', actorOf(user), reason, { submitted_by: null });
          await auditItem(trx, user, 'item.reject', id, { status: r.status }, { status: 'open', reason }, ip);
          if (r.owner_user_id !== null)
            await notifications.notify(trx, {
              kind: 'supervision.rejected',
              title: `验收未通过：${r.title}`,
              body: reason,
              path: itemPath(id),
              userIds: [r.owner_user_id],
            });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },

    async reopen(user: CurrentUser, id: number, reason: string, ip: string) {
      return db
        .transaction()
        .execute(async (trx) => {
          const r = await itemInScope(trx, user, id);
          await move(trx, r, 'reopen', actorOf(user), reason, {
            closed_at: null,
            closed_by: null,
            submitted_by: null,
            red_notified: 0,
          });
          await auditItem(trx, user, 'item.reopen', id, { status: r.status }, { status: 'open', reason }, ip);
          if (r.owner_user_id !== null)
            await notifications.notify(trx, {
              kind: 'supervision.reopened',
              title: `已重新打开：${r.title}`,
              body: reason,
              path: itemPath(id),
              userIds: [r.owner_user_id],
            });
          return detail(trx, user, id);
        })
        .finally(() => notifications.kick());
    },
  };
}
