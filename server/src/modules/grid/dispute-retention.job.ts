import { sql } from 'kysely';
import { JOB_ACTOR, type JobDefinition } from '../../kernel/module.ts';

/** What an anonymised free-text field reads afterwards. */
export const ANONYMISED_TEXT = '（已匿名化）';
/** What a party's name becomes. */
export const ANONYMISED_NAME = '某某';
const BATCH = 500;

/** The same instant `years` calendar years earlier (UTC calendar; a day either way does not matter here). */
export function yearsBefore(now: number, years: number): number {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.getTime();
}

/**
 * docs/security.md item 21 (PIPL Art. 19/47: keep personal information no longer than the purpose needs): disputes
 * closed more than `years` ago are anonymised. What counts as personal data of a dispute (docs/retention.md):
 * - the parties (`grid_event_parties`): name → 某某; ID number (ciphertext, keyed hash, masked form) and phone
 *   (ciphertext, masked form) → null. The party's role (applicant/respondent) stays.
 * - the dispute (`grid_events`): `place` (often a household's address) → the village's name; `lat`/`lng` → null;
 *   `description` and the mediation `agreement` (free text naming people) → （已匿名化） (an agreement stays
 *   non-null so the ledger still counts the dispute as resolved).
 * - its workflow log (`grid_event_log.reason`, free text that repeats the agreement) → （已匿名化）.
 * - its photos (`grid_attachments`) are deleted.
 * Kept: type, village, dates, status, outcome, staff names (reporter, mediator), so statistics and 三零 figures do
 * not change. Audit rows are never touched; each anonymisation is audited with counts only.
 */
export function disputeRetentionJob(years: number): JobDefinition {
  return {
    name: 'disputes.anonymise',
    setting: { years },
    async run({ trx, audit, now }) {
      const cutoff = yearsBefore(now, years);
      const totals = { disputes: 0, parties: 0, attachments: 0 };
      for (;;) {
        const batch = await trx
          .selectFrom('grid_events')
          .select(['id', 'closed_at'])
          // Literal, so the planner can match the partial index (migration 0005) on both engines.
          .where('class', '=', sql.lit('dispute'))
          .where('closed_at', 'is not', null)
          .where('closed_at', '<', cutoff)
          .where('status', '=', 'closed')
          .where('anonymised_at', 'is', null)
          .orderBy('id')
          .limit(BATCH)
          .execute();
        if (batch.length === 0) break;
        for (const event of batch) {
          const parties = await trx
            .updateTable('grid_event_parties')
            .set({
              name: ANONYMISED_NAME,
              id_number_enc: null,
              id_number_hash: null,
              id_number_masked: null,
              phone_enc: null,
              phone_masked: null,
            })
            .where('event_id', '=', event.id)
            .executeTakeFirst();
          const attachments = await trx
            .deleteFrom('grid_attachments')
            .where('event_id', '=', event.id)
            .executeTakeFirst();
          await trx
            .updateTable('grid_events')
            .set({
              place: sql<string>`(select name from org_units where org_units.id = grid_events.org_unit_id)`,
              lat: null,
              lng: null,
              description: ANONYMISED_TEXT,
              agreement: sql<
                string | null
              >`case when agreement is null then null else ${ANONYMISED_TEXT} end`,
              anonymised_at: now,
              updated_at: now,
            })
            .where('id', '=', event.id)
            .execute();
          await trx
            .updateTable('grid_event_log')
            .set({ reason: ANONYMISED_TEXT })
            .where('event_id', '=', event.id)
            .where('reason', 'is not', null)
            .execute();
          const counts = {
            parties: Number(parties.numUpdatedRows),
            attachments: Number(attachments.numDeletedRows),
          };
          await audit.record(trx, {
            actorName: JOB_ACTOR,
            action: 'grid.dispute_anonymise',
            objectType: 'grid_event',
            objectId: event.id,
            newValue: { closedAt: event.closed_at, retentionYears: years, ...counts },
          });
          totals.disputes++;
          totals.parties += counts.parties;
          totals.attachments += counts.attachments;
        }
      }
      return totals;
    },
  };
}
