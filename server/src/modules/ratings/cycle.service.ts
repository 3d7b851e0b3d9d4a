import { checkTransition, type ApplicationStatus, type RatingActor } from '@fivestar/common';
import type { Updateable } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict } from '../../http/errors.ts';
import type { AuditService } from '../audit/index.ts';
import { insertEvent, moveApplication } from './applications.repository.ts';
import type { StarApplicationsTable } from './ratings.tables.ts';

/** Who moved an application, for its event row and its audit row. */
export interface Actor {
  id: number | null;
  name: string | null;
  ip?: string | null;
}
export const actorOf = (user: CurrentUser, ip?: string): Actor => ({ id: user.id, name: user.username, ip });

/**
 * The one way an application changes status (docs/programme.md §3): by the transition table in common
 * (`checkTransition`), with its event row and its audit row, inside the caller's transaction.
 */
export function createCycle({ audit, clock }: { audit: AuditService; clock: Clock }) {
  return {
    async move(
      trx: DbOrTrx,
      app: { id: number; status: ApplicationStatus },
      action: string,
      actorKind: RatingActor,
      actor: Actor,
      reason?: string | null,
      extra: Pick<Updateable<StarApplicationsTable>, 'round' | 'notice_id'> = {},
    ): Promise<ApplicationStatus> {
      const check = checkTransition(app.status, action, actorKind, reason);
      if (!check.ok) throw conflict(`ratings.${check.error}`);
      const now = clock.now();
      const moved = await moveApplication(trx, app.id, app.status, {
        status: check.to,
        updated_at: now,
        ...extra,
      });
      if (!moved) throw conflict('ratings.forbidden_transition');
      await insertEvent(trx, {
        application_id: app.id,
        action,
        from_status: app.status,
        to_status: check.to,
        actor_id: actor.id,
        actor_name: actor.name,
        reason: reason ?? null,
        at: now,
      });
      await audit.record(trx, {
        actorId: actor.id,
        actorName: actor.name,
        action: `ratings.${action}`,
        objectType: 'star_application',
        objectId: app.id,
        oldValue: { status: app.status },
        newValue: { status: check.to, ...(reason ? { reason } : {}) },
        ip: actor.ip ?? null,
      });
      app.status = check.to;
      return check.to;
    },
  };
}

export type Cycle = ReturnType<typeof createCycle>;
