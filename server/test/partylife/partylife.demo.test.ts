import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestContext } from '../test-app.ts';

/** The demo's party-life figures, counted from its records. */
describe('party life demo', () => {
  let ctx: TestContext;
  let township: Session;
  beforeAll(async () => {
    ctx = await createTestApp();
    township = await login(ctx.app, 'township');
  });
  afterAll(async () => ctx.close());

  it('the summary as township for 2023-01-01…2023-08-06: 18 forum sessions, the rest from the rows', async () => {
    const res = await township.get('/api/party-life/summary?from=2023-01-01&to=2023-08-06');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(Object.keys(s)).toEqual(['forumSessions', 'meetings', 'themeDays', 'honours']);
    expect(s.forumSessions).toBe(18);
    const { db } = ctx.database;
    const themeDays = await db
      .selectFrom('pl_meetings')
      .select('id')
      .where('type', '=', 'theme_day')
      .where('held_on', '>=', '2023-01-01')
      .where('held_on', '<=', '2023-08-06')
      .execute();
    expect(s.themeDays).toBe(themeDays.length);
    // 55 branches, each with gaps somewhere: compliance is high but not complete
    expect(s.meetings.held).toBeLessThan(s.meetings.due);
    expect(s.meetings.compliance).toBeGreaterThan(0.7);
    expect(s.meetings.compliance).toBeLessThan(1);
    expect(s.honours).toEqual({ rounds: 2, awarded: 14 });
  });

  it('2023 meetings for all 55 branches; the village round names 于庄村, 凤凰社区 and 崔楼村', async () => {
    const c = (await township.get('/api/party-life/compliance?year=2023')).json();
    expect(c.rows).toHaveLength(55);
    expect(c.rows.every((r: { met: number }) => r.met > 0)).toBe(true);
    expect(c.rows.some((r: { compliance: number }) => r.compliance < 0.8)).toBe(true);
    const rounds = (await township.get('/api/party-life/honours/rounds?year=2023')).json();
    expect(rounds.map((r: { title: string }) => r.title).sort()).toEqual(
      ['文明家庭', '生态宜居明星村'].sort(),
    );
    const village = (await township.get('/api/party-life/honours?year=2023'))
      .json()
      .filter((h: { kind: string }) => h.kind === 'village');
    expect(village.map((h: { holder: string }) => h.holder).sort()).toEqual(
      ['于庄村', '凤凰社区', '崔楼村'].sort(),
    );
    const ranking = (await township.get('/api/party-life/points/ranking?year=2023&quarter=2')).json();
    expect(ranking.members.length).toBeGreaterThan(0);
    expect(ranking.branches).toHaveLength(55);
  });

  it("this year's 最美家庭 round: its 公示 ended without objections, the township awards it into the registry", async () => {
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const rounds = (await township.get(`/api/party-life/honours/rounds?year=${year}`)).json();
    const waiting = rounds.find((r: { title: string }) => r.title === '最美家庭');
    expect(waiting).toMatchObject({ status: 'publicity', year });
    const round = (await township.get(`/api/party-life/honours/rounds/${waiting.id}`)).json();
    const notice = (await township.get(`/api/publicity/notices/${round.publicityId}`)).json();
    expect(notice).toMatchObject({ status: 'ended' });
    expect(notice.objectionList).toEqual([]);
    const approved = round.nominationList.filter((n: { status: string }) => n.status === 'approved');
    expect(approved.length).toBeGreaterThan(0);
    expect(notice.itemList.map((i: { label: string }) => i.label).sort()).toEqual(
      approved.map((n: { nominee: string }) => n.nominee).sort(),
    );
    const res = await township.post(`/api/party-life/honours/rounds/${waiting.id}/step`, { action: 'award' });
    expect(res.statusCode, res.body).toBe(200);
    const registry = (await township.get(`/api/party-life/honours?year=${year}`)).json();
    expect(
      registry
        .filter((h: { title: string }) => h.title === '最美家庭')
        .map((h: { holder: string }) => h.holder)
        .sort(),
    ).toEqual(approved.map((n: { nominee: string }) => n.nominee).sort());
  });
});
