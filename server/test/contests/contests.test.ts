import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';
import { TEST_PASSWORD, type Session } from '../test-app.ts';
import { contestWorld, sheetFor, templateId, type ContestWorld } from './contests.builders.ts';

let worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds) await w.close();
  worlds = [];
});

async function setup(n = 6) {
  const w = await createWorld();
  worlds.push(w);
  const c = await contestWorld(w, n);
  return { w, c };
}

async function createRound(c: ContestWorld, extra: Record<string, unknown> = {}) {
  const res = await c.s.chair.post('/api/contests', {
    templateId: await templateId(c.s.chair),
    unitId: c.township.id,
    name: '2026年第四季度人居环境观摩评比',
    date: '2026-11-20',
    judgesPerUnit: 6,
    flagCount: 1,
    prizeTiers: [1, 1],
    judges: [
      ...c.judges.map((j) => ({ userId: j.id, kind: 'cadre' })),
      { userId: c.secretary.id, kind: 'secretary' },
    ],
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    id: number;
    roundUnits: { unitId: number; judges: number[]; lotOrder: number }[];
  } & Record<string, unknown>;
}

const score = (s: Session, roundId: number, unitId: number, total: number, key?: string) =>
  s.request(
    'POST',
    `/api/contests/${roundId}/scores`,
    { unitId, criteria: sheetFor(total) },
    key ? { 'idempotency-key': key } : {},
  );

describe('contests: the check routes and the trimmed mean', () => {
  it('lists rounds, scores with 201, trims five judges, ranks, closes with a yellow flag to supervision', async () => {
    const { w, c } = await setup();
    const round = await createRound(c);
    const [, , , v4, v5] = c.villages;

    const list = await c.s.chair.get('/api/contests');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      expect.objectContaining({
        id: round.id,
        name: '2026年第四季度人居环境观摩评比',
        level: 'township',
        date: '2026-11-20',
        status: 'open',
      }),
    ]);
    // The lot order is a permutation of the six villages, with the seed recorded.
    expect(round.roundUnits.map((u) => u.lotOrder).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(typeof round.lotSeed).toBe('number');

    // Village 4: five judges, one an outlier (20): the highest (91) and the lowest (20) are dropped → 89.
    const v4Totals = [88, 90, 89, 91, 20];
    for (const [i, t] of v4Totals.entries()) {
      const res = await score(c.s[`j${i + 1}` as 'j1'], round.id, v4!.id, t);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().total).toBe(t);
    }
    // Village 5: four judges → the plain mean 88.75.
    for (const [i, t] of [80, 85, 90, 100].entries())
      expect((await score(c.s[`j${i + 1}` as 'j1'], round.id, v5!.id, t)).statusCode).toBe(201);

    const open = (await c.s.chair.get(`/api/contests/${round.id}/results`)).json();
    expect(open.method).toBe('trimmed_mean');
    expect(open.final).toBe(false);
    expect(
      open.entries.map((e: { unitId: number; score: number; rank: number }) => [e.unitId, e.score, e.rank]),
    ).toEqual([
      [v4!.id, 89, 1],
      [v5!.id, 88.75, 2],
    ]);

    const closed = await c.s.chair.post(`/api/contests/${round.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ ranked: 2, flagged: 1 });
    const results = (await c.s.j1.get(`/api/contests/${round.id}/results`)).json();
    expect(results).toMatchObject({ method: 'trimmed_mean', final: true, hidden: false });
    expect(results.entries).toEqual([
      expect.objectContaining({ unitId: v4!.id, name: '评比4村', score: 89, rank: 1, tier: 1, judges: 5 }),
      expect.objectContaining({ unitId: v5!.id, name: '评比5村', score: 88.75, rank: 2, tier: 2, judges: 4 }),
    ]);
    // The last place got a yellow flag: a problem-list item of that village in supervision.
    const items = await w.database.db
      .selectFrom('sv_items')
      .select(['org_unit_id', 'list', 'title'])
      .execute();
    expect(items).toEqual([expect.objectContaining({ org_unit_id: v5!.id, list: 'problem' })]);
    expect(items[0]!.title).toContain('黄旗');
    // A closed round takes no more sheets.
    expect((await score(c.s.j5, round.id, v5!.id, 70)).statusCode).toBe(409);
    // The judge's inbox was told.
    const inbox = await w.database.db
      .selectFrom('notifications')
      .select('user_id')
      .where('kind', '=', 'contests.closed')
      .execute();
    expect(inbox.map((n) => n.user_id)).toContain(c.judges[0]!.id);
  });

  it('rejects a sheet with a missing criterion, an unknown one, or a score above its maximum, naming the field', async () => {
    const { c } = await setup(2);
    const round = await createRound(c);
    const v = c.villages[1]!;
    const sheet = sheetFor(80);
    const over = await c.s.j1.post(`/api/contests/${round.id}/scores`, {
      unitId: v.id,
      criteria: sheet.map((x, i) => (i === 0 ? { ...x, score: 16 } : x)),
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.fields[0].path).toBe('criteria.0.score');
    const missing = await c.s.j1.post(`/api/contests/${round.id}/scores`, {
      unitId: v.id,
      criteria: sheet.slice(1),
    });
    expect(missing.json().error.fields[0].path).toBe('criteria');
    const unknown = await c.s.j1.post(`/api/contests/${round.id}/scores`, {
      unitId: v.id,
      criteria: [...sheet.slice(1), { code: 'nope', score: 1 }],
    });
    expect(unknown.json().error.fields[0].path).toBe(`criteria.${sheet.length - 1}.code`);
  });
});

describe('contests: 回避 (conflict of interest)', () => {
  it('never assigns nor accepts a judge’s own village, a linked village, or a hand exclusion: 403 conflict_of_interest', async () => {
    const { c } = await setup();
    const [v1, v2, v3, , , v6] = c.villages;
    // Judge 2 is the linked cadre of village 2 (三联五帮).
    const link = await c.s.chair.post('/api/links/cadres', {
      kind: 'village',
      unitId: v2!.id,
      userId: c.judges[1]!.id,
      since: '2026-01-01',
    });
    expect(link.statusCode, link.body).toBe(201);
    const round = await createRound(c, {
      exclusions: [{ userId: c.judges[2]!.id, unitId: v3!.id, reason: '亲属在该村任职' }],
    });
    const judgesOf = (id: number) => round.roundUnits.find((u) => u.unitId === id)!.judges;
    expect(judgesOf(v1!.id)).not.toContain(c.secretary.id);
    expect(judgesOf(v2!.id)).not.toContain(c.judges[1]!.id);
    expect(judgesOf(v3!.id)).not.toContain(c.judges[2]!.id);
    expect(judgesOf(v6!.id)).toHaveLength(6);

    for (const [s, unit] of [
      [c.s.sec, v1!],
      [c.s.j2, v2!],
      [c.s.j3, v3!],
    ] as const) {
      const res = await score(s, round.id, unit.id, 80);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('conflict_of_interest');
      expect(res.json().error.fields[0].path).toBe('unitId');
    }
    // A link made after the round was drawn up is honoured at scoring time too.
    await c.s.chair.post('/api/links/cadres', {
      kind: 'village',
      unitId: v6!.id,
      userId: c.judges[3]!.id,
      since: '2026-11-01',
    });
    const late = await score(c.s.j4, round.id, v6!.id, 80);
    expect(late.statusCode).toBe(403);
    expect(late.json().error.code).toBe('conflict_of_interest');
    // The secretary scores another village.
    expect((await score(c.s.sec, round.id, v6!.id, 80)).statusCode).toBe(201);
  });

  it('balances the load: with two judges per village every judge gets the same number where 回避 allows', async () => {
    const { c } = await setup(6);
    const round = await createRound(c, { judgesPerUnit: 2 });
    const load = new Map<number, number>();
    for (const u of round.roundUnits) for (const j of u.judges) load.set(j, (load.get(j) ?? 0) + 1);
    expect(round.roundUnits.every((u) => u.judges.length === 2)).toBe(true);
    expect(Math.max(...load.values()) - Math.min(...load.values())).toBeLessThanOrEqual(1);
  });
});

describe('contests: offline replay, locking, hidden scores, corrections', () => {
  it('a queued sheet sent twice with its Idempotency-Key is stored once: 201, then 200 with the same sheet', async () => {
    const { w, c } = await setup(2);
    const round = await createRound(c);
    const v = c.villages[1]!;
    const first = await score(c.s.j1, round.id, v.id, 77, 'sheet-0001-abcdef');
    expect(first.statusCode, first.body).toBe(201);
    const again = await score(c.s.j1, round.id, v.id, 77, 'sheet-0001-abcdef');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const count = await w.database.db.selectFrom('contest_sheets').select('id').execute();
    expect(count).toHaveLength(1);
    // The same key with another body is refused; another key for the same village finds the sheet locked.
    const other = await score(c.s.j1, round.id, v.id, 60, 'sheet-0001-abcdef');
    expect(other.statusCode).toBe(422);
    const locked = await score(c.s.j1, round.id, v.id, 60, 'sheet-0002-abcdef');
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.fields[0].path).toBe('unitId');
    const audits = await w.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'contests.sheet.submit')
      .execute();
    expect(audits).toHaveLength(1);
  });

  it('a judge sees nobody else’s scores of a village until their own sheet of it is in', async () => {
    const { c } = await setup(2);
    const round = await createRound(c);
    const v = c.villages[1]!;
    await score(c.s.j1, round.id, v.id, 90);
    const before = (await c.s.j2.get(`/api/contests/${round.id}/sheets?unitId=${v.id}`)).json();
    expect(before).toEqual([]);
    const hiddenResults = (await c.s.j2.get(`/api/contests/${round.id}/results`)).json();
    expect(hiddenResults).toMatchObject({ hidden: true, entries: [] });
    await score(c.s.j2, round.id, v.id, 70);
    const after = (await c.s.j2.get(`/api/contests/${round.id}/sheets?unitId=${v.id}`)).json();
    expect(after.map((s: { judgeId: number; total: number }) => [s.judgeId, s.total]).sort()).toEqual(
      [
        [c.judges[0]!.id, 90],
        [c.judges[1]!.id, 70],
      ].sort(),
    );
    // The chair sees every sheet at any time.
    expect((await c.s.chair.get(`/api/contests/${round.id}/sheets`)).json()).toHaveLength(2);
  });

  it('the chair corrects a locked sheet with a reason: old value kept, audited; no one else may', async () => {
    const { w, c } = await setup(2);
    const round = await createRound(c);
    const v = c.villages[1]!;
    const sheet = (await score(c.s.j1, round.id, v.id, 90)).json();
    const other = await w.user({ role: 'township_admin', unit: c.township });
    const otherS = await w.login(other);
    const body = { criteria: [{ code: 'streets_clean', score: 5 }], reason: '现场复核：主街有垃圾堆放' };
    expect((await otherS.post(`/api/contests/${round.id}/sheets/${sheet.id}/correct`, body)).statusCode).toBe(
      403,
    );
    expect((await c.s.j1.post(`/api/contests/${round.id}/sheets/${sheet.id}/correct`, body)).statusCode).toBe(
      403,
    );
    const noReason = await c.s.chair.post(`/api/contests/${round.id}/sheets/${sheet.id}/correct`, {
      ...body,
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].path).toBe('reason');
    const res = await c.s.chair.post(`/api/contests/${round.id}/sheets/${sheet.id}/correct`, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total).toBe(80);
    expect(res.json().criteria.find((x: { code: string }) => x.code === 'streets_clean')).toMatchObject({
      score: 5,
      originalScore: 15,
      reason: '现场复核：主街有垃圾堆放',
    });
    // A second correction keeps the judge's own first score.
    const again = await c.s.chair.post(`/api/contests/${round.id}/sheets/${sheet.id}/correct`, {
      criteria: [{ code: 'streets_clean', score: 8 }],
      reason: '再次复核',
    });
    expect(
      again.json().criteria.find((x: { code: string }) => x.code === 'streets_clean').originalScore,
    ).toBe(15);
    const audit = await w.database.db
      .selectFrom('audit_log')
      .select(['old_value', 'new_value'])
      .where('action', '=', 'contests.sheet.correct')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]!.old_value!)).toMatchObject({
      total: 90,
      scores: [{ code: 'streets_clean', score: 15 }],
    });
    expect((await c.s.chair.get(`/api/contests/${round.id}/results`)).json().entries[0].score).toBe(83);
  });
});

describe('contests: methods, guests, facts, to-dos', () => {
  it('z-scores and the median through the server, with the formula shown', async () => {
    const { c } = await setup(3);
    const [, v2, v3] = c.villages;
    const z = await createRound(c, {
      method: 'zscore',
      judges: [{ userId: c.judges[0]!.id }, { userId: c.judges[1]!.id }],
    });
    await score(c.s.j1, z.id, v2!.id, 80);
    await score(c.s.j1, z.id, v3!.id, 90);
    await score(c.s.j2, z.id, v2!.id, 60);
    await score(c.s.j2, z.id, v3!.id, 70);
    const r = (await c.s.chair.get(`/api/contests/${z.id}/results`)).json();
    // Totals 80, 90, 60, 70: mean 75, sd √125; both judges put village 2 one sd below their own mean.
    expect(r.entries.map((e: { unitId: number; score: number }) => [e.unitId, e.score])).toEqual([
      [v3!.id, 86.18],
      [v2!.id, 63.82],
    ]);
    expect(r.formula.zh).toContain('标准分');
    const m = await createRound(c, {
      method: 'median',
      judges: c.judges.slice(0, 4).map((j) => ({ userId: j.id })),
    });
    for (const [i, t] of [70, 100, 80, 90].entries()) await score(c.s[`j${i + 1}` as 'j1'], m.id, v2!.id, t);
    expect((await c.s.chair.get(`/api/contests/${m.id}/results`)).json().entries[0].score).toBe(85);
  });

  it('a guest judge gets a one-off account that stops working when the round closes', async () => {
    const { w, c } = await setup(2);
    const round = await createRound(c, { judges: [], guests: [{ name: '村民代表王某' }] });
    const guest = (round.guestAccounts as { username: string; password: string }[])[0]!;
    const gs = await w.login(guest.username, guest.password);
    expect((await score(gs, round.id, c.villages[1]!.id, 66)).statusCode).toBe(201);
    expect((await c.s.chair.post(`/api/contests/${round.id}/close`)).statusCode).toBe(200);
    await expect(w.login(guest.username, guest.password)).rejects.toThrow();
    expect(TEST_PASSWORD).not.toBe(guest.password);
  });

  it('facts: the year’s average inspection score and "top third at least twice"; the judge’s to-do count', async () => {
    const { w, c } = await setup(3);
    const [, v2, v3] = c.villages;
    const wb = (await c.s.j1.get('/api/workbench')).json();
    expect(wb.groups.find((g: { key: string }) => g.key === 'contests.score')).toBeUndefined();
    for (const totals of [
      [90, 60],
      [80, 70],
    ]) {
      const r = await createRound(c, { judges: [{ userId: c.judges[0]!.id }], flagCount: 0 });
      const todo = (await c.s.j1.get('/api/workbench'))
        .json()
        .groups.find((g: { key: string }) => g.key === 'contests.score');
      expect(todo).toMatchObject({ count: 3, path: '/contests/judge' }); // the three villages (own: none, a township judge)
      await score(c.s.j1, r.id, v2!.id, totals[0]!);
      await score(c.s.j1, r.id, v3!.id, totals[1]!);
      expect((await c.s.chair.post(`/api/contests/${r.id}/close`)).statusCode).toBe(200);
    }
    const facts = await w.app.facts.compute(
      w.database.db,
      ['contests.avg_inspection_score', 'contests.top_third_twice'],
      [v2!.branchId, v3!.branchId, c.villages[0]!.branchId],
      2026,
    );
    expect(facts.get(v2!.branchId)).toEqual({
      'contests.avg_inspection_score': 85,
      'contests.top_third_twice': true,
    });
    expect(facts.get(v3!.branchId)).toEqual({
      'contests.avg_inspection_score': 65,
      'contests.top_third_twice': false,
    });
    expect(facts.get(c.villages[0]!.branchId)).toEqual({
      'contests.avg_inspection_score': null,
      'contests.top_third_twice': null,
    });
  });

  it('a village secretary sees the rounds that rank their village; another township’s office does not', async () => {
    const { w, c } = await setup(2);
    const round = await createRound(c);
    const elsewhere = await w.township();
    const stranger = await w.login(await w.user({ role: 'township_admin', unit: elsewhere }));
    expect((await stranger.get('/api/contests')).json()).toEqual([]);
    expect((await stranger.get(`/api/contests/${round.id}/results`)).statusCode).toBe(404);
    expect((await c.s.sec.get('/api/contests')).json().map((r: { id: number }) => r.id)).toEqual([round.id]);
  });
});
