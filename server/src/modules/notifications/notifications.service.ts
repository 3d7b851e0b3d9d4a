import { createHmac } from 'node:crypto';
import type { Permission } from '@fivestar/common';
import { sql } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import { emptyPage, fetchPage, type PageQuery } from '../../db/paginate.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { notFound } from '../../http/errors.ts';
import { decryptField, encryptField } from '../../security/crypto.ts';
import { pathIds, pathUnder, requireUnitInScope, scopedSubtree, scopePrefix } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';

/** Back-off between webhook attempts: 1 min, 5 min, 30 min, 2 h, 12 h; then the delivery is failed. */
export const RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 43_200_000];
const TIMEOUT_MS = 5_000;

export interface NotifyInput {
  kind: string;
  title: string;
  body: string;
  /** The web path of what it is about. */
  path?: string | null;
  /** Named recipients. */
  userIds?: number[];
  /**
   * Recipients by place: the users holding `permission` at the nearest unit, the given one or above it, that has
   * any (a village's item → its township office; a star review → the county). Also: the webhooks of the units on
   * the path are sent the message.
   */
  unitPath?: string;
  permission?: Permission;
}

/** The signature a receiver checks: hex HMAC-SHA256 of the exact body with the unit's secret. */
export function signBody(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Notifications: the in-app inbox and each unit's optional webhook. Modules call `notify` inside their own
 * transaction (the message exists exactly when the change does); webhook deliveries are queued in the same
 * transaction and sent after it, retried with back-off on the injected clock, every attempt in the delivery log.
 */
export function createNotificationsService({
  db,
  audit,
  clock,
  secretKey,
  fetchImpl = fetch,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  secretKey: Buffer;
  fetchImpl?: typeof fetch;
}) {
  let sending: Promise<number> | null = null;

  async function recipients(trx: DbOrTrx, input: NotifyInput): Promise<number[]> {
    const ids = new Set(input.userIds ?? []);
    if (input.unitPath && input.permission) {
      // The nearest office: the deepest unit on the path (the unit itself first) with someone holding the permission.
      const units = pathIds(input.unitPath);
      const rows = await trx
        .selectFrom('users as u')
        .innerJoin('roles as r', 'r.code', 'u.role_code')
        .select(['u.id', 'u.org_unit_id', 'r.permissions'])
        .where('u.org_unit_id', 'in', units)
        .where('u.status', '=', 'active')
        .execute();
      const holders = rows.filter((r) => (JSON.parse(r.permissions) as string[]).includes(input.permission!));
      for (const unit of [...units].reverse()) {
        const here = holders.filter((h) => h.org_unit_id === unit);
        if (here.length) {
          for (const h of here) ids.add(h.id);
          break;
        }
      }
    }
    return [...ids];
  }

  async function send(
    delivery: { id: number; payload: string; attempts: number },
    hook: { url: string; secret_enc: string | null },
  ) {
    const now = clock.now();
    const body = delivery.payload;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (hook.secret_enc) {
      const secret = decryptField(secretKey, hook.secret_enc);
      headers['x-fivestar-timestamp'] = String(now);
      headers['x-fivestar-signature'] = `sha256=${signBody(secret, body)}`;
    }
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetchImpl(hook.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    }
    const attempts = delivery.attempts + 1;
    const delay = RETRY_DELAYS_MS[attempts - 1];
    await db
      .updateTable('notify_deliveries')
      .set(
        error === null
          ? {
              status: 'delivered',
              attempts,
              last_status: status,
              last_error: null,
              delivered_at: now,
              next_attempt_at: null,
            }
          : {
              status: delay === undefined ? 'failed' : 'pending',
              attempts,
              last_status: status,
              last_error: error.slice(0, 300),
              next_attempt_at: delay === undefined ? null : now + delay,
            },
      )
      .where('id', '=', delivery.id)
      .execute();
    return error === null;
  }

  /** Sends every delivery that is due (pending, next attempt reached); returns how many were attempted. */
  async function deliverDue(): Promise<number> {
    if (sending) return sending;
    sending = (async () => {
      const due = await db
        .selectFrom('notify_deliveries as d')
        .innerJoin('notify_hooks as h', 'h.id', 'd.hook_id')
        .select(['d.id', 'd.payload', 'd.attempts', 'h.url', 'h.secret_enc', 'h.enabled'])
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', clock.now())
        .orderBy('d.id')
        .limit(100)
        .execute();
      for (const d of due) {
        if (d.enabled !== 1) {
          await db
            .updateTable('notify_deliveries')
            .set({ status: 'failed', last_error: 'hook disabled', next_attempt_at: null })
            .where('id', '=', d.id)
            .execute();
          continue;
        }
        await send(d, d);
      }
      return due.length;
    })();
    try {
      return await sending;
    } finally {
      sending = null;
    }
  }

  const toHook = (r: {
    id: number;
    org_unit_id: number;
    url: string;
    enabled: number;
    secret_enc: string | null;
    updated_at: number;
    unit_name: string;
  }) => ({
    id: r.id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    url: r.url,
    enabled: r.enabled === 1,
    hasSecret: r.secret_enc !== null,
    updatedAt: Number(r.updated_at),
  });
  const toDelivery = (r: {
    id: number;
    hook_id: number;
    kind: string;
    status: string;
    attempts: number;
    last_status: number | null;
    last_error: string | null;
    next_attempt_at: number | null;
    created_at: number;
    delivered_at: number | null;
  }) => ({
    id: r.id,
    hookId: r.hook_id,
    kind: r.kind,
    status: r.status as 'pending',
    attempts: Number(r.attempts),
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at === null ? null : Number(r.next_attempt_at),
    createdAt: Number(r.created_at),
    deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
  });

  return {
    deliverDue,

    /** Queues a message (inbox rows and webhook deliveries) inside the caller's transaction. */
    async notify(trx: DbOrTrx, input: NotifyInput): Promise<{ users: number; deliveries: number }> {
      const now = clock.now();
      const users = await recipients(trx, input);
      if (users.length)
        await trx
          .insertInto('notifications')
          .values(
            users.map((u) => ({
              user_id: u,
              kind: input.kind,
              title: input.title,
              body: input.body,
              path: input.path ?? null,
              created_at: now,
              read_at: null,
            })),
          )
          .execute();
      let deliveries = 0;
      if (input.unitPath) {
        const hooks = await trx
          .selectFrom('notify_hooks')
          .select(['id'])
          .where('org_unit_id', 'in', pathIds(input.unitPath))
          .where('enabled', '=', 1)
          .execute();
        for (const h of hooks) {
          // 钉钉 and 企业微信 robots both accept a markdown message of this shape.
          const payload = JSON.stringify({
            msgtype: 'markdown',
            markdown: { title: input.title, text: `### ${input.title}\n\n${input.body}` },
            fivestar: { kind: input.kind, path: input.path ?? null, at: now },
          });
          await trx
            .insertInto('notify_deliveries')
            .values({
              hook_id: h.id,
              kind: input.kind,
              payload,
              status: 'pending',
              attempts: 0,
              next_attempt_at: now,
              last_status: null,
              last_error: null,
              created_at: now,
              delivered_at: null,
            })
            .execute();
          deliveries++;
        }
      }
      return { users: users.length, deliveries };
    },

    /** After the caller's transaction committed: try the queued deliveries now (errors stay in the log). */
    kick() {
      void deliverDue().catch(() => undefined);
    },

    async inbox(user: CurrentUser, query: { unread?: boolean } & PageQuery) {
      let q = db.selectFrom('notifications').selectAll().where('user_id', '=', user.id);
      if (query.unread) q = q.where('read_at', 'is', null);
      const page = await fetchPage(
        q,
        query,
        (x) => x.orderBy('id', 'desc'),
        (r) => ({
          id: r.id,
          kind: r.kind,
          title: r.title,
          body: r.body,
          path: r.path,
          createdAt: Number(r.created_at),
          readAt: r.read_at === null ? null : Number(r.read_at),
        }),
      );
      const unread = await db
        .selectFrom('notifications')
        .select(sql<number>`count(*)`.as('n'))
        .where('user_id', '=', user.id)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return { ...page, unread: Number(unread.n) };
    },

    async unreadCount(q: DbOrTrx, userId: number): Promise<number> {
      const row = await q
        .selectFrom('notifications')
        .select(sql<number>`count(*)`.as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async markRead(user: CurrentUser, id: number) {
      const res = await db
        .updateTable('notifications')
        .set({ read_at: clock.now() })
        .where('id', '=', id)
        .where('user_id', '=', user.id)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) {
        const exists = await db
          .selectFrom('notifications')
          .select('id')
          .where('id', '=', id)
          .where('user_id', '=', user.id)
          .executeTakeFirst();
        if (!exists) throw notFound();
      }
    },

    async markAllRead(user: CurrentUser) {
      await db
        .updateTable('notifications')
        .set({ read_at: clock.now() })
        .where('user_id', '=', user.id)
        .where('read_at', 'is', null)
        .execute();
    },

    async hooks(user: CurrentUser) {
      const rows = await db
        .selectFrom('notify_hooks as h')
        .innerJoin('org_units as o', 'o.id', 'h.org_unit_id')
        .select([
          'h.id',
          'h.org_unit_id',
          'h.url',
          'h.enabled',
          'h.secret_enc',
          'h.updated_at',
          'o.name as unit_name',
        ])
        .where(pathUnder('h.unit_path', scopePrefix(user)))
        .orderBy('h.unit_path')
        .execute();
      return rows.map(toHook);
    },

    async putHook(
      user: CurrentUser,
      input: { unitId: number; url: string; secret?: string; enabled: boolean },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const unit = await requireUnitInScope(trx, user, input.unitId);
        const now = clock.now();
        const old = await trx
          .selectFrom('notify_hooks')
          .selectAll()
          .where('org_unit_id', '=', unit.id)
          .executeTakeFirst();
        const secret_enc = input.secret ? encryptField(secretKey, input.secret) : (old?.secret_enc ?? null);
        if (old)
          await trx
            .updateTable('notify_hooks')
            .set({ url: input.url, secret_enc, enabled: input.enabled ? 1 : 0, updated_at: now })
            .where('id', '=', old.id)
            .execute();
        else
          await trx
            .insertInto('notify_hooks')
            .values({
              org_unit_id: unit.id,
              unit_path: unit.path,
              url: input.url,
              secret_enc,
              enabled: input.enabled ? 1 : 0,
              updated_at: now,
            })
            .execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'notifications.hook.put',
          objectType: 'notify_hook',
          objectId: unit.id,
          oldValue: old ? { url: old.url, enabled: old.enabled === 1 } : null,
          newValue: { url: input.url, enabled: input.enabled, secretChanged: !!input.secret },
          ip,
        });
        const row = await trx
          .selectFrom('notify_hooks as h')
          .innerJoin('org_units as o', 'o.id', 'h.org_unit_id')
          .select([
            'h.id',
            'h.org_unit_id',
            'h.url',
            'h.enabled',
            'h.secret_enc',
            'h.updated_at',
            'o.name as unit_name',
          ])
          .where('h.org_unit_id', '=', unit.id)
          .executeTakeFirstOrThrow();
        return toHook(row);
      });
    },

    /** Sends a test message to a hook now (one attempt, logged like any other; retried if it fails). */
    async testHook(user: CurrentUser, id: number, ip: string) {
      const hook = await db
        .selectFrom('notify_hooks')
        .selectAll()
        .where('id', '=', id)
        .where(pathUnder('unit_path', scopePrefix(user)))
        .executeTakeFirst();
      if (!hook) throw notFound();
      const now = clock.now();
      const payload = JSON.stringify({
        msgtype: 'markdown',
        markdown: { title: '测试消息', text: '### 测试消息\n\n五星支部创建管理平台的推送已接通。' },
        fivestar: { kind: 'test', path: null, at: now },
      });
      const row = await db.transaction().execute(async (trx) => {
        const r = await trx
          .insertInto('notify_deliveries')
          .values({
            hook_id: id,
            kind: 'test',
            payload,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            last_status: null,
            last_error: null,
            created_at: now,
            delivered_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'notifications.hook.test',
          objectType: 'notify_hook',
          objectId: id,
          ip,
        });
        return r;
      });
      await send({ id: row.id, payload, attempts: 0 }, hook);
      const d = await db
        .selectFrom('notify_deliveries')
        .selectAll()
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      return toDelivery(d);
    },

    async deliveries(user: CurrentUser, query: { unitId?: number } & PageQuery) {
      const prefix = await scopedSubtree(db, user, query.unitId);
      if (prefix === null) return emptyPage<ReturnType<typeof toDelivery>>(query);
      const q = db
        .selectFrom('notify_deliveries as d')
        .innerJoin('notify_hooks as h', 'h.id', 'd.hook_id')
        .select([
          'd.id',
          'd.hook_id',
          'd.kind',
          'd.status',
          'd.attempts',
          'd.last_status',
          'd.last_error',
          'd.next_attempt_at',
          'd.created_at',
          'd.delivered_at',
        ])
        .where(pathUnder('h.unit_path', prefix));
      return fetchPage(q, query, (x) => x.orderBy('d.id', 'desc'), toDelivery);
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
