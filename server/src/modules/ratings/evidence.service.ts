import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.ts';
import { pathUnder } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import type { RatingsService } from './ratings.service.ts';

const MB = 1024 * 1024;
export const EVIDENCE_MAX_BYTES = 20 * MB;

/** What may be uploaded, decided by the bytes (never the name or the declared type), and the size limit of each. */
const ALLOWED: Record<string, { max: number }> = {
  'image/jpeg': { max: 10 * MB },
  'image/png': { max: 10 * MB },
  'image/webp': { max: 10 * MB },
  'image/heic': { max: 10 * MB },
  'image/heif': { max: 10 * MB },
  'application/pdf': { max: EVIDENCE_MAX_BYTES },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { max: EVIDENCE_MAX_BYTES },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { max: EVIDENCE_MAX_BYTES },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { max: EVIDENCE_MAX_BYTES },
  // Legacy .doc/.xls/.ppt are OLE compound files.
  'application/x-cfb': { max: EVIDENCE_MAX_BYTES },
};

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A small solid-colour PNG drawn here, so the demo's evidence rows point at a real file (illustrative). */
function demoPng(width = 64, height = 48): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = 200;
      raw[o + 1] = 40 + Math.floor((y / height) * 60);
      raw[o + 2] = 40;
    }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const demoBody = demoPng();
export const DEMO_EVIDENCE = {
  body: demoBody,
  sha256: createHash('sha256').update(demoBody).digest('hex'),
  mime: 'image/png',
  ext: 'png',
};

/**
 * Evidence files: stored once by content hash under the evidence folder (`<dir>/<ab>/<sha256>`), typed by
 * content, listed on the indicator, and served only to callers whose scope holds the branch.
 */
export function createEvidenceService({
  db,
  audit,
  clock,
  dir,
  ratings,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  dir: string;
  ratings: RatingsService;
}) {
  const fileOf = (sha: string) => join(dir, sha.slice(0, 2), sha);
  function store(sha: string, body: Buffer) {
    const path = fileOf(sha);
    if (existsSync(path)) return;
    mkdirSync(join(dir, sha.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, body);
    renameSync(tmp, path);
  }
  store(DEMO_EVIDENCE.sha256, DEMO_EVIDENCE.body);

  return {
    async upload(
      user: CurrentUser,
      appId: number,
      indicator: string,
      name: string,
      body: Buffer,
      ip: string,
    ) {
      if (!Buffer.isBuffer(body) || body.length === 0) throw invalidField('body', 'ratings.file_empty');
      const type = await fileTypeFromBuffer(body);
      const rule = type ? ALLOWED[type.mime] : undefined;
      if (!type || !rule) throw new AppError('unsupported_media_type', 'ratings.file_type');
      if (body.length > rule.max) throw new AppError('payload_too_large', 'ratings.file_too_large');
      const sha = createHash('sha256').update(body).digest('hex');
      return db.transaction().execute(async (trx) => {
        const app = await ratings.appRow(trx, user, appId);
        if (app.status !== 'draft' && app.status !== 'returned') throw conflict('ratings.locked');
        const result = await trx
          .selectFrom('indicator_results')
          .select(['review'])
          .where('application_id', '=', appId)
          .where('code', '=', indicator)
          .executeTakeFirst();
        if (!result) throw invalidField('indicator', 'ratings.unknown_indicator');
        if (result.review === 'accepted') throw conflict('ratings.locked');
        store(sha, body);
        const safeName = name.replace(/[\\/\r\n\t"]/g, '_').slice(0, 120) || `evidence.${type.ext}`;
        const row = await trx
          .insertInto('evidence_files')
          .values({
            application_id: appId,
            indicator_code: indicator,
            org_unit_id: app.org_unit_id,
            unit_path: app.unit_path,
            sha256: sha,
            mime: type.mime,
            ext: type.ext,
            size: body.length,
            name: safeName,
            uploaded_by: user.id,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (result.review !== 'pending' || app.status === 'returned')
          await trx
            .updateTable('indicator_results')
            .set({ changed_since_review: 1 })
            .where('application_id', '=', appId)
            .where('code', '=', indicator)
            .execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.evidence_upload',
          objectType: 'star_application',
          objectId: appId,
          newValue: { fileId: row.id, indicator, sha256: sha, mime: type.mime, size: body.length },
          ip,
        });
        return { id: row.id, name: safeName, mime: type.mime, size: body.length, createdAt: clock.now() };
      });
    },

    async read(user: CurrentUser, id: number) {
      const row = await db
        .selectFrom('evidence_files')
        .selectAll()
        .where('id', '=', id)
        .where(pathUnder('unit_path', user.unitPath))
        .executeTakeFirst();
      if (!row) throw notFound();
      const path = fileOf(row.sha256);
      if (!existsSync(path)) throw notFound();
      return { name: row.name, mime: row.mime, body: readFileSync(path) };
    },
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
