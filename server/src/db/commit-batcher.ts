import type { Transaction } from 'kysely';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

export type BatchTrx = Transaction<Database>;

interface Item {
  work: (trx: BatchTrx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. Writes that arrive together (forty phones syncing when a village gets signal back) share one
 * transaction, each inside its own savepoint, and one commit: a durable commit is the dearest step of a small write
 * (an fsync on SQLite; the WAL flush, and on our audit chain the advisory lock, on PostgreSQL). Every caller's promise
 * settles only after the commit that holds its write, so "201" still means "on disk". A write that throws is rolled
 * back to its savepoint and only its caller sees the error; if the commit itself fails, every caller in that batch
 * does.
 *
 * A batch starts on the next turn of the event loop after the first write is queued, so the writes whose requests
 * were already being handled join it; one write alone costs one extra turn and no savepoint. The work must use the
 * transaction it is given, never the outer `db` (on SQLite that would wait for the connection the batch holds).
 */
export function createCommitBatcher(db: Db, { maxBatch = 64 }: { maxBatch?: number } = {}) {
  const queue: Item[] = [];
  let scheduled = false;
  const stats = { batches: 0, writes: 0, largest: 0 };

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void drain());
  }

  async function drain() {
    const batch = queue.splice(0, maxBatch);
    stats.batches++;
    stats.writes += batch.length;
    stats.largest = Math.max(stats.largest, batch.length);
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      const trx = await db.startTransaction().execute();
      try {
        if (batch.length === 1) {
          results.push({ ok: true, value: await batch[0]!.work(trx) });
        } else {
          for (const item of batch) {
            const sp = await trx.savepoint('batch_item').execute();
            try {
              const value = await item.work(sp);
              await sp.releaseSavepoint('batch_item').execute();
              results.push({ ok: true, value });
            } catch (error) {
              await sp.rollbackToSavepoint('batch_item').execute();
              results.push({ ok: false, value: error });
            }
          }
        }
        await trx.commit().execute();
      } catch (error) {
        // A failed commit may already have ended the transaction; the first error is the one to report.
        await trx
          .rollback()
          .execute()
          .catch(() => undefined);
        throw error;
      }
      batch.forEach((item, i) => {
        const r = results[i]!;
        if (r.ok) item.resolve(r.value);
        else item.reject(r.value);
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
    } finally {
      scheduled = false;
      if (queue.length > 0) schedule();
    }
  }

  return {
    /** Batches run, writes in them and the largest batch, since start (benchmarks and tests read these). */
    stats: () => ({ ...stats }),
    /** Runs `work` in the next group transaction; resolves with its result once that transaction has committed. */
    run<T>(work: (trx: BatchTrx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
  };
}

export type CommitBatcher = ReturnType<typeof createCommitBatcher>;
