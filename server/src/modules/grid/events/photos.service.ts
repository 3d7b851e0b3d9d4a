import type { AttachmentType } from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { Db, DbOrTrx } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { invalidField, notFound } from '../../../http/errors.ts';
import type { FileRules, FileStore } from '../../../kernel/file-store.ts';
import type { AuditService } from '../../audit/index.ts';
import { findEvent } from './events.repository.ts';
import { attachPhotos, countUnusedOwn, insertPhoto, photoById } from './photos.repository.ts';

/** A phone downsizes photos before upload; anything larger is refused. */
const MAX_PHOTO_BYTES = 700 * 1024;

/** The photo types a report takes, by their bytes (kernel/file-store.ts sniffs them). */
const PHOTO_TYPES: FileRules = {
  'image/jpeg': { max: MAX_PHOTO_BYTES },
  'image/png': { max: MAX_PHOTO_BYTES },
  'image/webp': { max: MAX_PHOTO_BYTES },
};

/**
 * Report photos: uploaded first (checked, hashed, audited), then claimed by the report or workflow step that uses
 * them. A photo is seen by its uploader, or by anyone who may see the report it belongs to.
 */
export function createPhotos({
  db,
  audit,
  clock,
  files,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  files: FileStore;
}) {
  return {
    async upload(user: CurrentUser, input: { contentType: AttachmentType; data: string }, ip: string) {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(input.data)) throw invalidField('data', 'grid.photo_invalid');
      const bytes = Buffer.from(input.data, 'base64');
      if (bytes.length > MAX_PHOTO_BYTES) throw invalidField('data', 'grid.photo_too_large');
      // The bytes decide: a whole image of the declared type, nothing after it (a JPEG header followed by a page
      // is refused).
      const sniffed = await files.sniff(bytes, PHOTO_TYPES, { wholeImages: true });
      if (!sniffed.ok || sniffed.mime !== input.contentType) throw invalidField('data', 'grid.photo_invalid');
      const sha256 = sniffed.sha256;
      const photo = { contentType: input.contentType, size: bytes.length, sha256 };
      const id = await db.transaction().execute(async (trx) => {
        const id = await insertPhoto(trx, {
          uploader_id: user.id,
          org_unit_id: user.unitId,
          event_id: null,
          content_type: input.contentType,
          size: bytes.length,
          sha256,
          data: input.data,
          created_at: clock.now(),
        });
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'grid.attachment.upload',
          objectType: 'grid_attachment',
          objectId: id,
          newValue: photo,
          ip,
        });
        return id;
      });
      return { id, ...photo };
    },

    /** A photo the caller may see: their own upload, or one attached to a report in their scope. */
    async read(user: CurrentUser, id: number) {
      const row = await photoById(db, id);
      if (!row) throw notFound();
      const visible =
        row.event_id === null ? row.uploader_id === user.id : !!(await findEvent(db, user, row.event_id));
      if (!visible) throw notFound();
      return { contentType: row.content_type, bytes: Buffer.from(row.data, 'base64') };
    },

    /** Attaches photos the caller uploaded and has not used yet; anything else is a 400 on `field`. */
    async claim(trx: DbOrTrx, user: CurrentUser, ids: number[], eventId: number, field: string) {
      if (ids.length === 0) return;
      const unique = [...new Set(ids)];
      if ((await countUnusedOwn(trx, user.id, unique)) !== unique.length)
        throw invalidField(field, 'grid.photo_unknown');
      await attachPhotos(trx, unique, eventId);
    },
  };
}

export type Photos = ReturnType<typeof createPhotos>;
