import { EDITABLE_STATUSES, EVIDENCE_MAX_BYTES } from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, invalidField, notFound } from '../../http/errors.ts';
import { documentRules, type FileStore } from '../../kernel/file-store.ts';
import type { AuditService } from '../audit/index.ts';
import { flagResultChanged, resultOf } from './applications.repository.ts';
import type { ApplicationsService } from './applications.service.ts';
import { DEMO_EVIDENCE } from './demo/demo-evidence.ts';
import { findEvidenceFile, insertEvidenceFile } from './evidence.repository.ts';

/** What may be uploaded, decided by the bytes (never the name or the declared type), and the size limit of each. */
const ALLOWED = documentRules(EVIDENCE_MAX_BYTES);

/** The file store's area of evidence files (`<FIVESTAR_FILES_DIR>/evidence/<ab>/<sha256>`; backup copies it). */
const AREA = 'evidence';

/**
 * Evidence files: stored once by content hash in the file store (kernel/file-store.ts), typed by content, listed on
 * the indicator, and served only to callers whose scope holds the branch.
 */
export function createEvidenceService({
  db,
  audit,
  clock,
  files,
  applications,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  files: FileStore;
  applications: ApplicationsService;
}) {
  files.put(AREA, DEMO_EVIDENCE.body);

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
      const type = await files.sniff(body, ALLOWED);
      if (!type.ok && type.reason === 'empty') throw invalidField('body', 'ratings.file_empty');
      if (!type.ok && type.reason === 'type')
        throw new AppError('unsupported_media_type', 'ratings.file_type');
      if (!type.ok) throw new AppError('payload_too_large', 'ratings.file_too_large');
      const sha = type.sha256;
      return db.transaction().execute(async (trx) => {
        const app = await applications.inScope(trx, user, appId);
        if (!EDITABLE_STATUSES.includes(app.status)) throw conflict('ratings.locked');
        const result = await resultOf(trx, appId, indicator);
        if (!result) throw invalidField('indicator', 'ratings.unknown_indicator');
        if (result.review === 'accepted') throw conflict('ratings.locked');
        files.put(AREA, body);
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
      const body = await files.read(AREA, row.sha256);
      if (!body) throw notFound();
      return { name: row.name, mime: row.mime, body };
    },
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
