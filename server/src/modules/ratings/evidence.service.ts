import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EDITABLE_STATUSES, EVIDENCE_MAX_BYTES } from '@fivestar/common';
import { fileTypeFromBuffer } from 'file-type';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.ts';
import type { AuditService } from '../audit/index.ts';
import { flagResultChanged, resultOf } from './applications.repository.ts';
import type { ApplicationsService } from './applications.service.ts';
import { DEMO_EVIDENCE } from './demo/demo-evidence.ts';
import { findEvidenceFile, insertEvidenceFile } from './evidence.repository.ts';

const MB = 1024 * 1024;

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

/**
 * Evidence files: stored once by content hash under the evidence folder (`<dir>/<ab>/<sha256>`), typed by
 * content, listed on the indicator, and served only to callers whose scope holds the branch.
 */
export function createEvidenceService({
  db,
  audit,
  clock,
  dir,
  applications,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  dir: string;
  applications: ApplicationsService;
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
      bytes: Uint8Array,
      ip: string,
    ) {
      const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (body.length === 0) throw invalidField('body', 'ratings.file_empty');
      const type = await fileTypeFromBuffer(body);
      const rule = type ? ALLOWED[type.mime] : undefined;
      if (!type || !rule) throw new AppError('unsupported_media_type', 'ratings.file_type');
      if (body.length > rule.max) throw new AppError('payload_too_large', 'ratings.file_too_large');
      const sha = createHash('sha256').update(body).digest('hex');
      return db.transaction().execute(async (trx) => {
        const app = await applications.inScope(trx, user, appId);
        if (!EDITABLE_STATUSES.includes(app.status)) throw conflict('ratings.locked');
        const result = await resultOf(trx, appId, indicator);
        if (!result) throw invalidField('indicator', 'ratings.unknown_indicator');
        if (result.review === 'accepted') throw conflict('ratings.locked');
        store(sha, body);
        const safeName = name.replace(/[\\/\r\n\t"]/g, '_').slice(0, 120) || `evidence.${type.ext}`;
        const id = await insertEvidenceFile(trx, {
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
        });
        if (result.review !== 'pending' || app.status === 'returned')
          await flagResultChanged(trx, appId, indicator);
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.evidence_upload',
          objectType: 'star_application',
          objectId: appId,
          newValue: { fileId: id, indicator, sha256: sha, mime: type.mime, size: body.length },
          ip,
        });
        return { id, name: safeName, mime: type.mime, size: body.length, createdAt: clock.now() };
      });
    },

    async read(user: CurrentUser, id: number) {
      const row = await findEvidenceFile(db, id, user.unitPath);
      if (!row) throw notFound();
      const path = fileOf(row.sha256);
      if (!existsSync(path)) throw notFound();
      return { name: row.name, mime: row.mime, body: readFileSync(path) };
    },
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
