import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdirDurably, writeDurably } from '../files/durable.ts';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyReply } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { INLINE_FILE_TYPES } from '@fivestar/common';

/**
 * THE store of uploaded files, one root for every module (FIVESTAR_FILES_DIR; a shared mount when several server
 * processes serve one PostgreSQL). A file lives once by content hash under its area: `<root>/<area>/<ab>/<sha256>`.
 *
 * - Types are decided by the bytes (`file-type`), never by the name or the declared type; each caller names the
 *   types it accepts and their size limits.
 * - Writes are atomic and durable (files/durable.ts): a temporary file in the same folder, fsynced, renamed, the
 *   folder fsynced — a reader in any process sees the whole file or none, and an upload answered 201 survives a
 *   power cut.
 * - Served with the sniffed type, `X-Content-Type-Options: nosniff`, a sandboxing CSP, and as an attachment unless
 *   it is an image or a PDF that a page previews in place.
 */

export interface FileRule {
  /** Largest size in bytes. */
  max: number;
}
/** Accepted types by sniffed MIME type. */
export type FileRules = Readonly<Record<string, FileRule>>;

export type Sniffed =
  | { ok: true; mime: string; ext: string; sha256: string }
  | { ok: false; reason: 'empty' | 'type' | 'too_large' };

const MB = 1024 * 1024;

/**
 * What counts as a document (a rating's evidence, a registry record's voucher), decided by the bytes: photos up to
 * 10 MB, PDF and Office files up to `documentMax`. Legacy .doc/.xls/.ppt are OLE compound files.
 */
export function documentRules(documentMax: number): FileRules {
  const doc = { max: documentMax };
  return {
    'image/jpeg': { max: 10 * MB },
    'image/png': { max: 10 * MB },
    'image/webp': { max: 10 * MB },
    'image/heic': { max: 10 * MB },
    'image/heif': { max: 10 * MB },
    'application/pdf': doc,
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': doc,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': doc,
    'application/vnd.openxmlformats-officedocument.presentationml.presentation': doc,
    'application/x-cfb': doc,
  };
}

const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/**
 * The image is one whole image and nothing after it: a JPEG ends with its end-of-image marker, a PNG with its IEND
 * chunk, a WebP's RIFF length covers exactly the file. A photo re-encoded by the phone always passes; a file that
 * starts like an image and carries something else after it (an HTML page behind a JPEG header) does not.
 */
export function isWholeImage(mime: string, body: Buffer): boolean {
  if (mime === 'image/jpeg')
    return body.length > 4 && body[body.length - 2] === 0xff && body[body.length - 1] === 0xd9;
  if (mime === 'image/png')
    return body.length > PNG_END.length && body.subarray(-PNG_END.length).equals(PNG_END);
  if (mime === 'image/webp') return body.length >= 12 && body.readUInt32LE(4) + 8 === body.length;
  return false;
}

export interface FileStore {
  /** The root folder (absolute). */
  root: string;
  /** Decides a file's type by its bytes against the caller's rules; with `wholeImages`, images must pass isWholeImage. */
  sniff(body: Buffer, rules: FileRules, options?: { wholeImages?: boolean }): Promise<Sniffed>;
  /** Stores the bytes under `area` (once per content) and returns their hash. */
  put(area: string, body: Buffer): string;
  /** The bytes of a stored file, or null when the store does not hold it. */
  read(area: string, sha256: string): Promise<Buffer | null>;
  /** Where a stored file lives (backup reads the evidence area). */
  pathOf(area: string, sha256: string): string;
}

const AREA = /^[a-z][a-z0-9-]*$/;
const SHA = /^[0-9a-f]{64}$/;

export function createFileStore(rootDir: string): FileStore {
  const root = resolve(rootDir);
  const pathOf = (area: string, sha256: string) => {
    if (!AREA.test(area) || !SHA.test(sha256)) throw new Error(`bad file reference ${area}/${sha256}`);
    return join(root, area, sha256.slice(0, 2), sha256);
  };
  return {
    root,
    pathOf,

    async sniff(body, rules, options = {}) {
      if (body.length === 0) return { ok: false, reason: 'empty' };
      const type = await fileTypeFromBuffer(body);
      const rule = type ? rules[type.mime] : undefined;
      if (!type || !rule) return { ok: false, reason: 'type' };
      if (options.wholeImages && type.mime.startsWith('image/') && !isWholeImage(type.mime, body))
        return { ok: false, reason: 'type' };
      if (body.length > rule.max) return { ok: false, reason: 'too_large' };
      return {
        ok: true,
        mime: type.mime,
        ext: type.ext,
        sha256: createHash('sha256').update(body).digest('hex'),
      };
    },

    put(area, body) {
      const sha256 = createHash('sha256').update(body).digest('hex');
      const path = pathOf(area, sha256);
      if (existsSync(path)) return sha256;
      mkdirDurably(join(root, area, sha256.slice(0, 2)));
      writeDurably(path, body);
      return sha256;
    },

    async read(area, sha256) {
      try {
        return await readFile(pathOf(area, sha256));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}

/**
 * The headers of a stored file's answer: its sniffed type, never re-sniffed by the browser, no script even if a
 * browser renders it, never cached (files may show people), in place only for previewable images and PDFs.
 */
export function fileHeaders(
  reply: FastifyReply,
  file: { mime: string; name?: string },
  options: { download?: boolean } = {},
) {
  const inline = !options.download && INLINE_FILE_TYPES.includes(file.mime);
  const name = file.name ? `; filename*=UTF-8''${encodeURIComponent(file.name)}` : '';
  // A sandboxed PDF is refused by Chromium's viewer; a PDF keeps the app's CSP (no script from elsewhere).
  if (file.mime !== 'application/pdf') reply.header('content-security-policy', "default-src 'none'; sandbox");
  return reply
    .header('content-type', file.mime)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}${name}`);
}
