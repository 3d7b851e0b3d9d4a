import { complianceRatio } from '@fivestar/common';
import { sql } from 'kysely';
import type { FactDefinition } from '../../kernel/facts.ts';
import { complianceUnder } from './compliance.ts';

/**
 * Party life's facts for the star engine, per branch (its village's unit) and rating year. A rating year is judged
 * after it ends, so meeting compliance counts the whole year's windows.
 */
async function unitsOf(db: Parameters<FactDefinition['compute']>[0], branchIds: number[]) {
  if (branchIds.length === 0) return [];
  return db
    .selectFrom('party_branches as b')
    .innerJoin('org_units as o', 'o.id', 'b.org_unit_id')
    .select(['b.id as branch_id', 'o.id as unit_id', 'o.path'])
    .where('b.id', 'in', branchIds)
    .execute();
}

export const meetingComplianceFact: FactDefinition = {
  code: 'partylife.meeting_compliance',
  nameZh: '“三会一课”按期开展率',
  nameEn: 'Meetings held on time (share of windows met)',
  unit: '%',
  kind: 'number',
  async compute(db, branchIds, year) {
    const out = new Map<number, number>();
    for (const u of await unitsOf(db, branchIds)) {
      const [c] = await complianceUnder(db, u.path, `${year}-01-01`, `${year}-12-31`);
      out.set(u.branch_id, c ? Math.round(complianceRatio(c.met, c.due) * 1000) / 10 : 0);
    }
    return out;
  },
};

export const themeDaysFact: FactDefinition = {
  code: 'partylife.theme_days',
  nameZh: '全年开展主题党日次数（系统记录）',
  nameEn: 'Theme days held in the year (recorded)',
  unit: '次',
  kind: 'number',
  async compute(db, branchIds, year) {
    const units = await unitsOf(db, branchIds);
    if (!units.length) return new Map();
    const rows = await db
      .selectFrom('pl_meetings')
      .select(['org_unit_id', sql<number>`count(*)`.as('n')])
      .where(
        'org_unit_id',
        'in',
        units.map((u) => u.unit_id),
      )
      .where('type', '=', 'theme_day')
      .where('year', '=', year)
      .groupBy('org_unit_id')
      .execute();
    const n = new Map(rows.map((r) => [r.org_unit_id, Number(r.n)]));
    return new Map(units.map((u) => [u.branch_id, n.get(u.unit_id) ?? 0]));
  },
};

export const averagePointsFact: FactDefinition = {
  code: 'partylife.average_points',
  nameZh: '党员年度平均积分',
  nameEn: "Members' average points in the year",
  unit: '分',
  kind: 'number',
  async compute(db, branchIds, year) {
    const units = await unitsOf(db, branchIds);
    if (!units.length) return new Map();
    const ids = units.map((u) => u.unit_id);
    const [points, members] = await Promise.all([
      db
        .selectFrom('pl_points')
        .select(['org_unit_id', sql<number>`sum(points)`.as('n')])
        .where('org_unit_id', 'in', ids)
        .where('year', '=', year)
        .where('status', '=', 'credited')
        .groupBy('org_unit_id')
        .execute(),
      db
        .selectFrom('persons')
        .select(['org_unit_id', sql<number>`count(*)`.as('n')])
        .where('org_unit_id', 'in', ids)
        .where('is_party_member', '=', 1)
        .groupBy('org_unit_id')
        .execute(),
    ]);
    const p = new Map(points.map((r) => [r.org_unit_id, Number(r.n)]));
    const m = new Map(members.map((r) => [r.org_unit_id, Number(r.n)]));
    const out = new Map<number, number>();
    for (const u of units) {
      const n = m.get(u.unit_id) ?? 0;
      if (n) out.set(u.branch_id, Math.round(((p.get(u.unit_id) ?? 0) / n) * 10) / 10);
    }
    return out;
  },
};

export const honoursFact: FactDefinition = {
  code: 'partylife.honours',
  nameZh: '年度获评荣誉数（家庭及村）',
  nameEn: 'Honours awarded in the year (households and village)',
  unit: '项',
  kind: 'number',
  async compute(db, branchIds, year) {
    const units = await unitsOf(db, branchIds);
    if (!units.length) return new Map();
    const rows = await db
      .selectFrom('pl_honours')
      .select(['org_unit_id', sql<number>`count(*)`.as('n')])
      .where(
        'org_unit_id',
        'in',
        units.map((u) => u.unit_id),
      )
      .where('year', '=', year)
      .groupBy('org_unit_id')
      .execute();
    const n = new Map(rows.map((r) => [r.org_unit_id, Number(r.n)]));
    return new Map(units.map((u) => [u.branch_id, n.get(u.unit_id) ?? 0]));
  },
};

export const PARTYLIFE_FACTS = [meetingComplianceFact, themeDaysFact, averagePointsFact, honoursFact];
