import { mediationNext, mediationOpen, type EventDetail, type MediationBody } from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { conflict, invalidField } from '../../../http/errors.ts';
import type { EventLog } from './event-log.ts';
import { updateEvent, type EventPatch } from './events.repository.ts';
import type { Events } from './events.service.ts';
import type { Photos } from './photos.service.ts';

/**
 * 人民调解 of a dispute (docs/programme.md §4): a mediator takes it on, holds sessions, and reaches an agreement or
 * refers it elsewhere; a follow-up visit comes next, then the file is archived, and only then can the dispute close.
 * The steps' order is common's `mediationNext`. The first step moves a dispatched dispute into handling.
 */
export function createMediation({
  db,
  clock,
  events,
  photos,
  log,
}: {
  db: Db;
  clock: Clock;
  events: Events;
  photos: Photos;
  log: EventLog;
}) {
  return {
    async mediate(user: CurrentUser, id: number, body: MediationBody, ip: string): Promise<EventDetail> {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const row = await events.row(trx, user, id);
        if (row.class !== 'dispute') throw conflict('grid.not_a_dispute');
        if (!mediationOpen(row.status)) throw conflict('grid.mediation_step');
        const next = mediationNext(row.mediation_status, body.step);
        if (!next) throw conflict('grid.mediation_step');
        const patch: EventPatch = { mediation_status: next, updated_at: now };
        switch (body.step) {
          case 'start':
            if (!body.mediatorName) throw invalidField('mediatorName', 'grid.mediator_required');
            patch.mediator_name = body.mediatorName;
            break;
          case 'session':
            patch.mediation_sessions = row.mediation_sessions + 1;
            break;
          case 'agreement':
            if (!body.agreement) throw invalidField('agreement', 'grid.agreement_required');
            patch.agreement = body.agreement;
            patch.mediation_sessions = Math.max(1, row.mediation_sessions);
            break;
          case 'referral':
            if (!body.referredTo) throw invalidField('referredTo', 'grid.referred_to_required');
            patch.referred_to = body.referredTo;
            break;
          case 'follow_up':
            patch.follow_up_at = now;
            break;
          case 'archive':
            patch.archived_at = now;
            break;
        }
        if (row.status === 'dispatched') patch.status = 'in_handling';
        await updateEvent(trx, id, patch);
        await photos.claim(trx, user, body.attachmentIds, id, 'attachmentIds');
        await log.write(
          trx,
          user,
          id,
          {
            action: `mediation.${body.step}`,
            from: row.status,
            to: patch.status ?? row.status,
            reason: body.note ?? body.agreement ?? body.referredTo ?? null,
            attachmentIds: body.attachmentIds,
            detail: { mediation: next, mediator: body.mediatorName ?? row.mediator_name },
          },
          ip,
        );
      });
      return events.get(user, id);
    },
  };
}
