import type { DisputeLedgerQuery, DisputeLedgerRow, DisputeOutcome } from '@fivestar/common';
import type { Db } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { eventCode } from '../events/event-view.ts';
import { disputePage, disputeParties } from './disputes.repository.ts';

/** A dispute's outcome in the ledger: referred elsewhere, settled by an agreement, or still pending. */
function disputeOutcome(r: { referred_to: string | null; agreement: string | null }): DisputeOutcome {
  return r.referred_to ? 'referred' : r.agreement ? 'resolved' : 'pending';
}

/** 矛盾纠纷分类台账: every valid dispute in the caller's area, by type, with its mediation and outcome. */
export function createDisputeLedger({ db }: { db: Db }) {
  return {
    async page(user: CurrentUser, query: DisputeLedgerQuery) {
      const { total, rows } = await disputePage(db, user, query);
      const parties = await disputeParties(
        db,
        rows.map((r) => r.id),
      );
      const items: DisputeLedgerRow[] = rows.map((r) => ({
        id: r.id,
        code: eventCode(r.id, Number(r.reported_at)),
        unitName: r.unit_name,
        disputeType: r.type_code,
        disputeTypeName: r.type_name ?? r.type_code,
        parties: parties
          .filter((p) => p.event_id === r.id)
          .map((p) => (p.id_number_masked ? `${p.name}(${p.id_number_masked})` : p.name))
          .join('、'),
        description: r.description,
        reportedAt: Number(r.reported_at),
        mediatorName: r.mediator_name,
        sessions: r.mediation_sessions,
        outcome: disputeOutcome(r),
        agreement: r.agreement,
        followUpAt: r.follow_up_at === null ? null : Number(r.follow_up_at),
        archivedAt: r.archived_at === null ? null : Number(r.archived_at),
        status: r.status,
        mediationStatus: r.mediation_status,
      }));
      return { items, total, page: query.page, pageSize: query.pageSize };
    },
  };
}

export type DisputeLedger = ReturnType<typeof createDisputeLedger>;
