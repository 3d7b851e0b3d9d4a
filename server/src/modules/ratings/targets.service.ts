import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { findUnitInScope } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import {
  applicationsOfBranch,
  deleteApplication,
  insertDraftApplications,
} from './applications.repository.ts';
import { actorOf } from './cycle.service.ts';
import { branchKindOf, type StandardsService } from './standards.service.ts';
import { branchInScope } from './branches.repository.ts';
import {
  branchTargetsUnder,
  saveUnitTargets,
  targetsUnder,
  unitTargets,
  type Counts,
} from './targets.repository.ts';

/**
 * 争创目标 (docs/programme.md §3): a township plans how many branches reach each level and each star; each village's
 * target stars open its draft applications for the year.
 */
export function createTargetsService({
  db,
  audit,
  clock,
  standards,
}: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  standards: StandardsService;
}) {
  async function get(user: CurrentUser, year: number, unitId?: number) {
    const unit = await findUnitInScope(db, user, unitId ?? user.unitId);
    if (!unit) throw notFound();
    const { levels, stars } = await targetsUnder(db, unit.path, year);
    return { year, unitId: unit.id, levels, stars, branches: await branchTargetsUnder(db, unit.path, year) };
  }

  return {
    get,

    async put(
      user: CurrentUser,
      input: { year: number; unitId?: number; levels: Counts; stars: Counts },
      ip: string,
    ) {
      const unit = await findUnitInScope(db, user, input.unitId ?? user.unitId);
      if (!unit) throw invalidField('unitId', 'unit.out_of_scope');
      await db.transaction().execute(async (trx) => {
        const old = await unitTargets(trx, unit.id, input.year);
        await saveUnitTargets(trx, {
          existingId: old?.id ?? null,
          unitId: unit.id,
          year: input.year,
          levels: input.levels,
          stars: input.stars,
          now: clock.now(),
        });
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.targets_update',
          objectType: 'org_unit',
          objectId: unit.id,
          oldValue: old ? { levels: JSON.parse(old.levels), stars: JSON.parse(old.stars) } : null,
          newValue: { year: input.year, levels: input.levels, stars: input.stars },
          ip,
        });
      });
      return get(user, input.year, unit.id);
    },

    /** A village's target stars for the year: one draft application per star (removing only untouched drafts). */
    async putBranch(
      user: CurrentUser,
      input: { year: number; branchId: number; stars: string[] },
      ip: string,
    ) {
      return db.transaction().execute(async (trx) => {
        const branch = await branchInScope(trx, user, input.branchId);
        if (!branch) throw notFound();
        const std = await standards.published(trx, input.year, branchKindOf(branch.kind));
        const codes = new Set(std.definition.stars.map((s) => s.code));
        input.stars.forEach((s, i) => {
          if (!codes.has(s)) throw invalidField(`stars.${i}`, 'ratings.unknown_star');
        });
        const existing = await applicationsOfBranch(trx, branch.id, input.year);
        const want = new Set(input.stars);
        for (const e of existing) {
          if (want.has(e.star_code)) continue;
          if (e.status !== 'draft') throw conflict('ratings.target_in_progress', 'stars');
          await deleteApplication(trx, e.id);
        }
        const have = new Set(existing.map((e) => e.star_code));
        await insertDraftApplications(trx, {
          branch,
          standard: std,
          year: input.year,
          stars: input.stars.filter((s) => !have.has(s)),
          actor: actorOf(user, ip),
          now: clock.now(),
        });
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'ratings.branch_targets_update',
          objectType: 'party_branch',
          objectId: branch.id,
          oldValue: { year: input.year, stars: existing.map((e) => e.star_code) },
          newValue: { year: input.year, stars: input.stars },
          ip,
        });
        return { branchId: branch.id, year: input.year, stars: input.stars };
      });
    },
  };
}

export type TargetsService = ReturnType<typeof createTargetsService>;
