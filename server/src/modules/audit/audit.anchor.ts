import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeDurably } from '../../files/durable.ts';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * The audit anchor: the chain's newest row (id and hash) and the row count, keyed with the audit key and kept
 * OUTSIDE the database — in `<data dir>/audit.anchor` beside the instance secret, and in every backup manifest.
 * The hash chain alone cannot see rows cut from its end (what is left still links up); the anchor can: the row it
 * names must still be there with the same hash, and the table must hold at least as many rows.
 */
export interface AuditAnchor {
  rows: number;
  lastId: number;
  head: string;
  at: number;
  mac: string;
}

type Tail = Omit<AuditAnchor, 'mac' | 'at'>;

const macOf = (key: Buffer, t: Tail & { at: number }) =>
  createHmac('sha256', key).update(`audit-anchor|${t.rows}|${t.lastId}|${t.head}|${t.at}`).digest('hex');

/** The committed tail of the chain: count, newest id and its hash. */
export async function auditTail(db: Db): Promise<Tail> {
  const count = await db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  const last = await db
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { rows: Number(count.n), lastId: last?.id ?? 0, head: last?.hash ?? '' };
}

export async function makeAnchor(db: Db, key: Buffer, at: number): Promise<AuditAnchor> {
  const tail = await auditTail(db);
  return { ...tail, at, mac: macOf(key, { ...tail, at }) };
}

/** Checks the database against an anchor; the reason names what is wrong. */
export async function checkAnchor(
  db: Db,
  key: Buffer,
  anchor: AuditAnchor,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const expected = Buffer.from(macOf(key, anchor), 'hex');
  const given = Buffer.from(String(anchor.mac), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'the anchor is not signed with this instance’s key' };
  }
  if (anchor.lastId > 0) {
    const row = await db
      .selectFrom('audit_log')
      .select('hash')
      .where('id', '=', anchor.lastId)
      .executeTakeFirst();
    if (!row) return { ok: false, reason: `row ${anchor.lastId} named by the anchor is missing (tail cut)` };
    if (row.hash !== anchor.head)
      return { ok: false, reason: `row ${anchor.lastId} differs from the anchor` };
  }
  const { rows } = await auditTail(db);
  if (rows < anchor.rows) {
    return { ok: false, reason: `${anchor.rows - rows} of the ${anchor.rows} anchored rows are missing` };
  }
  return { ok: true };
}

export function readAnchorFile(file: string): AuditAnchor | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as AuditAnchor;
}

/** Written to a temporary file, synced and renamed (files/durable.ts): after a crash or a power cut the anchor is
 * the old one or the new one, never empty; mode 0600 like the secret. */
export function writeAnchorFile(file: string, anchor: AuditAnchor) {
  writeDurably(file, JSON.stringify(anchor) + '\n');
}

/**
 * Keeps the anchor file current for a running process: after audit rows are written it re-reads the committed tail
 * (within `delayMs`, once per burst) and rewrites the file. `flush()` writes now (shutdown, tests, the CLI).
 * After a failed start-up check the keeper is never created, so a cut tail is not papered over.
 */
export function createAnchorKeeper({
  db,
  key,
  file,
  now,
  delayMs = 1000,
}: {
  db: Db;
  key: Buffer;
  file: string;
  now: () => number;
  delayMs?: number;
}) {
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    writing = writing.then(async () => writeAnchorFile(file, await makeAnchor(db, key, now())));
    await writing;
  };
  return {
    flush,
    touch() {
      if (timer) return;
      timer = setTimeout(() => void flush().catch(() => undefined), delayMs);
      timer.unref();
    },
  };
}

export type AnchorKeeper = ReturnType<typeof createAnchorKeeper>;

/**
 * Start-up: the database must match the anchor beside the secret. On a mismatch the server REFUSES to start (an
 * audit trail cut while the server was down must be looked at by a person, not written over by the next rows),
 * unless the operator sets FIVESTAR_AUDIT_ANCHOR_OVERRIDE=accept — then it starts, records `audit.anchor_reset`
 * (what the anchor said, what the table holds) and re-anchors. A missing anchor (first start, an upgrade) is written.
 */
export async function checkAuditAnchorAtStart(options: {
  db: Db;
  key: Buffer;
  file: string;
  now: number;
  override: boolean;
  record: (entry: { action: string; oldValue: unknown; newValue: unknown; result: 'fail' }) => Promise<void>;
}): Promise<{ status: 'created' | 'ok' | 'overridden' }> {
  const anchor = readAnchorFile(options.file);
  if (anchor) {
    const checked = await checkAnchor(options.db, options.key, anchor);
    if (!checked.ok) {
      if (!options.override) {
        throw new Error(
          `audit anchor mismatch: ${checked.reason}. The audit log may have been cut. ` +
            'Investigate; to start anyway (recorded in the audit log) set FIVESTAR_AUDIT_ANCHOR_OVERRIDE=accept.',
        );
      }
      await options.record({
        action: 'audit.anchor_reset',
        oldValue: { rows: anchor.rows, lastId: anchor.lastId, reason: checked.reason },
        newValue: await auditTail(options.db).then((t) => ({ rows: t.rows, lastId: t.lastId })),
        result: 'fail',
      });
      writeAnchorFile(options.file, await makeAnchor(options.db, options.key, options.now));
      return { status: 'overridden' };
    }
  }
  writeAnchorFile(options.file, await makeAnchor(options.db, options.key, options.now));
  return { status: anchor ? 'ok' : 'created' };
}
