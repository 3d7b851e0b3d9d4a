import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestContext } from '../test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => ctx.close());

describe('contests demo: four 2023 quarterly rounds of the 55 villages, the county’s townships and its 擂台赛', () => {
  it('the township sees four closed quarterly rounds, every village ranked; the county sees the bracket’s final', async () => {
    const township = await login(ctx.app, 'township');
    const rounds = (await township.get('/api/contests?year=2023')).json();
    const quarterly = rounds.filter((r: { level: string }) => r.level === 'township');
    expect(quarterly.map((r: { date: string; status: string }) => [r.date, r.status])).toEqual([
      ['2023-12-26', 'closed'],
      ['2023-09-26', 'closed'],
      ['2023-06-27', 'closed'],
      ['2023-03-28', 'closed'],
    ]);
    for (const r of quarterly) {
      expect(r.units).toBe(55);
      expect(r.sheets).toBe(r.expected); // every sheet in
      const res = (await township.get(`/api/contests/${r.id}/results`)).json();
      expect(res.final).toBe(true);
      expect(res.entries).toHaveLength(55);
      expect(res.entries[0].rank).toBe(1);
      const scores = res.entries.map((e: { score: number }) => e.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
    const county = await login(ctx.app, 'county');
    const countyRounds = (await county.get('/api/contests?level=county')).json();
    expect(countyRounds.map((r: { date: string }) => r.date)).toEqual(['2023-12-29', '2023-12-28']);
    const [ranking, finalRound] = countyRounds;
    const final = (await county.get(`/api/contests/${finalRound.id}/results`)).json();
    expect(final.stages.map((s: { weight: number }) => s.weight)).toEqual([50, 50]);
    // The final: each of the twelve townships' fourth-quarter winner, advanced through the bracket.
    const detail = (await county.get(`/api/contests/${finalRound.id}`)).json();
    expect(detail.bracket.sources).toHaveLength(12);
    expect(detail.bracket.sources.every((s: { advancedAt: number | null }) => s.advancedAt !== null)).toBe(
      true,
    );
    const winners = detail.bracket.sources.flatMap((s: { winners: { unitId: number }[] }) => s.winners);
    expect(final.entries.map((e: { unitId: number }) => e.unitId).sort()).toEqual(
      winners.map((x: { unitId: number }) => x.unitId).sort(),
    );
    expect(new Set(final.entries.map((e: { parentName: string }) => e.parentName)).size).toBe(12);
    const q4 = quarterly[0];
    const zhangzhuang = detail.bracket.sources.find((s: { id: number }) => s.id === q4.id);
    const q4Results = (await township.get(`/api/contests/${q4.id}/results`)).json();
    expect(zhangzhuang.winners.map((x: { unitId: number }) => x.unitId)).toEqual([
      q4Results.entries[0].unitId,
    ]);
    // The county's ranking of its twelve townships.
    const ranked = (await county.get(`/api/contests/${ranking.id}/results`)).json();
    expect(ranked.entries).toHaveLength(12);
    expect(ranked.entries.map((e: { name: string }) => e.name)).toContain('张庄镇');
  });

  it('the county holds 12 townships and 574 villages; the generated ones are labelled illustrative', async () => {
    const { db } = ctx.database;
    const county = await db
      .selectFrom('org_units')
      .select('path')
      .where('name', '=', '范县')
      .executeTakeFirstOrThrow();
    const under = (levels: string[]) =>
      db
        .selectFrom('org_units')
        .select(['name', 'path'])
        .where('path', 'like', `${county.path}%`)
        .where('level', 'in', levels)
        .execute();
    const townships = await under(['township']);
    expect(townships).toHaveLength(12);
    // village-level units: villages and communities (张庄镇's 凤凰社区)
    const villages = await under(['village', 'community']);
    expect(villages).toHaveLength(574);
    const zhangzhuang = townships.find((t) => t.name === '张庄镇')!;
    const own = villages.filter((v) => v.path.startsWith(zhangzhuang.path));
    expect(own).toHaveLength(55);
    expect(own.some((v) => v.name.includes('示例'))).toBe(false);
    expect(
      villages.filter((v) => !v.path.startsWith(zhangzhuang.path)).every((v) => v.name.endsWith('（示例）')),
    ).toBe(true);
    // Every generated township's round was judged by illustrative guest accounts, every sheet in.
    const countyUser = await login(ctx.app, 'county');
    const rounds = (await countyUser.get('/api/contests?year=2023&level=township')).json();
    expect(rounds).toHaveLength(4 + 11);
    for (const r of rounds) expect(r.sheets).toBe(r.expected);
  });

  it('no judge scored their own village; judges were judge01–judge09 and the secretaries', async () => {
    const { db } = ctx.database;
    const own = await db
      .selectFrom('contest_sheets as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select('s.id')
      .whereRef('u.org_unit_id', '=', 's.org_unit_id')
      .execute();
    expect(own).toEqual([]);
    const roles = await db
      .selectFrom('contest_sheets as s')
      .innerJoin('contest_rounds as r', 'r.id', 's.round_id')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select('u.role_code')
      .distinct()
      .where('r.level', '=', 'township')
      .execute();
    expect(roles.map((r) => r.role_code).sort()).toEqual(['judge', 'village_secretary']);
  });
});
