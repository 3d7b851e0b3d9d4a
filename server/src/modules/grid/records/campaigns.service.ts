import type {
  Campaign,
  CampaignCase,
  CampaignCaseCreate,
  CampaignCreate,
  CampaignPatch,
} from '@fivestar/common';
import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { conflict, invalidField, notFound } from '../../../http/errors.ts';
import { findUnitInScope, requireUnitInScope } from '../../../security/scope.ts';
import {
  allCampaigns,
  campaignByCode,
  campaignById,
  casesInScope,
  caseTally,
  insertCampaign,
  insertCase,
  subCategoriesInUse,
  updateCampaign,
  type CampaignRow,
} from './campaigns.repository.ts';
import type { RecordChange } from './changes.ts';

const subCategoriesOf = (row: CampaignRow) => JSON.parse(row.sub_categories) as string[];

/**
 * Campaigns (专项行动, docs/programme.md §5: 命案防范百日行动, 六防六促, 夜间巡逻…): a period, the sub-categories
 * their cases are filed under, and the cases; each list and tally is the caller's area. A sub-category with cases
 * filed under it cannot be dropped.
 */
export function createCampaigns({ db, clock, record }: { db: Db; clock: Clock; record: RecordChange }) {
  async function list(user: CurrentUser): Promise<Campaign[]> {
    const [rows, tally] = await Promise.all([allCampaigns(db), caseTally(db, user)]);
    return rows.map((r) => {
      const subCategories = subCategoriesOf(r);
      // Every sub-category is listed, zeros included; a dropped one with cases still shows its cases.
      const bySubCategory: Record<string, number> = Object.fromEntries(subCategories.map((x) => [x, 0]));
      let cases = 0;
      for (const t of tally)
        if (t.campaign_id === r.id) {
          bySubCategory[t.sub_category] = Number(t.n);
          cases += Number(t.n);
        }
      return {
        id: r.id,
        code: r.code,
        name: r.name,
        startDate: r.start_date,
        endDate: r.end_date,
        subCategories,
        cases,
        bySubCategory,
      };
    });
  }
  const one = async (user: CurrentUser, id: number) => (await list(user)).find((c) => c.id === id)!;

  async function cases(user: CurrentUser, campaignId: number): Promise<CampaignCase[]> {
    if (!(await campaignById(db, campaignId))) throw notFound();
    return (await casesInScope(db, user, campaignId)).map((r) => ({
      id: r.id,
      unitName: r.unit_name,
      subCategory: r.sub_category,
      title: r.title,
      occurredOn: r.occurred_on,
      status: r.status,
    }));
  }

  return {
    list,
    cases,

    async create(user: CurrentUser, input: CampaignCreate, ip: string) {
      if (input.startDate > input.endDate) throw invalidField('endDate', 'grid.date_range');
      if (await campaignByCode(db, input.code)) throw conflict('grid.duplicate_code', 'code');
      const id = await db.transaction().execute(async (trx) => {
        const id = await insertCampaign(trx, {
          code: input.code,
          name: input.name,
          org_unit_id: user.unitId,
          start_date: input.startDate,
          end_date: input.endDate,
          sub_categories: JSON.stringify(input.subCategories),
          created_at: clock.now(),
        });
        await record(
          trx,
          user,
          { action: 'grid.campaign.create', objectType: 'grid_campaign', objectId: id, newValue: input },
          ip,
        );
        return id;
      });
      return one(user, id);
    },

    /** Name, period and sub-categories of a campaign run in the caller's area. */
    async patch(user: CurrentUser, id: number, input: CampaignPatch, ip: string) {
      const row = await campaignById(db, id);
      // A campaign run by a unit outside the caller's scope answers like a missing one.
      if (!row || !(await findUnitInScope(db, user, row.org_unit_id))) throw notFound();
      const startDate = input.startDate ?? row.start_date;
      const endDate = input.endDate ?? row.end_date;
      if (startDate > endDate) throw invalidField(input.endDate ? 'endDate' : 'startDate', 'grid.date_range');
      const old = subCategoriesOf(row);
      const subCategories = input.subCategories ? [...new Set(input.subCategories)] : old;
      const dropped = old.filter((x) => !subCategories.includes(x));
      const name = input.name ?? row.name;
      await db.transaction().execute(async (trx) => {
        if ((await subCategoriesInUse(trx, id, dropped)).length > 0)
          throw conflict('grid.campaign_sub_category_in_use', 'subCategories');
        await updateCampaign(trx, id, {
          name,
          start_date: startDate,
          end_date: endDate,
          sub_categories: JSON.stringify(subCategories),
        });
        await record(
          trx,
          user,
          {
            action: 'grid.campaign.update',
            objectType: 'grid_campaign',
            objectId: id,
            oldValue: {
              name: row.name,
              startDate: row.start_date,
              endDate: row.end_date,
              subCategories: old,
            },
            newValue: { name, startDate, endDate, subCategories },
          },
          ip,
        );
      });
      return one(user, id);
    },

    /** Files a case in a village in scope under one of the campaign's sub-categories; answers the case list. */
    async addCase(user: CurrentUser, campaignId: number, input: CampaignCaseCreate, ip: string) {
      const campaign = await campaignById(db, campaignId);
      if (!campaign) throw notFound();
      if (!subCategoriesOf(campaign).includes(input.subCategory))
        throw invalidField('subCategory', 'grid.campaign_sub_category');
      const unit = await requireUnitInScope(db, user, input.unitId);
      await db.transaction().execute(async (trx) => {
        const id = await insertCase(trx, {
          campaign_id: campaignId,
          org_unit_id: unit.id,
          unit_path: unit.path,
          sub_category: input.subCategory,
          title: input.title,
          occurred_on: input.occurredOn,
          status: 'open',
          created_at: clock.now(),
        });
        await record(
          trx,
          user,
          {
            action: 'grid.campaign_case.create',
            objectType: 'grid_campaign_case',
            objectId: id,
            newValue: input,
          },
          ip,
        );
      });
      return cases(user, campaignId);
    },
  };
}
