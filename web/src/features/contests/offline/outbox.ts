import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { contestsContract, type ScoreSubmit } from '@fivestar/common';
import { ApiError, call } from '../../../api/client';

/**
 * The judge's phone queue, on the grid reports' scheme: every sheet is written to IndexedDB first (with its photos),
 * shown in a visible queue and sent when the network allows, each with one Idempotency-Key for its whole life — so
 * however often a flaky connection makes the phone retry, the server stores the sheet once (a replay answers 200
 * with the first). Photos are uploaded first and their server ids kept on the item, so a retry does not upload them
 * again. (The grid's outbox is typed to event reports; this one to sheets, with the same steps.)
 */
export type SheetState = 'pending' | 'sending' | 'sent' | 'failed';

export interface QueuedPhoto {
  code: string;
  /** JPEG bytes, base64 (emptied once uploaded). */
  data: string;
  serverId?: number;
}

export interface QueuedSheet {
  localId: string;
  idempotencyKey: string;
  roundId: number;
  unitName: string;
  body: ScoreSubmit;
  photos: QueuedPhoto[];
  state: SheetState;
  attempts: number;
  createdAt: number;
  sentAt?: number;
  sheetId?: number;
  /** The server answered a replay (200): the sheet had already arrived once. */
  replayed?: boolean;
  error?: string;
  username: string;
}

interface QueueDb extends DBSchema {
  sheets: { key: string; value: QueuedSheet; indexes: { byUser: string } };
}

let dbPromise: Promise<IDBPDatabase<QueueDb>> | null = null;
function db() {
  dbPromise ??= openDB<QueueDb>('fivestar-contests', 1, {
    upgrade(d) {
      d.createObjectStore('sheets', { keyPath: 'localId' }).createIndex('byUser', 'username');
    },
  });
  return dbPromise;
}

const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());
export function subscribeSheets(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function listSheets(username: string): Promise<QueuedSheet[]> {
  const items = await (await db()).getAllFromIndex('sheets', 'byUser', username);
  return items.sort((a, b) => b.createdAt - a.createdAt);
}

const newId = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

async function save(item: QueuedSheet) {
  await (await db()).put('sheets', item);
  emit();
}

export async function enqueueSheet(
  username: string,
  input: { roundId: number; unitName: string; body: ScoreSubmit; photos: QueuedPhoto[] },
): Promise<QueuedSheet> {
  const item: QueuedSheet = {
    localId: newId(),
    idempotencyKey: `sheet-${newId()}`,
    ...input,
    state: 'pending',
    attempts: 0,
    createdAt: Date.now(),
    username,
  };
  await save(item);
  return item;
}

export async function removeSheet(localId: string): Promise<void> {
  await (await db()).delete('sheets', localId);
  emit();
}

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

let syncing = false;

/** Sends every unsent sheet of this user, oldest first; stops at the first network failure. Safe to call often. */
export async function syncSheets(username: string): Promise<void> {
  if (syncing) return;
  syncing = true;
  try {
    const items = (await listSheets(username))
      .filter((i) => i.state === 'pending' || i.state === 'sending')
      .reverse();
    for (const item of items) {
      if (typeof navigator !== 'undefined' && navigator.onLine === false) break;
      item.state = 'sending';
      item.attempts += 1;
      await save(item);
      try {
        for (const photo of item.photos) {
          if (photo.serverId) continue;
          const up = await call(contestsContract.routes.uploadPhoto, {
            params: { id: item.roundId },
            body: fromBase64(photo.data),
          });
          photo.serverId = up.id;
          photo.data = '';
          await save(item);
        }
        const body = {
          ...item.body,
          criteria: item.body.criteria.map((c) => ({
            ...c,
            photoId: item.photos.find((p) => p.code === c.code)?.serverId ?? null,
          })),
        };
        const sheet = await call(contestsContract.routes.score, {
          params: { id: item.roundId },
          body,
          headers: { 'idempotency-key': item.idempotencyKey },
        });
        item.state = 'sent';
        item.sentAt = Date.now();
        item.sheetId = sheet.id;
        item.error = undefined;
        await save(item);
      } catch (err) {
        const network = err instanceof ApiError && (err.status === 0 || err.status >= 500);
        item.state = network ? 'pending' : 'failed';
        item.error = err instanceof Error ? err.message : String(err);
        await save(item);
        if (network) break;
      }
    }
  } finally {
    syncing = false;
  }
}
