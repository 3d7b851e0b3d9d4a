import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalidField } from './errors.ts';

/**
 * Optimistic concurrency (docs/security.md item 36). A record's edit version goes out as `ETag: "<n>"` with the
 * record; an edit may send it back as `If-Match`. When the record has moved on since, the edit answers 412 with who
 * changed it and when, and changes nothing. (The web client sends back the version it loaded by itself.)
 */
export function ifMatchOf(request: FastifyRequest): number | null {
  const raw = request.headers['if-match'];
  if (raw === undefined || raw === '*') return null;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(String(raw).trim());
  if (!m) throw invalidField('If-Match', 'stale.if_match');
  return Number(m[1]);
}

export function sendVersion(reply: FastifyReply, version: number) {
  reply.header('etag', `"${version}"`);
}

/** The last change of a record, as its audit row tells it. */
export interface LastChange {
  by: string;
  at: number;
}

/** 412 when `expected` (the If-Match) is given and is not the record's current version. */
export function assertVersion(expected: number | null, current: number, last: LastChange | null): void {
  if (expected === null || expected === current) return;
  throw new AppError('precondition_failed', last ? 'stale.changed_by' : 'stale', undefined, {
    by: last?.by ?? '',
    at: last ? new Date(last.at).toISOString() : '',
  });
}
