import type { UnmaskedExport, UnmaskedExportCreate, UnmaskedExportKind } from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import { sql, type Selectable, type SqlBool } from 'kysely';
import type { AuditService } from '../../audit/index.ts';
import type { GridExportRequestsTable } from '../grid.tables.ts';
import type { createLedgerExcel } from './ledgers.excel.ts';

type Row = Selectable<GridExportRequestsTable>;

/** A request as its reader sees it: people by name, and whether it is the reader's own. */
const toExport = (r: Row, readerId: number): UnmaskedExport => ({
  id: r.id,
  kind: r.kind as UnmaskedExportKind,
  from: r.date_from,
  to: r.date_to,
  reason: r.reason,
  status: r.downloaded_at !== null ? 'downloaded' : r.approved_at !== null ? 'approved' : 'pending',
  requestedBy: r.requested_name,
  requestedAt: r.requested_at,
  approvedBy: r.approved_name,
  approvedAt: r.approved_at,
  downloadedAt: r.downloaded_at,
  mine: r.requested_by === readerId,
});

/**
 * Unmasked ledger exports (docs/security.md item 18): the ledgers' exports mask personal numbers for everyone; one
 * with them in full is asked for with a reason, approved by another user holding `pii:approve` in the requester's
 * area (never the requester), and downloaded once by the requester. Every step, refusals included, is audited.
 */
export function createUnmaskedExports(deps: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  excel: ReturnType<typeof createLedgerExcel>;
}) {
  const { db, clock, audit } = deps;
  const entry = (user: CurrentUser, action: string, id: number, ip: string | null) => ({
    actorId: user.id,
    actorName: user.username,
    action,
    objectType: 'grid_export_request',
    objectId: id,
    ip,
  });
  /** Paths hold only digits and slashes, so the prefix needs no LIKE escaping. */
  const inArea = (user: CurrentUser) => sql<SqlBool>`unit_path like ${user.unitPath + '%'}`;
  const byId = (id: number) => db.selectFrom('grid_export_requests').selectAll().where('id', '=', id);
  const refuse = async (user: CurrentUser, action: string, id: number, ip: string | null, key: string) => {
    await audit.record(db, { ...entry(user, action, id, ip), result: 'denied', newValue: { reason: key } });
    throw new AppError('forbidden', key);
  };

  return {
    async request(user: CurrentUser, body: UnmaskedExportCreate, ip: string | null) {
      const now = clock.now();
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('grid_export_requests')
          .values({
            kind: body.kind,
            date_from: body.kind === 'disputes' ? (body.from ?? null) : null,
            date_to: body.kind === 'disputes' ? (body.to ?? null) : null,
            reason: body.reason,
            requested_by: user.id,
            requested_name: user.displayName,
            unit_path: user.unitPath,
            requested_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          ...entry(user, 'grid.export_unmasked.request', row.id, ip),
          newValue: { role: user.role, kind: body.kind, from: body.from, to: body.to, reason: body.reason },
        });
        return row.id;
      });
      return toExport((await byId(id).executeTakeFirstOrThrow()) as Row, user.id);
    },

    /** One's own requests, and for an approver every request from its area; newest first. */
    async list(user: CurrentUser) {
      let q = db.selectFrom('grid_export_requests').selectAll();
      q = user.permissions.includes('pii:approve')
        ? q.where((eb) => eb.or([eb('requested_by', '=', user.id), inArea(user)]))
        : q.where('requested_by', '=', user.id);
      const rows = await q.orderBy('id', 'desc').limit(200).execute();
      return rows.map((r) => toExport(r as Row, user.id));
    },

    async approve(user: CurrentUser, id: number, ip: string | null) {
      const row = (await byId(id).where(inArea(user)).executeTakeFirst()) as Row | undefined;
      if (!row) throw notFound();
      if (row.requested_by === user.id) {
        return refuse(user, 'grid.export_unmasked.approve', id, ip, 'grid.export.own_request');
      }
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('grid_export_requests')
          .set({ approved_by: user.id, approved_name: user.displayName, approved_at: now })
          .where('id', '=', id)
          .where('approved_at', 'is', null)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'grid.export.already_approved');
        await audit.record(trx, {
          ...entry(user, 'grid.export_unmasked.approve', id, ip),
          newValue: { role: user.role, requestedBy: row.requested_name },
        });
      });
      return toExport((await byId(id).executeTakeFirstOrThrow()) as Row, user.id);
    },

    /** The approved file, once, to the requester; the approval is used up before the file is made. */
    async download(user: CurrentUser, id: number, ip: string | null) {
      const row = (await byId(id).where('requested_by', '=', user.id).executeTakeFirst()) as Row | undefined;
      if (!row) throw notFound();
      const action = 'grid.export_unmasked.download';
      if (row.approved_at === null) return refuse(user, action, id, ip, 'grid.export.not_approved');
      if (row.downloaded_at !== null) return refuse(user, action, id, ip, 'grid.export.already_downloaded');
      const res = await db
        .updateTable('grid_export_requests')
        .set({ downloaded_at: clock.now() })
        .where('id', '=', id)
        .where('downloaded_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1)
        return refuse(user, action, id, ip, 'grid.export.already_downloaded');
      const unmasked = { requestId: id, approvedBy: row.approved_name };
      // The export's own audit row (rows, filter) says it was unmasked and under which approval.
      return row.kind === 'disputes'
        ? deps.excel.exportDisputes(user, row.date_from ?? undefined, row.date_to ?? undefined, ip, unmasked)
        : deps.excel.exportRisks(user, ip, unmasked);
    },
  };
}

export type UnmaskedExports = ReturnType<typeof createUnmaskedExports>;
