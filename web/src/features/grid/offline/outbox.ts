import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AttachmentType, EventCreate, gridContract } from '@fivestar/common';
import { gridReportAddresses } from '@fivestar/common/grid/addresses';
import { ApiError, call } from '../../../api/client';
import { session } from '../../../api/session';

/**
 * The contract's report routes by method and path only (the types are the contract's): the phone's report form
 * loads this module on a first visit, and the contract would bring its schemas and the schema library with it.
 */
export const reportRoutes = gridReportAddresses as unknown as Pick<
  (typeof gridContract)['routes'],
  'types' | 'uploadPhoto' | 'report'
>;

/**
 * The phone's outbox: every report is written to IndexedDB first (with its photos), shown in a visible queue,
 * and sent when the network allows. Each item carries one Idempotency-Key for its whole life, so however often a
 * flaky connection makes us retry, the server stores the report once. Photos are uploaded before the report and
 * their server ids kept on the item, so a retry does not upload them again.
 */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed';

export interface OutboxPhoto {
  contentType: AttachmentType;
  /** base64 */
  data: string;
  serverId?: number;
}

export interface OutboxItem {
  localId: string;
  idempotencyKey: string;
  body: Omit<EventCreate, 'photoIds'>;
  photos: OutboxPhoto[];
  state: OutboxState;
  attempts: number;
  createdAt: number;
  sentAt?: number;
  eventId?: number;
  eventCode?: string;
  /** Codes of possible duplicates the server pointed out when it stored the report. */
  duplicateCodes?: string[];
  error?: string;
  /** The signed-in user who wrote it; another user on the same phone does not send it. */
  username: string;
}

interface OutboxDb extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { byUser: string } };
}

let dbPromise: Promise<IDBPDatabase<OutboxDb>> | null = null;
function db() {
  dbPromise ??= openDB<OutboxDb>('fivestar-grid', 1, {
    upgrade(d) {
      const store = d.createObjectStore('outbox', { keyPath: 'localId' });
      store.createIndex('byUser', 'username');
    },
  });
  return dbPromise;
}

const listeners = new Set<() => void>();
function emit() {
  for (const l of listeners) l();
}
export function subscribeOutbox(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function listOutbox(username: string): Promise<OutboxItem[]> {
  const items = await (await db()).getAllFromIndex('outbox', 'byUser', username);
  return items.sort((a, b) => b.createdAt - a.createdAt);
}

function newId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export async function enqueue(
  username: string,
  body: Omit<EventCreate, 'photoIds'>,
  photos: OutboxPhoto[],
): Promise<OutboxItem> {
  const item: OutboxItem = {
    localId: newId(),
    idempotencyKey: `rpt-${newId()}`,
    body,
    photos,
    state: 'pending',
    attempts: 0,
    createdAt: Date.now(),
    username,
  };
  await (await db()).put('outbox', item);
  emit();
  return item;
}

export async function removeItem(localId: string): Promise<void> {
  await (await db()).delete('outbox', localId);
  emit();
}

async function save(item: OutboxItem) {
  await (await db()).put('outbox', item);
  emit();
}

let syncing = false;

/** Sends every pending (or failed-by-network) item of this user, oldest first. Safe to call often. */
export async function syncOutbox(username: string): Promise<void> {
  if (syncing) return;
  syncing = true;
  try {
    const items = (await listOutbox(username)).filter((i) => i.state !== 'sent').reverse();
    // Opened offline: the user is the last known one and there is no CSRF token yet; ask the server first.
    if (items.length > 0) await session.fresh();
    if (session.isStale()) return;
    for (const item of items) {
      if (typeof navigator !== 'undefined' && navigator.onLine === false) break;
      item.state = 'sending';
      item.attempts += 1;
      await save(item);
      try {
        for (const photo of item.photos) {
          if (photo.serverId) continue;
          const uploaded = await call(reportRoutes.uploadPhoto, {
            body: { contentType: photo.contentType, data: photo.data },
          });
          photo.serverId = uploaded.id;
          await save(item);
        }
        const result = await call(reportRoutes.report, {
          body: { ...item.body, photoIds: item.photos.map((p) => p.serverId!) },
          headers: { 'idempotency-key': item.idempotencyKey },
        });
        item.state = 'sent';
        item.sentAt = Date.now();
        item.eventId = result.event.id;
        item.eventCode = result.event.code;
        item.duplicateCodes = result.duplicateHints.map((h) => h.code);
        item.error = undefined;
        // The photos are on the server now; keep the queue entry small.
        item.photos = item.photos.map((p) => ({ ...p, data: '' }));
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

/** Reads a picked photo, downsized to at most 1280 px as JPEG (keeps uploads under the server's limit). */
export async function readPhoto(file: File): Promise<OutboxPhoto> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 1280 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const dataUrl = canvas.toDataURL('image/jpeg', 0.72);
  return { contentType: 'image/jpeg', data: dataUrl.slice(dataUrl.indexOf(',') + 1) };
}
