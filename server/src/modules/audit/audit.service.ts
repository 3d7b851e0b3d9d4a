import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, DbOrTrx, Dialect } from '../../db/database.ts';
import type { AuditLogTable } from './audit.tables.ts';
import type { Clock } from '../../clock.ts';
import { prepared, preparedInsert } from '../../db/prepared.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actorId?: number | null;
  actorName?: string | null;
  action: string;
  objectType?: string | null;
  objectId?: string | number | null;
  oldValue?: unknown;
  newValue?: unknown;
  ip?: string | null;
  result?: 'ok' | 'fail' | 'denied' | 'locked';
}

type ChainFields = Omit<AuditLogTable, 'id' | 'hash'>;

function chainHash(key: Buffer, row: ChainFields): string {
  const canonical = JSON.stringify([
    row.prev_hash,
    row.at,
    row.actor_id,
    row.actor_name,
    row.action,
    row.object_type,
    row.object_id,
    row.old_value,
    row.new_value,
    row.ip,
    row.result,
  ]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}

const lastHash = prepared<Record<string, never>, { hash: string }>((db) =>
  db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1),
);
const insertRow = preparedInsert('audit_log', [
  'at',
  'actor_id',
  'actor_name',
  'action',
  'object_type',
  'object_id',
  'old_value',
  'new_value',
  'ip',
  'result',
  'prev_hash',
  'hash',
]);

const toJson = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/**
 * The append-only, hash-chained audit log. Each row's HMAC covers the previous row's hash, so an edited, deleted or
 * reordered row breaks the chain from that row on. Writes run inside the caller's transaction: if the audit insert
 * fails, the business write rolls back with it.
 */
export function createAuditService({
  key,
  clock,
  dialect,
  onRecord,
}: {
  key: Buffer;
  clock: Clock;
  dialect: Dialect;
  /** Called after each row (the anchor keeper re-reads the committed tail a moment later). */
  onRecord?: () => void;
}) {
  async function appendInTrx(trx: DbOrTrx, entry: AuditEntry) {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(727274)`.execute(trx);
    const last = await lastHash.first(trx, {});
    const row: ChainFields = {
      at: clock.now(),
      actor_id: entry.actorId ?? null,
      actor_name: entry.actorName ?? null,
      action: entry.action,
      object_type: entry.objectType ?? null,
      object_id: entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
      old_value: toJson(entry.oldValue),
      new_value: toJson(entry.newValue),
      ip: entry.ip ?? null,
      result: entry.result ?? 'ok',
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    await insertRow.run(trx, { ...row, hash: chainHash(key, row) });
  }

  return {
    /** Appends within `trx` when given a transaction, else in a transaction of its own. */
    async record(db: DbOrTrx, entry: AuditEntry) {
      if (db.isTransaction) await appendInTrx(db, entry);
      else await db.transaction().execute((trx) => appendInTrx(trx, entry));
      onRecord?.();
    },

    /** Walks the chain in id order; returns the first row whose link or hash does not verify. */
    async verify(db: Db): Promise<{ ok: boolean; rows: number; firstBad?: { id: number; reason: string } }> {
      let prev = GENESIS_HASH;
      let afterId = 0;
      let rows = 0;
      for (;;) {
        const batch = await db
          .selectFrom('audit_log')
          .selectAll()
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(5000)
          .execute();
        if (batch.length === 0) return { ok: true, rows };
        for (const row of batch) {
          rows++;
          if (row.prev_hash !== prev)
            return { ok: false, rows, firstBad: { id: row.id, reason: 'broken link' } };
          const { id: _id, hash, ...fields } = row;
          if (chainHash(key, fields) !== hash) {
            return { ok: false, rows, firstBad: { id: row.id, reason: 'content changed' } };
          }
          prev = hash;
        }
        afterId = batch[batch.length - 1]!.id;
      }
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
