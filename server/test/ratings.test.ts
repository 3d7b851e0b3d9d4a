import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EVIDENCE } from '../src/modules/ratings/demo/demo-evidence.ts';
import { createTestApp, login, type Session, type TestContext } from './test-app.ts';

const DAY = 86_400_000;
const YEAR = new Date(Date.UTC(2026, 10, 2)).getUTCFullYear(); // the ManualClock's year: the demo's current cycle

type Detail = {
  id: number;
  status: string;
  starCode: string;
  branchId: number;
  indicators: { code: string; type: string; minFiles: number; threshold: number | null }[];
  results: { code: string; review: string; changedSinceReview: boolean; files: unknown[] }[];
  evaluation: { eligible: boolean };
  history: { action: string; actorName: string | null; reason: string | null }[];
};

const raw = (res: unknown) => (res as { rawPayload: Buffer }).rawPayload;

function pdfText(buf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'fs-pdf-'));
  writeFileSync(join(dir, 'a.pdf'), buf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-']).toString('utf8');
}

/** Fills every indicator of an application so that it passes, uploading evidence files where asked. */
async function assessAll(s: Session, d: Detail) {
  const results = d.indicators
    .filter((i) => i.type !== 'derived')
    .map((i) =>
      i.type === 'numeric'
        ? { code: i.code, value: (i.threshold ?? 0) + 1 }
        : i.type === 'veto'
          ? { code: i.code, triggered: false }
          : { code: i.code, met: true },
    );
  expect((await s.post(`/api/ratings/applications/${d.id}/assess`, { results })).statusCode).toBe(200);
  for (const i of d.indicators)
    for (let f = 0; f < i.minFiles; f++) {
      const res = await s.request(
        'POST',
        `/api/ratings/applications/${d.id}/evidence?indicator=${i.code}&name=photo${f}.png`,
        DEMO_EVIDENCE.body,
        { 'content-type': 'application/octet-stream' },
      );
      expect(res.statusCode, res.body).toBe(201);
    }
}

describe('ratings', () => {
  let ctx: TestContext;
  let county: Session;
  let township: Session;
  let secretary: Session;
  const relogin = async () => {
    county = await login(ctx.app, 'county');
    township = await login(ctx.app, 'township');
    secretary = await login(ctx.app, 'secretary01');
  };
  beforeAll(async () => {
    ctx = await createTestApp();
    await relogin();
  });
  afterAll(async () => ctx.close());

  it('2022 from award records: 6 four-star, 18 three-star, no five-star, 43.64 %', async () => {
    const res = await township.get('/api/ratings/summary?year=2022');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ year: 2022, branches: 55, threeOrMore: 24, threeOrMoreShare: 43.64 });
    expect(s.byLevel).toMatchObject({ '3': 18, '4': 6, '5': 0 });
    expect(Object.values(s.byLevel as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(55);
    // The per-star counts are the award rows themselves.
    const rows = await ctx.database.db
      .selectFrom('star_awards')
      .select('star_code')
      .where('year', '=', 2022)
      .where('status', '=', 'active')
      .execute();
    const byStar: Record<string, number> = {};
    for (const r of rows) byStar[r.star_code] = (byStar[r.star_code] ?? 0) + 1;
    expect(Object.fromEntries(Object.entries(s.byStar).filter(([, n]) => n !== 0))).toEqual(byStar);
    expect(s.byStar).toMatchObject({
      strong_branch: 0,
      livable: expect.any(Number),
      cobuild: expect.any(Number),
    });
    expect(Object.values(byStar).reduce((a, b) => a + b, 0)).toBe(
      4 * 6 + 3 * 18 + 2 * s.byLevel['2'] + s.byLevel['1'],
    );
  });

  it('the current cycle is in progress with every state, a returned indicator, an open objection, a revoked star', async () => {
    const d = (await township.get(`/api/ratings/dashboard?year=${YEAR}`)).json();
    for (const st of [
      'draft',
      'submitted',
      'township_review',
      'returned',
      'county_review',
      'rated',
      'publicity',
      'objection',
      'awarded',
      'rejected',
      'revoked',
    ])
      expect(d.cycle[st], st).toBeGreaterThan(0);
    expect(d.years.map((y: { year: number }) => y.year)).toEqual([2022, 2023, 2024, 2025, YEAR]);
    expect(d.villages).toHaveLength(55);
    expect(d.byDistrict.length).toBe(5);
    const c2023 = d.changes.find((c: { year: number }) => c.year === 2023);
    const s2022 = d.years[0];
    const s2023 = d.years[1];
    const total = (s: { byStar: Record<string, number> }) =>
      Object.values(s.byStar).reduce((a, b) => a + b, 0);
    expect(total(s2023) - total(s2022)).toBe(c2023.gained - c2023.lost);
    expect(d.changes.find((c: { year: number }) => c.year === YEAR).revoked).toBeGreaterThan(0);
    const notices = (await ctx.app.inject({ method: 'GET', url: '/api/public/notices' })).json();
    expect(
      notices.some((n: { objections: { status: string }[] }) =>
        n.objections.some((o) => o.status === 'open'),
      ),
    ).toBe(true);
  });

  it('the county versions the standards: a new year copies the last, drafts edit, published ones are immutable', async () => {
    const created = await county.post('/api/ratings/standards', { year: YEAR + 1, branchKind: 'rural' });
    expect(created.statusCode).toBe(201);
    const std = created.json();
    expect(std.status).toBe('draft');
    expect(std.definition.capstone).toEqual({ enabled: true, starCode: 'strong_branch', verified: false });
    expect(
      (await county.post('/api/ratings/standards', { year: YEAR + 1, branchKind: 'rural' })).statusCode,
    ).toBe(409);
    expect(
      (await township.post('/api/ratings/standards', { year: YEAR + 2, branchKind: 'rural' })).statusCode,
    ).toBe(403);

    const def = { ...std.definition, capstone: { ...std.definition.capstone, enabled: false } };
    def.indicators = [
      ...def.indicators,
      {
        ...def.indicators.find((i: { type: string }) => i.type === 'derived'),
        code: 'safety.unknown_fact',
        starCode: 'safety',
        fact: 'nowhere.registered', // a standard may only name a registered fact
      },
    ];
    const bad = await county.patch(`/api/ratings/standards/${std.id}`, { definition: def });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toMatch(/^definition\.indicators\.\d+\.fact$/);
    def.indicators.pop();
    const ok = await county.patch(`/api/ratings/standards/${std.id}`, { definition: def });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().definition.capstone.enabled).toBe(false);
    expect((await county.post(`/api/ratings/standards/${std.id}/publish`)).statusCode).toBe(200);
    expect((await county.patch(`/api/ratings/standards/${std.id}`, { definition: def })).statusCode).toBe(
      409,
    );
    const facts = (await county.get('/api/ratings/facts')).json().map((f: { code: string }) => f.code);
    expect(facts).toEqual(expect.arrayContaining(['branch.member_count', 'branch.grid_workers']));
  });

  it('the public notice rate-limits objections and its PDF carries Chinese text', async () => {
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/public/notices' })).json();
    const open = list.find((n: { open: boolean }) => n.open);
    expect(open).toBeDefined();
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/public/notices/${open.id}/objections`,
        payload: { content: `第${i}条异议内容` },
        remoteAddress: '10.9.9.9',
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 5).every((c) => c === 201)).toBe(true);
    expect(codes.slice(5)).toEqual([429, 429]);
    const pdf = await ctx.app.inject({ method: 'GET', url: `/api/public/notices/${open.id}/pdf` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('公示');
    expect(text).toContain(open.items[0].branchName);
  });

  it('walks the whole cycle: self-assess, return one indicator, resubmit, recommend, rate, notice, objection, award, revoke', async () => {
    const list = (await secretary.get(`/api/ratings/applications?year=${YEAR}`)).json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((a: { status: string }) => a.status === 'draft')).toBe(true);
    const target = list.items.find((a: { starCode: string }) => a.starCode !== 'strong_branch');
    let d: Detail = (await secretary.get(`/api/ratings/applications/${target.id}`)).json();

    // Nothing filled yet: submitting is refused.
    expect((await secretary.post(`/api/ratings/applications/${d.id}/submit`)).statusCode).toBe(409);
    await assessAll(secretary, d);
    const sub = await secretary.post(`/api/ratings/applications/${d.id}/submit`);
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json().status).toBe('submitted');
    // Locked once sent.
    const locked = await secretary.post(`/api/ratings/applications/${d.id}/assess`, {
      results: [{ code: d.indicators[0]!.code, note: 'late edit' }],
    });
    expect(locked.statusCode).toBe(409);
    // The county cannot act before the township (DHIS2 order); the secretary cannot review.
    expect(
      (await county.post(`/api/ratings/applications/${d.id}/county`, { action: 'rate' })).statusCode,
    ).toBe(409);
    expect(
      (await secretary.post(`/api/ratings/applications/${d.id}/township`, { action: 'recommend' }))
        .statusCode,
    ).toBe(403);

    // The township accepts every indicator but the first, which it returns with a comment.
    const [first, ...rest] = d.indicators;
    for (const i of rest)
      expect(
        (
          await township.post(`/api/ratings/applications/${d.id}/indicator-review`, {
            code: i.code,
            decision: 'accept',
          })
        ).statusCode,
      ).toBe(200);
    expect(
      (
        await township.post(`/api/ratings/applications/${d.id}/indicator-review`, {
          code: first!.code,
          decision: 'return',
        })
      ).statusCode,
    ).toBe(400); // a return needs a comment
    await township.post(`/api/ratings/applications/${d.id}/indicator-review`, {
      code: first!.code,
      decision: 'return',
      comment: '照片不清晰',
    });
    expect(
      (await township.post(`/api/ratings/applications/${d.id}/township`, { action: 'recommend' })).statusCode,
    ).toBe(409);
    const ret = await township.post(`/api/ratings/applications/${d.id}/township`, {
      action: 'return',
      reason: '请补充材料',
    });
    expect(ret.json().status).toBe('returned');

    // Only the returned indicator may change; the change is flagged for the reviewer.
    const second = rest.find((i) => i.type !== 'derived')!;
    expect(
      (
        await secretary.post(`/api/ratings/applications/${d.id}/assess`, {
          results: [{ code: second.code, note: 'x' }],
        })
      ).statusCode,
    ).toBe(400);
    const fix =
      first!.type === 'numeric'
        ? { code: first!.code, value: (first!.threshold ?? 0) + 5 }
        : first!.type === 'veto'
          ? { code: first!.code, triggered: false, note: '已核实' }
          : { code: first!.code, met: true, note: '已补充' };
    expect(
      (await secretary.post(`/api/ratings/applications/${d.id}/assess`, { results: [fix] })).statusCode,
    ).toBe(200);
    await secretary.request(
      'POST',
      `/api/ratings/applications/${d.id}/evidence?indicator=${first!.code}&name=new.png`,
      DEMO_EVIDENCE.body,
      { 'content-type': 'application/octet-stream' },
    );
    d = (await secretary.post(`/api/ratings/applications/${d.id}/submit`)).json();
    expect(d.status).toBe('submitted');
    expect(d.results.find((r) => r.code === first!.code)!.changedSinceReview).toBe(true);
    expect(d.results.find((r) => r.code === second.code)!.review).toBe('accepted');

    await township.post(`/api/ratings/applications/${d.id}/indicator-review`, {
      code: first!.code,
      decision: 'accept',
    });
    d = (await township.post(`/api/ratings/applications/${d.id}/township`, { action: 'recommend' })).json();
    expect(d.status).toBe('county_review');
    d = (await county.post(`/api/ratings/applications/${d.id}/county`, { action: 'rate' })).json();
    expect(d.status).toBe('rated');
    expect(
      (await county.post(`/api/ratings/applications/${d.id}/county`, { action: 'award' })).statusCode,
    ).toBe(409);

    // The township publishes the notice; anyone reads it and objects without signing in.
    const notice = await township.post('/api/ratings/notices', { year: YEAR, applicationIds: [d.id] });
    expect(notice.statusCode, notice.body).toBe(201);
    const noticeId = notice.json().id;
    const pub = await ctx.app.inject({ method: 'GET', url: `/api/public/notices/${noticeId}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().items).toHaveLength(1);
    const obj = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/notices/${noticeId}/objections`,
      payload: { applicationId: d.id, content: '该村人居环境整治未完成', contact: '13800000000' },
    });
    expect(obj.statusCode).toBe(201);
    const publicBody = (await ctx.app.inject({ method: 'GET', url: `/api/public/notices/${noticeId}` })).body;
    expect(publicBody).not.toMatch(/1[3-9]\d{9}/); // no phone (and no epoch-ms numbers that look like one)
    expect(publicBody).not.toContain('人居环境整治未完成');
    const staff = (await township.get(`/api/ratings/notices/${noticeId}`)).json();
    expect(staff.objections[0].contact).toBe('13800000000');
    const stored = await ctx.database.db
      .selectFrom('rating_objections')
      .select('contact')
      .where('id', '=', staff.objections[0].id)
      .executeTakeFirstOrThrow();
    expect(stored.contact).not.toContain('13800000000'); // encrypted at rest
    expect((await secretary.get(`/api/ratings/notices/${noticeId}`)).json().objections[0].contact).toBeNull();
    expect((await secretary.get(`/api/ratings/applications/${d.id}`)).json().status).toBe('objection');

    // The township resolves the objection on the record; the county names the star after the window.
    const resolved = await township.post(`/api/ratings/objections/${staff.objections[0].id}/resolve`, {
      decision: 'dismissed',
      outcome: '经核实，人居环境整治已按期完成',
    });
    expect(resolved.statusCode).toBe(200);
    expect((await county.post(`/api/ratings/notices/${noticeId}/award`)).statusCode).toBe(409); // window still open
    const before = (await township.get(`/api/ratings/summary?year=${YEAR}`)).json();
    ctx.clock.advance(8 * DAY);
    await relogin();
    const awarded = await county.post(`/api/ratings/notices/${noticeId}/award`);
    expect(awarded.statusCode, awarded.body).toBe(200);
    expect((await secretary.get(`/api/ratings/applications/${d.id}`)).json().status).toBe('awarded');
    const after = (await township.get(`/api/ratings/summary?year=${YEAR}`)).json();
    expect(after.byStar[d.starCode]).toBe((before.byStar[d.starCode] ?? 0) + 1);

    // A certificate for the award, in Chinese.
    const award = await ctx.database.db
      .selectFrom('star_awards')
      .select('id')
      .where('application_id', '=', d.id)
      .executeTakeFirstOrThrow();
    const cert = await secretary.get(`/api/ratings/awards/${award.id}/certificate`);
    expect(cert.statusCode).toBe(200);
    const certText = pdfText(Buffer.from(raw(cert)));
    expect(certText).toContain('特发此证');
    expect(certText).toContain((await secretary.get(`/api/ratings/applications/${d.id}`)).json().branchName);

    // 摘星: revoking needs a reason, and the figures move back.
    expect(
      (await county.post(`/api/ratings/applications/${d.id}/county`, { action: 'revoke' })).statusCode,
    ).toBe(409);
    const revoked = await county.post(`/api/ratings/applications/${d.id}/county`, {
      action: 'revoke',
      reason: '发生安全事故，一票否决',
    });
    expect(revoked.json().status).toBe('revoked');
    expect(revoked.json().history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'submit',
      'start_review',
      'return',
      'submit',
      'start_review',
      'recommend',
      'rate',
      'publish',
      'object',
      'dismiss_objection',
      'award',
      'revoke',
    ]);
    const final = (await township.get(`/api/ratings/summary?year=${YEAR}`)).json();
    expect(final.byStar[d.starCode] ?? 0).toBe(before.byStar[d.starCode] ?? 0);
    const why = (await township.get(`/api/ratings/branches/${d.branchId}?year=${YEAR}`)).json();
    const star = why.stars.find((s: { code: string }) => s.code === d.starCode);
    expect(star.held).toBe(false);
    expect(star.why[0]).toEqual({ reason: 'revoked', detail: '发生安全事故，一票否决' });

    // Every transition left an audit row.
    const audits = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'star_application')
      .where('object_id', '=', String(d.id))
      .execute();
    const actions = audits.map((a) => a.action);
    for (const a of [
      'ratings.submit',
      'ratings.return',
      'ratings.recommend',
      'ratings.rate',
      'ratings.publish',
      'ratings.award',
      'ratings.revoke',
    ])
      expect(actions).toContain(a);
  });

  it('keeps data in scope: another village sees 404, a grid worker 403, anonymous 401', async () => {
    const mine = (await secretary.get(`/api/ratings/applications?year=${YEAR}`)).json().items[0];
    const other = await login(ctx.app, 'secretary02');
    expect((await other.get(`/api/ratings/applications/${mine.id}`)).statusCode).toBe(404);
    const file = await ctx.database.db
      .selectFrom('evidence_files')
      .select('id')
      .where('application_id', '=', mine.id)
      .executeTakeFirst();
    if (file) {
      expect((await other.get(`/api/ratings/evidence/${file.id}`)).statusCode).toBe(404);
      const own = await secretary.get(`/api/ratings/evidence/${file.id}`);
      expect(own.statusCode).toBe(200);
      expect(own.headers['content-type']).toBe('image/png');
    }
    const grid = await login(ctx.app, 'grid001');
    expect((await grid.get(`/api/ratings/summary?year=${YEAR}`)).statusCode).toBe(403);
    expect(
      (await ctx.app.inject({ method: 'GET', url: `/api/ratings/summary?year=${YEAR}` })).statusCode,
    ).toBe(401);
    // A village's summary is its own branch only.
    expect((await other.get('/api/ratings/summary?year=2022')).json().branches).toBe(1);
  });

  it('evidence is typed by its bytes, not its name', async () => {
    const app = (await secretary.get(`/api/ratings/applications?year=${YEAR}&status=draft`)).json().items[0];
    const d: Detail = (await secretary.get(`/api/ratings/applications/${app.id}`)).json();
    const code = d.indicators[0]!.code;
    const up = (body: Buffer, name: string) =>
      secretary.request(
        'POST',
        `/api/ratings/applications/${d.id}/evidence?indicator=${code}&name=${name}`,
        body,
        {
          'content-type': 'application/octet-stream',
        },
      );
    expect((await up(Buffer.from('MZ fake exe pretending to be a photo'), 'photo.jpg')).statusCode).toBe(415);
    expect(
      (await up(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), 'x.bin')).json().mime,
    ).toBe('application/pdf');
    expect((await up(DEMO_EVIDENCE.body, 'a.txt')).json().mime).toBe('image/png');
    // Size limits by type: a photo over 10 MB is refused (a PDF may be up to 20 MB).
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    DEMO_EVIDENCE.body.copy(big);
    expect((await up(big, 'huge.png')).statusCode).toBe(413);
    expect((await up(Buffer.alloc(0), 'empty.png')).statusCode).toBe(400);
    expect(
      (
        await secretary.request(
          'POST',
          `/api/ratings/applications/${d.id}/evidence?indicator=nope.x`,
          DEMO_EVIDENCE.body,
          { 'content-type': 'application/octet-stream' },
        )
      ).statusCode,
    ).toBe(400);
  });

  it('exports the year as Excel and imports a past year from that layout, all or nothing', async () => {
    const xlsx = await township.get('/api/ratings/export?year=2022');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(raw(xlsx)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(1).getCell(1).value)).toContain('2022年度');
    expect(ws.rowCount).toBe(57);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const imp = (year: number, body: Buffer) =>
      county.request('POST', `/api/ratings/import?year=${year}`, body, {
        'content-type': 'application/octet-stream',
      });

    // A bad row: nothing is written, and the report names the row and column.
    const bad = new ExcelJS.Workbook();
    await bad.xlsx.load(buf as unknown as ArrayBuffer);
    bad.worksheets[0]!.getRow(5).getCell(6).value = 'X';
    bad.worksheets[0]!.getRow(7).getCell(4).value = '不存在村党支部';
    const report = await imp(2021, Buffer.from(await bad.xlsx.writeBuffer()));
    expect(report.statusCode).toBe(422);
    expect(report.json().errors.map((e: { row: number }) => e.row)).toEqual([5, 7]);
    expect((await township.get('/api/ratings/summary?year=2021')).json().threeOrMore).toBe(0);

    const good = await imp(2021, buf);
    expect(good.json()).toMatchObject({ ok: true, rows: 55, written: 55 });
    const s2021 = (await township.get('/api/ratings/summary?year=2021')).json();
    const s2022 = (await township.get('/api/ratings/summary?year=2022')).json();
    // The same figures (2021 has no published standard, so its byStar lists only the stars held).
    const held = (s: { byStar: Record<string, number> }) =>
      Object.fromEntries(Object.entries(s.byStar).filter(([, n]) => n > 0));
    expect({ ...s2021, year: 2022, byStar: held(s2021) }).toEqual({ ...s2022, byStar: held(s2022) });
    expect((await imp(YEAR, buf)).statusCode).toBe(400); // only past years
  });

  it('under the capstone switch, revoking one of the other stars takes the strong-branch star with it', async () => {
    const five = (await township.get(`/api/ratings/branches?year=${YEAR}&level=5`)).json().items[0];
    expect(five).toBeDefined();
    const apps = (
      await township.get(`/api/ratings/applications?year=${YEAR}&branchId=${five.branchId}&status=awarded`)
    ).json().items as { id: number; starCode: string }[];
    const ordinary = apps.find((a) => a.starCode !== 'strong_branch')!;
    const capstone = apps.find((a) => a.starCode === 'strong_branch')!;
    const before = (await township.get(`/api/ratings/summary?year=${YEAR}`)).json();
    const res = await county.post(`/api/ratings/applications/${ordinary.id}/county`, {
      action: 'revoke',
      reason: '一票否决',
    });
    expect(res.statusCode).toBe(200);
    expect((await township.get(`/api/ratings/applications/${capstone.id}`)).json().status).toBe('revoked');
    const detail = (await township.get(`/api/ratings/branches/${five.branchId}?year=${YEAR}`)).json();
    expect(detail.level).toBe(3);
    expect(
      detail.stars
        .find((s: { code: string }) => s.code === 'strong_branch')
        .why.map((w: { reason: string }) => w.reason),
    ).toEqual(expect.arrayContaining(['revoked', 'capstone']));
    const after = (await township.get(`/api/ratings/summary?year=${YEAR}`)).json();
    expect(after.byLevel['5']).toBe(before.byLevel['5'] - 1);
    expect(after.byLevel['3']).toBe(before.byLevel['3'] + 1);
  });

  it('targets: the township plans levels and stars; a village target creates draft applications', async () => {
    const put = await township.request('PUT', '/api/ratings/targets', {
      year: YEAR,
      levels: { '5': 3, '4': 10, '3': 20 },
      stars: { industry: 40 },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().levels['4']).toBe(10);
    const branch = (await township.get('/api/org/branches?kind=urban')).json().items[0];
    const res = await township.request('PUT', '/api/ratings/targets/branch', {
      year: YEAR,
      branchId: branch.id,
      stars: ['cobuild', 'livable'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const rural = await township.request('PUT', '/api/ratings/targets/branch', {
      year: YEAR,
      branchId: branch.id,
      stars: ['industry'],
    });
    expect(rural.statusCode).toBe(400); // not a star of the urban standard
  });
});
