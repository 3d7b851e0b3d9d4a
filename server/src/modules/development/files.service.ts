import { DEV_FILE_MAX_BYTES, REGISTRIES, type DevFile, type RegistryCode } from '@fivestar/common';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, invalidField, notFound } from '../../http/errors.ts';
import { documentRules, type FileStore } from '../../kernel/file-store.ts';
import { pathUnder, scopePrefix } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import { TABLE_OF } from './registry.map.ts';

/** What a record may carry, decided by the bytes (never the name or the declared type): the evidence's types, 10 MB each. */
const ALLOWED = documentRules(DEV_FILE_MAX_BYTES);

/**
 * The file store's area of registry files: the evidence area (`<FIVESTAR_FILES_DIR>/evidence/<ab>/<sha256>`) the
 * star ratings' evidence uses, so the backup copies (encrypted) what either lists.
 */
export const DEV_FILES_AREA = 'evidence';

/**
 * Files on registry records (the voucher of a collective income entry, a project's photos …): the bytes in the one
 * file store (kernel/file-store.ts), a row naming the record; every read of the list and of a file is scoped by the
 * record's path (out of the caller's area reads like missing), and uploads, downloads and deletions are audited.
 */
export function createDevFilesService({
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
  /** The record's village and path when it is in the caller's area and its registry keeps files. */
  async function recordInScope(q: DbOrTrx, user: CurrentUser, code: RegistryCode, id: number) {
    if (!REGISTRIES[code].files) throw new AppError('not_found', 'development.no_files');
    // Every registry table has these columns (the registry map's schema test checks them).
    const row = await (
      q as unknown as Kysely<Record<string, { id: number; org_unit_id: number; unit_path: string }>>
    )
      .selectFrom(TABLE_OF[code])
      .select(['org_unit_id', 'unit_path'])
      .where('id', '=', id)
      .where(pathUnder('unit_path', scopePrefix(user)))
      .executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  function fileInScope(q: DbOrTrx, user: CurrentUser, fileId: number) {
    return q
      .selectFrom('dev_files')
      .selectAll()
      .where('id', '=', fileId)
      .where(pathUnder('unit_path', scopePrefix(user)))
      .executeTakeFirst();
  }

  return {
    async list(user: CurrentUser, code: RegistryCode, id: number): Promise<DevFile[]> {
      await recordInScope(db, user, code, id);
      const rows = await db
        .selectFrom('dev_files as f')
        .leftJoin('users as u', 'u.id', 'f.uploaded_by')
        .select(['f.id', 'f.name', 'f.mime', 'f.size', 'f.created_at', 'u.display_name'])
        .where('f.registry', '=', code)
        .where('f.record_id', '=', id)
        .orderBy('f.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        mime: r.mime,
        size: Number(r.size),
        createdAt: Number(r.created_at),
        uploadedBy: r.display_name ?? null,
      }));
    },

    async upload(
      user: CurrentUser,
      code: RegistryCode,
      id: number,
      name: string,
      bytes: Uint8Array,
      ip: string,
    ): Promise<DevFile> {
      const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const type = await files.sniff(body, ALLOWED);
      if (!type.ok && type.reason === 'empty') throw invalidField('body', 'development.file_empty');
      if (!type.ok && type.reason === 'type')
        throw new AppError('unsupported_media_type', 'development.file_type');
      if (!type.ok) throw new AppError('payload_too_large', 'development.file_too_large');
      return db.transaction().execute(async (trx) => {
        const record = await recordInScope(trx, user, code, id);
        files.put(DEV_FILES_AREA, body);
        const safeName = name.replace(/[\\/\r\n\t"]/g, '_').slice(0, 120) || `file.${type.ext}`;
        const now = clock.now();
        const row = await trx
          .insertInto('dev_files')
          .values({
            registry: code,
            record_id: id,
            org_unit_id: record.org_unit_id,
            unit_path: record.unit_path,
            sha256: type.sha256,
            mime: type.mime,
            ext: type.ext,
            size: body.length,
            name: safeName,
            uploaded_by: user.id,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: `development.${code}.file_upload`,
          objectType: TABLE_OF[code],
          objectId: id,
          newValue: {
            fileId: row.id,
            name: safeName,
            sha256: type.sha256,
            mime: type.mime,
            size: body.length,
          },
          ip,
        });
        return {
          id: row.id,
          name: safeName,
          mime: type.mime,
          size: body.length,
          createdAt: now,
          uploadedBy: user.displayName ?? null,
        };
      });
    },

    /** A file's bytes for the caller (in their area, else 404); the read is audited like a write. */
    async read(user: CurrentUser, fileId: number, ip: string) {
      return db.transaction().execute(async (trx) => {
        const row = await fileInScope(trx, user, fileId);
        if (!row) throw notFound();
        const body = await files.read(DEV_FILES_AREA, row.sha256);
        if (!body) throw notFound();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: `development.${row.registry}.file_download`,
          objectType: 'dev_files',
          objectId: row.id,
          newValue: { recordId: row.record_id, name: row.name, sha256: row.sha256 },
          ip,
        });
        return { name: row.name, mime: row.mime, body };
      });
    },

    async remove(user: CurrentUser, fileId: number, ip: string) {
      await db.transaction().execute(async (trx) => {
        const row = await fileInScope(trx, user, fileId);
        if (!row) throw notFound();
        // The bytes stay in the store: another row may name the same content, and backups keep what they copied.
        await trx.deleteFrom('dev_files').where('id', '=', fileId).execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: `development.${row.registry}.file_delete`,
          objectType: TABLE_OF[row.registry as RegistryCode] ?? 'dev_files',
          objectId: row.record_id,
          oldValue: {
            fileId: row.id,
            name: row.name,
            sha256: row.sha256,
            mime: row.mime,
            size: Number(row.size),
          },
          ip,
        });
      });
    },
  };
}

export type DevFilesService = ReturnType<typeof createDevFilesService>;
