import {
  allowedActions,
  chinaDate,
  OPEN_STATUSES,
  supervisionLevel,
  type EventDetail,
  type EventSummary,
} from '@fivestar/common';
import type { DetailRow, LogRow, PartyRow, SummaryRow } from './events.repository.ts';

/** Reports as the API shows them, from their rows. Pure functions. */

/** A readable reference for a report: WG + report date + id. */
export function eventCode(id: number, reportedAt: number): string {
  return `WG${chinaDate(reportedAt).replaceAll('-', '')}${String(id).padStart(6, '0')}`;
}

const orNull = (v: number | null) => (v === null ? null : Number(v));

/** A row of the board's list; the supervision level is worked out at `now`. */
export function toSummary(r: SummaryRow, now: number): EventSummary {
  const open = OPEN_STATUSES.includes(r.status);
  return {
    id: r.id,
    code: eventCode(r.id, Number(r.reported_at)),
    class: r.class,
    typeCode: r.type_code,
    typeName: r.type_name ?? r.type_code,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    gridId: r.grid_id,
    place: r.place,
    status: r.status,
    supervision: open
      ? supervisionLevel(
          now,
          { yellowAt: orNull(r.yellow_at), dueAt: orNull(r.due_at) },
          r.manual_supervision,
        )
      : 'normal',
    source: r.source,
    reportedAt: Number(r.reported_at),
    dueAt: orNull(r.due_at),
    closedAt: orNull(r.closed_at),
    handlerUnitId: r.handler_unit_id,
    handlerUnitName: r.handler_unit_name,
    handlerDept: r.handler_dept,
    duplicateOf: r.duplicate_of,
  };
}

/** The deadline move a log entry recorded (`detail.due`), if any. */
function dueChangeOf(detail: string | null): { from: number | null; to: number | null } | null {
  if (!detail) return null;
  const due = (JSON.parse(detail) as { due?: { from: number | null; to: number | null } }).due;
  return due ? { from: due.from, to: due.to } : null;
}

/** One report with its parties, photos (attachment ids) and log, all in id order. */
export function toDetail(
  r: DetailRow,
  parties: PartyRow[],
  attachmentIds: number[],
  log: LogRow[],
  now: number,
): EventDetail {
  // The report's own photos; photos of later steps (replies, mediation) sit on their log entries.
  const laterPhotos = new Set(
    log.filter((l) => l.action !== 'report').flatMap((l) => JSON.parse(l.attachment_ids) as number[]),
  );
  return {
    ...toSummary(r, now),
    description: r.description,
    lat: r.lat,
    lng: r.lng,
    occurredAt: orNull(r.occurred_at),
    scale: r.scale,
    peopleInvolved: r.people_involved,
    campaignId: r.campaign_id,
    campaignSubCategory: r.campaign_sub_category,
    reporterName: r.reporter_name,
    escalatedTo: r.escalated_to,
    extensionDays: r.extension_days,
    manualSupervision: r.manual_supervision,
    parties: parties.map((p) => ({
      name: p.name,
      role: p.role,
      idNumber: p.id_number_masked,
      phone: p.phone_masked,
    })),
    photoIds: attachmentIds.filter((id) => !laterPhotos.has(id)),
    log: log.map((l) => ({
      id: l.id,
      action: l.action,
      fromStatus: l.from_status,
      toStatus: l.to_status,
      actorName: l.actor_name,
      at: Number(l.at),
      reason: l.reason,
      attachmentIds: JSON.parse(l.attachment_ids) as number[],
      dueChange: dueChangeOf(l.detail),
    })),
    allowedActions: allowedActions(r.status),
    mediation:
      r.class === 'dispute'
        ? {
            disputeType: r.type_code,
            status: r.mediation_status,
            mediatorName: r.mediator_name,
            sessions: r.mediation_sessions,
            agreement: r.agreement,
            referredTo: r.referred_to,
            followUpAt: orNull(r.follow_up_at),
            archivedAt: orNull(r.archived_at),
          }
        : null,
  };
}
