import type { DbOrTrx } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import type { AuditService } from '../../audit/index.ts';

/** One audited change to a grid record, made by a signed-in user. */
export interface Change {
  action: string;
  objectType: string;
  objectId: string | number;
  oldValue?: unknown;
  newValue?: unknown;
}

/** Records changes in the audit chain, in the transaction that makes them. */
export function changeRecorder(audit: AuditService) {
  return (trx: DbOrTrx, user: CurrentUser, change: Change, ip: string) =>
    audit.record(trx, {
      actorId: user.id,
      actorName: user.username,
      ...change,
      oldValue: change.oldValue ?? null,
      newValue: change.newValue ?? null,
      ip,
    });
}

export type RecordChange = ReturnType<typeof changeRecorder>;
