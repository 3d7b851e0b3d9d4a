import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../../db/database.ts';
import type { Database } from '../../../db/schema.ts';
import type { CurrentUser } from '../../../http/current-user.ts';
import { pathUnder, scopePrefix } from '../../../security/scope.ts';

/** The SQL of campaigns (专项行动) and their cases; sub-categories are stored as a JSON list. */

export type CampaignRow = Selectable<Database['grid_campaigns']>;

export function allCampaigns(q: DbOrTrx): Promise<CampaignRow[]> {
  return q
    .selectFrom('grid_campaigns')
    .selectAll()
    .orderBy('start_date', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function campaignById(q: DbOrTrx, id: number): Promise<CampaignRow | undefined> {
  return q.selectFrom('grid_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

export function campaignByCode(q: DbOrTrx, code: string): Promise<CampaignRow | undefined> {
  return q.selectFrom('grid_campaigns').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertCampaign(
  q: DbOrTrx,
  row: Insertable<Database['grid_campaigns']>,
): Promise<number> {
  return (await q.insertInto('grid_campaigns').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateCampaign(q: DbOrTrx, id: number, patch: Updateable<Database['grid_campaigns']>) {
  await q.updateTable('grid_campaigns').set(patch).where('id', '=', id).execute();
}

/** Cases in the caller's subtree per campaign and sub-category (one grouped pass gives tallies and totals). */
export function caseTally(q: DbOrTrx, user: CurrentUser) {
  return q
    .selectFrom('grid_campaign_cases as k')
    .select((eb) => ['k.campaign_id', 'k.sub_category', eb.fn.countAll<number>().as('n')])
    .where(pathUnder('k.unit_path', scopePrefix(user)))
    .groupBy(['k.campaign_id', 'k.sub_category'])
    .execute();
}

/** Which of `subCategories` have cases filed under them in a campaign. */
export async function subCategoriesInUse(q: DbOrTrx, campaignId: number, subCategories: string[]) {
  if (subCategories.length === 0) return [];
  const rows = await q
    .selectFrom('grid_campaign_cases')
    .select('sub_category')
    .distinct()
    .where('campaign_id', '=', campaignId)
    .where('sub_category', 'in', subCategories)
    .execute();
  return rows.map((r) => r.sub_category);
}

/** A campaign's cases in the caller's subtree, in date order (at most 1,000). */
export function casesInScope(q: DbOrTrx, user: CurrentUser, campaignId: number) {
  return q
    .selectFrom('grid_campaign_cases as k')
    .innerJoin('org_units as o', 'o.id', 'k.org_unit_id')
    .select(['k.id', 'o.name as unit_name', 'k.sub_category', 'k.title', 'k.occurred_on', 'k.status'])
    .where('k.campaign_id', '=', campaignId)
    .where(pathUnder('k.unit_path', scopePrefix(user)))
    .orderBy('k.occurred_on')
    .orderBy('k.id')
    .limit(1000)
    .execute();
}

export async function insertCase(
  q: DbOrTrx,
  row: Insertable<Database['grid_campaign_cases']>,
): Promise<number> {
  return (await q.insertInto('grid_campaign_cases').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Cases in the caller's subtree that occurred in [from, to], per campaign and sub-category (the summary). */
export function caseTallyInPeriod(q: DbOrTrx, user: CurrentUser, from: string, to: string) {
  return q
    .selectFrom('grid_campaign_cases as k')
    .innerJoin('grid_campaigns as c', 'c.id', 'k.campaign_id')
    .select((eb) => ['c.id', 'c.name', 'k.sub_category', eb.fn.countAll<number>().as('n')])
    .where(pathUnder('k.unit_path', scopePrefix(user)))
    .where('k.occurred_on', '>=', from)
    .where('k.occurred_on', '<=', to)
    .groupBy(['c.id', 'c.name', 'k.sub_category'])
    .orderBy('c.id')
    .execute();
}
