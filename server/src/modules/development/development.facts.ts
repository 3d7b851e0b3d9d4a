import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { FactDefinition } from '../../kernel/facts.ts';

/**
 * Facts the development registries lend the star engine: each is computed for many branches at once from the
 * records of the branch's village (its org unit) in a calendar year. A village with no records gets 0 (or false):
 * "nothing on file" is a value the indicator can judge, unlike a fact no module keeps.
 */

async function unitsOf(db: DbOrTrx, branchIds: number[]) {
  if (branchIds.length === 0) return [];
  return db.selectFrom('party_branches').select(['id', 'org_unit_id']).where('id', 'in', branchIds).execute();
}

/** Runs `perUnit` for the branches' units and maps the values back to branch ids (missing unit → `empty`). */
async function byBranch<T extends number | boolean>(
  db: DbOrTrx,
  branchIds: number[],
  empty: T,
  perUnit: (unitIds: number[]) => Promise<Map<number, T>>,
): Promise<Map<number, T>> {
  const branches = await unitsOf(db, branchIds);
  const out = new Map<number, T>();
  for (let i = 0; i < branches.length; i += 500) {
    const slice = branches.slice(i, i + 500);
    const values = await perUnit(slice.map((b) => b.org_unit_id));
    for (const b of slice) out.set(b.id, values.get(b.org_unit_id) ?? empty);
  }
  return out;
}

const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

export const collectiveIncomeFact: FactDefinition = {
  code: 'development.collective_income',
  nameZh: '村集体经济收入（按入账凭证合计）',
  nameEn: 'Village collective income (sum of vouchers)',
  unit: '万元',
  kind: 'number',
  compute: (db, branchIds, year) =>
    byBranch(db, branchIds, 0, async (unitIds) => {
      const { from, to } = yearRange(year);
      const rows = await db
        .selectFrom('dev_collective_income')
        .select(['org_unit_id', sql<number>`sum(amount_yuan)`.as('fen')])
        .where('org_unit_id', 'in', unitIds)
        .where('received_on', '>=', from)
        .where('received_on', '<=', to)
        .where('voucher_no', '!=', '')
        .groupBy('org_unit_id')
        .execute();
      // fen → 万元, two decimals
      return new Map(rows.map((r) => [r.org_unit_id, Math.round(Number(r.fen) / 10_000) / 100]));
    }),
};

export const oneProductFact: FactDefinition = {
  code: 'development.one_product',
  nameZh: '有推进中的“一村一品”项目（“五个一”齐全）',
  nameEn: 'An active one-village-one-product project (all “five ones”)',
  unit: '',
  kind: 'boolean',
  compute: (db, branchIds, year) =>
    byBranch<boolean>(db, branchIds, false, async (unitIds) => {
      const { to } = yearRange(year);
      const rows = await db
        .selectFrom('dev_projects')
        .select('org_unit_id')
        .distinct()
        .where('org_unit_id', 'in', unitIds)
        .where('started_on', '<=', to)
        .where('status', 'in', ['active', 'finished'])
        .where('followed_through', '=', 1)
        .where('leader', '!=', '')
        .where('team', '!=', '')
        .where('plan', '!=', '')
        .execute();
      return new Map(rows.map((r) => [r.org_unit_id, true]));
    }),
};

export const trainingAttendancesFact: FactDefinition = {
  code: 'development.training_attendances',
  nameZh: '本村群众技能培训人次（全年）',
  nameEn: 'Training attendances of the village’s people (year)',
  unit: '人次',
  kind: 'number',
  compute: (db, branchIds, year) =>
    byBranch(db, branchIds, 0, async (unitIds) => {
      const { from, to } = yearRange(year);
      const rows = await db
        .selectFrom('dev_training_attendance')
        .select(['org_unit_id', sql<number>`count(*)`.as('n')])
        .where('org_unit_id', 'in', unitIds)
        .where('signed_on', '>=', from)
        .where('signed_on', '<=', to)
        .groupBy('org_unit_id')
        .execute();
      return new Map(rows.map((r) => [r.org_unit_id, Number(r.n)]));
    }),
};

export const placementsFact: FactDefinition = {
  code: 'development.placements',
  nameZh: '本村群众就业安置人数（全年）',
  nameEn: 'People of the village placed in work (year)',
  unit: '人',
  kind: 'number',
  compute: (db, branchIds, year) =>
    byBranch(db, branchIds, 0, async (unitIds) => {
      const { from, to } = yearRange(year);
      const rows = await db
        .selectFrom('dev_placements')
        .select(['org_unit_id', sql<number>`count(distinct person_id)`.as('n')])
        .where('org_unit_id', 'in', unitIds)
        .where('placed_on', '>=', from)
        .where('placed_on', '<=', to)
        .groupBy('org_unit_id')
        .execute();
      return new Map(rows.map((r) => [r.org_unit_id, Number(r.n)]));
    }),
};

export const campaignParticipantsFact: FactDefinition = {
  code: 'development.campaign_participants',
  nameZh: '人居环境整治活动参与人次（每期每人计一次）',
  nameEn: 'Environment campaign participants (once per person per campaign period)',
  unit: '人次',
  kind: 'number',
  compute: (db, branchIds, year) =>
    byBranch(db, branchIds, 0, async (unitIds) => {
      const { from, to } = yearRange(year);
      const rows = await db
        .selectFrom('dev_campaign_signins as s')
        .innerJoin('dev_campaigns as c', 'c.id', 's.parent_id')
        .select(['s.org_unit_id', sql<number>`count(*)`.as('n')])
        .where('s.org_unit_id', 'in', unitIds)
        .where('c.period_from', '<=', to)
        .where('c.period_to', '>=', from)
        .groupBy('s.org_unit_id')
        .execute();
      return new Map(rows.map((r) => [r.org_unit_id, Number(r.n)]));
    }),
};

export const cleanersFact: FactDefinition = {
  code: 'development.cleaners',
  nameZh: '在岗保洁员人数',
  nameEn: 'Cleaners on the roster',
  unit: '人',
  kind: 'number',
  compute: (db, branchIds, year) =>
    byBranch(db, branchIds, 0, async (unitIds) => {
      const { from, to } = yearRange(year);
      const rows = await db
        .selectFrom('dev_cleaners')
        .select(['org_unit_id', sql<number>`count(distinct person_id)`.as('n')])
        .where('org_unit_id', 'in', unitIds)
        .where('since', '<=', to)
        .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>=', from)]))
        .groupBy('org_unit_id')
        .execute();
      return new Map(rows.map((r) => [r.org_unit_id, Number(r.n)]));
    }),
};

export const DEVELOPMENT_FACTS = [
  collectiveIncomeFact,
  oneProductFact,
  trainingAttendancesFact,
  placementsFact,
  campaignParticipantsFact,
  cleanersFact,
];
