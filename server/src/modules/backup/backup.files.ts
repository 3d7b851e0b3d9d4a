import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditAnchor } from '../audit/index.ts';
import { writeDurably } from '../../files/durable.ts';

/**
 * File plumbing for backups: names that carry the UTC time, the encrypted evidence store (written with
 * files/durable.ts) and the list of finished copies. No database code here.
 */

/** A copy's base name: `fivestar-20261129-055400Z` (UTC). Sorting names sorts copies by time. */
export function backupName(at: number): string {
  const iso = new Date(at).toISOString(); // 2026-11-29T05:54:00.123Z
  return `fivestar-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}Z`;
}

const NAME_RE = /^fivestar-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})Z(?:-\d+)?$/;

/** The UTC time a copy's name carries, or null for a name that is not ours. */
export function timeOfName(name: string): number | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// ---------------------------------------------------------------------------------------------------------------
// Evidence store: `<backup dir>/evidence/<ab>/<sha256>.enc`, shared by every copy (a file is stored once), each
// file AES-256-GCM encrypted with a key derived from the instance secret. Uploads are arbitrary scans and photos
// (a sign-in sheet, a 低保 roster) that may carry ID numbers and phones in clear, so they never leave the host in
// clear; the database copy needs no such layer because its ID numbers and phones are already field-encrypted.
// ---------------------------------------------------------------------------------------------------------------

const MAGIC = Buffer.from('FSEV1\n');

export function evidenceKey(piiKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', piiKey, 'fivestar', 'backup-evidence', 32));
}

export function encryptBlob(key: Buffer, plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

export function decryptBlob(key: Buffer, stored: Buffer): Buffer {
  if (!stored.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an encrypted evidence file');
  const at = MAGIC.length;
  const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(at, at + 12));
  decipher.setAuthTag(stored.subarray(at + 12, at + 28));
  return Buffer.concat([decipher.update(stored.subarray(at + 28)), decipher.final()]);
}

export const evidenceSource = (dataEvidenceDir: string, sha: string) =>
  join(dataEvidenceDir, sha.slice(0, 2), sha);
export const evidenceBlob = (backupDir: string, sha: string) =>
  join(backupDir, 'evidence', sha.slice(0, 2), `${sha}.enc`);

/** An evidence file's bytes (after `decode`) when they are there and hash to their name; else null. */
export async function readEvidence(
  path: string,
  sha: string,
  decode: (stored: Buffer) => Buffer = (b) => b,
): Promise<Buffer | null> {
  let body: Buffer;
  try {
    body = decode(await readFile(path));
  } catch {
    return null;
  }
  return createHash('sha256').update(body).digest('hex') === sha ? body : null;
}

/** Copies the listed evidence files into the store (those not there yet). Missing or damaged sources are listed. */
export async function storeEvidence(opts: {
  shas: string[];
  sourceDir: string;
  backupDir: string;
  key: Buffer;
}): Promise<{ added: number; bytes: number; missing: string[] }> {
  let added = 0;
  let bytes = 0;
  const missing: string[] = [];
  for (const sha of opts.shas) {
    const target = evidenceBlob(opts.backupDir, sha);
    if (existsSync(target)) continue;
    const body = await readEvidence(evidenceSource(opts.sourceDir, sha), sha);
    if (!body) {
      missing.push(sha);
      continue;
    }
    const folder = join(opts.backupDir, 'evidence', sha.slice(0, 2));
    mkdirSync(folder, { recursive: true });
    writeDurably(join(folder, `${sha}.enc`), encryptBlob(opts.key, body));
    added++;
    bytes += body.length;
  }
  return { added, bytes, missing };
}

// ---------------------------------------------------------------------------------------------------------------
// Manifests: `<name>.json` beside `<name>.db` (or `.pgdump`), written last — a copy without its manifest is not
// finished and is neither listed nor restored.
// ---------------------------------------------------------------------------------------------------------------

export interface Manifest {
  format: 'fivestar-backup/1';
  kind: 'sqlite' | 'postgres';
  name: string;
  file: string;
  createdAt: string;
  durationMs: number;
  bytes: number;
  sha256: string;
  by: string;
  host: string;
  integrity: 'ok' | 'pg_restore --list ok' | 'not checked';
  /** `anchor`: the chain's newest row and count in the copy, keyed (issue 13 item 5); restore checks against it. */
  audit: { ok: boolean; rows: number; anchor?: AuditAnchor };
  counts: Record<string, number>;
  evidence: { files: string[]; missing: string[] };
}

const manifestNames = (files: string[]) =>
  files
    .filter((f) => f.endsWith('.json') && timeOfName(f.slice(0, -5)) !== null)
    .map((f) => f.slice(0, -5))
    .sort();

export function listManifests(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return manifestNames(readdirSync(dir));
}

/** The same, without blocking the event loop (the backup folder may be a slow network share). */
export async function listManifestsAsync(dir: string): Promise<string[]> {
  try {
    return manifestNames(await readdir(dir));
  } catch {
    return [];
  }
}

export function readManifest(dir: string, name: string): Manifest {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Manifest;
}

/** Keeps the newest `keep` copies; removes older ones and evidence no kept copy lists. Returns removed names. */
export function prune(dir: string, keep: number): string[] {
  const names = listManifests(dir);
  const drop = names.slice(0, Math.max(0, names.length - keep));
  const filesOf = (name: string): Manifest | null => {
    try {
      return readManifest(dir, name);
    } catch {
      return null; // unreadable manifest: drop what its name points at, keep going
    }
  };
  for (const name of drop) {
    const m = filesOf(name);
    rmSync(join(dir, `${name}.json`), { force: true });
    for (const ext of ['db', 'pgdump']) rmSync(join(dir, m?.file ?? `${name}.${ext}`), { force: true });
  }
  if (drop.length > 0) {
    const kept = new Set(names.slice(drop.length).flatMap((n) => filesOf(n)?.evidence.files ?? []));
    const store = join(dir, 'evidence');
    if (existsSync(store))
      for (const sub of readdirSync(store))
        for (const f of readdirSync(join(store, sub)))
          if (!kept.has(f.replace(/\.enc$/, ''))) rmSync(join(store, sub, f), { force: true });
  }
  return drop;
}

/** A lock file in the backup folder, so a timed run and a hand-started one never write at the same time. */
export function acquireLock(dir: string): () => void {
  const path = join(dir, '.backup.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8').trim());
      let alive = false;
      try {
        if (pid > 0) process.kill(pid, 0);
        alive = pid > 0;
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
      if (alive) throw new Error(`another backup is running (pid ${pid}; ${path})`);
      rmSync(path, { force: true }); // left by a run that died
    }
  }
  throw new Error(`could not take ${path}`);
}
