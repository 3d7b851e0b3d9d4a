import type { EventStatus } from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { DbOrTrx } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import type { AuditService } from '../../audit/index.ts';
import { insertLogRow, type LogRow } from './events.repository.ts';

interface LogEntry {
  /** The workflow action, `mediation.<step>`, `merge` or `report`. */
  action: string;
  from: EventStatus | null;
  to: EventStatus | null;
  reason?: string | null;
  attachmentIds?: number[];
  detail?: unknown;
}

/**
 * Every step of a report is written twice in its transaction: to the report's own log (what the detail's timeline
 * shows) and to the audit chain as `grid.event.<action>`.
 */
export function createEventLog({ audit, clock }: { audit: AuditService; clock: Clock }) {
  return {
    async write(
      trx: DbOrTrx,
      user: CurrentUser,
      eventId: number,
      entry: LogEntry,
      ip: string,
    ): Promise<LogRow> {
      const row = await insertLogRow.first(trx, {
        event_id: eventId,
        action: entry.action,
        from_status: entry.from,
        to_status: entry.to,
        actor_id: user.id,
        actor_name: user.displayName,
        at: clock.now(),
        reason: entry.reason ?? null,
        attachment_ids: JSON.stringify(entry.attachmentIds ?? []),
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      });
      if (!row) throw new Error('grid_event_log insert returned no row');
      await audit.record(trx, {
        actorId: user.id,
        actorName: user.username,
        action: `grid.event.${entry.action}`,
        objectType: 'grid_event',
        objectId: eventId,
        oldValue: entry.from ? { status: entry.from } : null,
        newValue: {
          status: entry.to,
          reason: entry.reason ?? null,
          attachments: entry.attachmentIds ?? [],
          ...(entry.detail ? { detail: entry.detail } : {}),
        },
        ip,
      });
      return row;
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
