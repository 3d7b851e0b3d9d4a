import { capstoneAllows } from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { conflict } from '../../http/errors.ts';
import { awardedApplicationId, findApplication, type ApplicationRow } from './applications.repository.ts';
import { activeStars, recomputeBranchRatings, revokeAward, writeAwards } from './awards.repository.ts';
import type { Actor, Cycle } from './cycle.service.ts';
import { hasOpenObjection, noticeWindow } from './notices.repository.ts';
import { starOrderOf, type StandardsService } from './standards.service.ts';

/**
 * Naming and revoking stars (the end of the cycle, docs/programme.md §3). An award is the record every figure is
 * computed from; each one refreshes the branch's derived rating in the same transaction. Under the capstone switch
 * (§1) the capstone star is named only on top of every other star, and goes when one of them is revoked.
 */
export function createAwardsService({
  clock,
  standards,
  cycle,
}: {
  clock: Clock;
  standards: StandardsService;
  cycle: Cycle;
}) {
  /** Naming waits for the notice window to end with no open objection on the item or the whole notice. */
  async function assertAwardable(trx: DbOrTrx, app: ApplicationRow) {
    if (app.status !== 'publicity' || app.notice_id === null) throw conflict('ratings.forbidden_transition');
    const notice = await noticeWindow(trx, app.notice_id);
    if (!notice) throw conflict('ratings.forbidden_transition');
    if (Number(notice.ends_at) > clock.now()) throw conflict('ratings.notice_open');
    if (await hasOpenObjection(trx, app.notice_id, app.id)) throw conflict('ratings.open_objections');
  }

  /** Names the star of an application in `publicity` (capstone rule checked) and refreshes the branch's rating. */
  async function award(trx: DbOrTrx, app: ApplicationRow, actor: Actor) {
    const std = (await standards.byId(trx, app.standard_id))!;
    const held = await activeStars(trx, app.branch_id, app.year);
    if (!capstoneAllows(std.definition, app.star_code, held)) throw conflict('ratings.capstone');
    await cycle.move(trx, app, 'award', 'county', actor);
    const now = clock.now();
    await writeAwards(trx, {
      branch: { id: app.branch_id, org_unit_id: app.org_unit_id, path: app.unit_path },
      year: app.year,
      stars: [app.star_code],
      source: 'cycle',
      applicationId: app.id,
      by: actor.id,
      now,
    });
    await recomputeBranchRatings(trx, app.year, [app.branch_id], now, starOrderOf(std));
  }

  /** 摘星: revokes an awarded star; under the capstone switch the capstone star goes with it. */
  async function revoke(trx: DbOrTrx, app: ApplicationRow, actor: Actor, reason: string) {
    const std = (await standards.byId(trx, app.standard_id))!;
    await cycle.move(trx, app, 'revoke', 'county', actor, reason);
    const now = clock.now();
    await revokeAward(trx, {
      branchId: app.branch_id,
      year: app.year,
      star: app.star_code,
      by: actor.id,
      reason,
      now,
    });
    const cap = std.definition.capstone;
    if (cap.enabled && cap.starCode && cap.starCode !== app.star_code) {
      const capId = await awardedApplicationId(trx, app.branch_id, app.year, cap.starCode);
      const capApp = capId === null ? undefined : await findApplication(trx, capId, null);
      if (capApp) await revoke(trx, capApp, actor, `capstone: ${reason}`);
    }
    await recomputeBranchRatings(trx, app.year, [app.branch_id], now, starOrderOf(std));
  }

  return { assertAwardable, award, revoke };
}

export type AwardsService = ReturnType<typeof createAwardsService>;
