import { chinaDate, type Risk, type RiskCreate, type RiskListQuery, type RiskPatch } from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { notFound } from '../../../http/errors.ts';
import { requireUnitInScope } from '../../../security/scope.ts';
import type { RecordChange } from './changes.ts';
import { insertRisk, riskInScope, riskPage, updateRisk, type RiskRow } from './risks.repository.ts';

/** A risk as the API shows it; a review date before `today` is overdue unless the risk is resolved. */
function toRisk(r: RiskRow, today: string): Risk {
  return {
    id: r.id,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    category: r.category,
    level: r.level,
    title: r.title,
    measures: r.measures,
    ownerName: r.owner_name,
    reviewDate: r.review_date,
    status: r.status,
    overdueReview: r.status !== 'resolved' && r.review_date < today,
  };
}

/** 风险台账: risks with a category, a level, measures, an owner and a review date, in the caller's area. */
export function createRiskLedger({ db, clock, record }: { db: Db; clock: Clock; record: RecordChange }) {
  const today = () => chinaDate(clock.now());

  async function get(user: CurrentUser, id: number): Promise<Risk> {
    const row = await riskInScope(db, user, id);
    if (!row) throw notFound();
    return toRisk(row, today());
  }

  return {
    get,

    async page(user: CurrentUser, query: RiskListQuery) {
      const { total, rows } = await riskPage(db, user, query);
      const day = today();
      return { items: rows.map((r) => toRisk(r, day)), total, page: query.page, pageSize: query.pageSize };
    },

    async create(user: CurrentUser, input: RiskCreate, ip: string) {
      await requireUnitInScope(db, user, input.unitId);
      const id = await db.transaction().execute(async (trx) => {
        const now = clock.now();
        const id = await insertRisk(trx, {
          org_unit_id: input.unitId,
          category: input.category,
          level: input.level,
          title: input.title,
          measures: input.measures,
          owner_name: input.ownerName,
          review_date: input.reviewDate,
          status: 'open',
          created_at: now,
          updated_at: now,
        });
        await record(
          trx,
          user,
          { action: 'grid.risk.create', objectType: 'grid_risk', objectId: id, newValue: input },
          ip,
        );
        return id;
      });
      return get(user, id);
    },

    async patch(user: CurrentUser, id: number, input: RiskPatch, ip: string) {
      const old = await get(user, id);
      await db.transaction().execute(async (trx) => {
        await updateRisk(trx, id, {
          ...(input.level !== undefined ? { level: input.level } : {}),
          ...(input.measures !== undefined ? { measures: input.measures } : {}),
          ...(input.ownerName !== undefined ? { owner_name: input.ownerName } : {}),
          ...(input.reviewDate !== undefined ? { review_date: input.reviewDate } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
          updated_at: clock.now(),
        });
        await record(
          trx,
          user,
          {
            action: 'grid.risk.update',
            objectType: 'grid_risk',
            objectId: id,
            oldValue: old,
            newValue: input,
          },
          ip,
        );
      });
      return get(user, id);
    },
  };
}

export type RiskLedger = ReturnType<typeof createRiskLedger>;
