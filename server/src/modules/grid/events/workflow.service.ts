import {
  OPEN_STATUSES,
  transition,
  VOID_STATUSES,
  type ActionBody,
  type EventDetail,
  type GridAction,
} from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { Db, DbOrTrx } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { conflict, invalidField } from '../../../http/errors.ts';
import { assertVersion } from '../../../http/versions.ts';
import { lastChangeOf } from '../../audit/index.ts';
import { requireUnitInScope } from '../../../security/scope.ts';
import type { Counts } from '../grid.counts.ts';
import type { Deadlines } from './deadlines.ts';
import type { EventLog } from './event-log.ts';
import { updateEvent, type EventPatch, type EventRow } from './events.repository.ts';
import type { Events } from './events.service.ts';
import type { Photos } from './photos.service.ts';

/** What one action finds when it runs: the report as it is, the request, the time. */
interface ActionContext {
  trx: DbOrTrx;
  user: CurrentUser;
  row: EventRow;
  body: ActionBody;
  now: number;
}

/** What an action changes besides the status, and what its log entry records. */
interface ActionEffect {
  patch?: EventPatch;
  detail?: Record<string, unknown>;
  /** The action moves the deadline although the state stays (an extension). */
  reclock?: boolean;
}

type ActionHandler = (ctx: ActionContext) => ActionEffect | Promise<ActionEffect>;

/**
 * One handler per action of the state machine (GRID_ACTIONS in common decides which action is allowed from which
 * state and whether it needs a reason); a handler checks what its action needs and says what it changes.
 */
function actionHandlers(deadlines: Deadlines): Record<GridAction, ActionHandler> {
  return {
    accept: ({ now }) => ({ patch: { accepted_at: now } }),
    dispatch: async ({ trx, user, body }) => {
      if (body.handlerUnitId === undefined && !body.handlerDept)
        throw invalidField('handlerUnitId', 'grid.handler_required');
      if (body.handlerUnitId !== undefined)
        await requireUnitInScope(trx, user, body.handlerUnitId, 'handlerUnitId');
      const handler = { handlerUnitId: body.handlerUnitId ?? null, handlerDept: body.handlerDept ?? null };
      return {
        patch: { handler_unit_id: handler.handlerUnitId, handler_dept: handler.handlerDept },
        detail: handler,
      };
    },
    start: () => ({}),
    reply: ({ now }) => ({ patch: { replied_at: now } }),
    verify: () => ({}),
    close: async ({ trx, row, now }) => {
      if (row.class === 'dispute' && row.mediation_status !== 'archived')
        throw conflict('grid.mediation_not_archived');
      // On time: replied within the handling deadline (counted from acceptance, extensions included).
      const handling = await deadlines.clockFor(
        trx,
        { ...row, accepted_at: row.accepted_at ?? row.reported_at },
        'in_handling',
        now,
      );
      const onTime = row.replied_at !== null && handling.due_at !== null && row.replied_at <= handling.due_at;
      return { patch: { closed_at: now, closed_on_time: onTime ? 1 : 0 } };
    },
    return: () => ({}),
    recall: ({ row, user }) => {
      if (row.reporter_id !== user.id) throw conflict('grid.recall_not_reporter');
      return {};
    },
    escalate: ({ body }) => {
      if (!body.escalateTo) throw invalidField('escalateTo', 'grid.escalate_to_required');
      return {
        patch: { escalated_to: body.escalateTo, escalated: 1 },
        detail: { escalateTo: body.escalateTo },
      };
    },
    invalidate: () => ({}),
    supervise: ({ body }) => {
      if (!body.level) throw invalidField('level', 'grid.level_required');
      return { patch: { manual_supervision: body.level }, detail: { level: body.level } };
    },
    extend: ({ row, body }) => {
      if (!body.days) throw invalidField('days', 'grid.days_required');
      return {
        patch: { extension_days: row.extension_days + body.days },
        detail: { days: body.days },
        reclock: true,
      };
    },
  };
}

interface WorkflowDeps {
  db: Db;
  clock: Clock;
  events: Events;
  photos: Photos;
  deadlines: Deadlines;
  log: EventLog;
  counts: Counts;
}

/** The workflow of a report: the actions of the state machine, and merging a duplicate into the report it repeats. */
export function createWorkflow({ db, clock, events, photos, deadlines, log, counts }: WorkflowDeps) {
  const handlers = actionHandlers(deadlines);

  return {
    /** `expected`: the version the caller acted on (If-Match); a newer one on file answers 412 and changes nothing. */
    async act(
      user: CurrentUser,
      id: number,
      action: GridAction,
      body: ActionBody,
      ip: string,
      expected: number | null = null,
    ) {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const row = await events.row(trx, user, id);
        assertVersion(expected, Number(row.version), await lastChangeOf(trx, 'grid_event', id));
        const from = row.status;
        const check = transition(from, action, body.reason);
        if (!check.ok) {
          if (check.reason === 'reason_required') throw invalidField('reason', 'grid.reason_required');
          throw conflict('grid.forbidden_transition');
        }
        const to = check.to;
        const effect = await handlers[action]({ trx, user, row, body, now });
        const patch: EventPatch = { ...effect.patch, status: to, updated_at: now };
        // The stage clock follows the new state (see deadlines.ts).
        if (to !== from || effect.reclock)
          Object.assign(patch, await deadlines.clockFor(trx, { ...row, ...patch }, to, now));
        // A new deadline is said in the log (old → new), so the page can tell the people who watch it why it moved.
        const dueMoved = patch.due_at != null && Number(patch.due_at) !== Number(row.due_at ?? NaN);
        const detail = dueMoved
          ? {
              ...(effect.detail ?? {}),
              due: { from: row.due_at === null ? null : Number(row.due_at), to: Number(patch.due_at) },
            }
          : effect.detail;
        if (to === 'closed') await counts.bump(trx, row, { closed: 1, on_time: patch.closed_on_time ?? 0 });
        if (VOID_STATUSES.includes(to) && from !== to) await counts.bump(trx, row, { reported: -1 });
        await updateEvent(trx, id, patch);
        await photos.claim(trx, user, body.attachmentIds, id, 'attachmentIds');
        await log.write(
          trx,
          user,
          id,
          {
            action,
            from,
            to,
            reason: body.reason ?? null,
            attachmentIds: body.attachmentIds,
            detail,
          },
          ip,
        );
      });
      return events.get(user, id);
    },

    /** Marks `id` a duplicate of `intoId` (both in scope, `id` open): it becomes invalid and points at the kept one. */
    async merge(
      user: CurrentUser,
      id: number,
      intoId: number,
      reason: string | undefined,
      ip: string,
    ): Promise<EventDetail> {
      if (id === intoId) throw invalidField('intoId', 'grid.merge_self');
      await db.transaction().execute(async (trx) => {
        const row = await events.row(trx, user, id);
        await events.row(trx, user, intoId).catch(() => {
          throw invalidField('intoId', 'grid.merge_unknown');
        });
        const from = row.status;
        if (!OPEN_STATUSES.includes(from)) throw conflict('grid.forbidden_transition');
        await updateEvent(trx, id, {
          status: 'invalid',
          duplicate_of: intoId,
          updated_at: clock.now(),
          yellow_at: null,
          due_at: null,
        });
        await counts.bump(trx, row, { reported: -1 });
        await log.write(
          trx,
          user,
          id,
          { action: 'merge', from, to: 'invalid', reason: reason ?? null, detail: { intoId } },
          ip,
        );
      });
      return events.get(user, id);
    },
  };
}
