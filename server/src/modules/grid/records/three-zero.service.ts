import type { ThreeZeroKind, ThreeZeroOverride, ThreeZeroStatus } from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { Db, DbOrTrx } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { invalidField } from '../../../http/errors.ts';
import { requireUnitInScope } from '../../../security/scope.ts';
import { yearRange } from '../grid.dates.ts';
import type { RecordChange } from './changes.ts';
import { setThreeZeroOverride, threeZeroIncidents, threeZeroOverrides } from './three-zero.repository.ts';
import { villagesInSortOrder } from './villages.repository.ts';

type ThreeZeroFigures = Omit<ThreeZeroStatus, 'unitName'>;

/**
 * THE 三零 rule (docs/programme.md §4): a village achieves 三零 for a year when none of its valid reports of that
 * year is a petition to higher levels, an injury accident or a criminal / major public-order case (the event
 * types' `three_zero` kind says which) — unless the township overrode it, with a reason. The status route and the
 * star engine's fact `grid.three_zero` both read it from here, for many villages at once.
 */
export async function threeZeroStatuses(
  q: DbOrTrx,
  unitIds: number[],
  year: number,
): Promise<Map<number, ThreeZeroFigures>> {
  const { start, end } = yearRange(year);
  const [incidents, overrides] = await Promise.all([
    threeZeroIncidents(q, unitIds, start, end),
    threeZeroOverrides(q, unitIds, year),
  ]);
  const counted = new Map(incidents.map((r) => [`${r.org_unit_id}:${r.three_zero}`, Number(r.n)]));
  const overridden = new Map(overrides.map((o) => [o.org_unit_id, o]));
  return new Map(
    unitIds.map((unitId) => {
      const count = (kind: ThreeZeroKind) => counted.get(`${unitId}:${kind}`) ?? 0;
      const [petitions, accidents, cases] = [count('petition'), count('accident'), count('case')];
      const derived = petitions === 0 && accidents === 0 && cases === 0;
      const override = overridden.get(unitId);
      return [
        unitId,
        {
          unitId,
          year,
          petitions,
          accidents,
          cases,
          derived,
          achieved: override ? override.achieved === 1 : derived,
          overridden: !!override,
          overrideReason: override?.reason ?? null,
        },
      ];
    }),
  );
}

/** 三零 of the villages in the caller's area, and the township's overrides (grid:admin). */
export function createThreeZero({ db, clock, record }: { db: Db; clock: Clock; record: RecordChange }) {
  const figuresOf = async (q: DbOrTrx, unitId: number, year: number) =>
    (await threeZeroStatuses(q, [unitId], year)).get(unitId)!;

  return {
    async list(user: CurrentUser, year: number): Promise<ThreeZeroStatus[]> {
      const villages = await villagesInSortOrder(db, user);
      const statuses = await threeZeroStatuses(
        db,
        villages.map((v) => v.id),
        year,
      );
      return villages.map((v) => ({ ...statuses.get(v.id)!, unitName: v.name }));
    },

    async override(user: CurrentUser, input: ThreeZeroOverride, ip: string): Promise<ThreeZeroStatus> {
      const unit = await requireUnitInScope(db, user, input.unitId);
      if (!['village', 'community'].includes(unit.level))
        throw invalidField('unitId', 'grid.unit_not_village');
      await db.transaction().execute(async (trx) => {
        const old = await figuresOf(trx, unit.id, input.year);
        await setThreeZeroOverride(
          trx,
          unit.id,
          input.year,
          input.achieved === null
            ? null
            : {
                achieved: input.achieved,
                reason: input.reason,
                actorName: user.displayName,
                at: clock.now(),
              },
        );
        await record(
          trx,
          user,
          {
            action: 'grid.three_zero.override',
            objectType: 'org_unit',
            objectId: unit.id,
            oldValue: old,
            newValue: input,
          },
          ip,
        );
      });
      return { ...(await figuresOf(db, unit.id, input.year)), unitName: unit.name };
    },
  };
}
