import type { ApplicationDetail, BranchRatingDetail, Summary } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EVIDENCE } from '../../src/modules/ratings/demo/demo-evidence.ts';
import {
  assessAll,
  DAY,
  pdfText,
  ratingsWorld,
  seedApplication,
  seedAwards,
  uploadEvidence,
  type RatingsWorld,
} from './ratings.builders.ts';

const raw = (res: unknown) => (res as { rawPayload: Buffer }).rawPayload;
/** The rating cycle end to end through the API, each test on its own world. */
describe('the rating cycle', () => {
  let w: RatingsWorld;
  afterEach(async () => w.close());

  it('walks the whole cycle: self-assess, return one indicator, resubmit, recommend, rate, notice, objection, award, revoke', async () => {
    w = await ratingsWorld();
    const { year } = w;
    const { secretary, township } = w.as;
    let county = w.as.county;
    // The ecology star: every indicator is the village's own (the industry star now reads the development registries).
    const draft = await seedApplication(w, { village: w.home, standard: w.standard, star: 'ecology' });
    const list = (await secretary.get(`/api/ratings/applications?year=${year}`)).json();
    expect(list.items.map((a: { id: number; status: string }) => [a.id, a.status])).toEqual([
      [draft.id, 'draft'],
    ]);
    let d: ApplicationDetail = (await secretary.get(`/api/ratings/applications/${draft.id}`)).json();

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
    const review = (body: object) =>
      township.post(`/api/ratings/applications/${d.id}/indicator-review`, body);
    const [first, ...rest] = d.indicators;
    for (const i of rest) expect((await review({ code: i.code, decision: 'accept' })).statusCode).toBe(200);
    expect((await review({ code: first!.code, decision: 'return' })).statusCode).toBe(400); // a return needs a comment
    await review({ code: first!.code, decision: 'return', comment: '照片不清晰' });
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
    expect(
      (await uploadEvidence(secretary, d.id, first!.code, DEMO_EVIDENCE.body, 'new.png')).statusCode,
    ).toBe(201);
    d = (await secretary.post(`/api/ratings/applications/${d.id}/submit`)).json();
    expect(d.status).toBe('submitted');
    expect(d.results.find((r) => r.code === first!.code)!.changedSinceReview).toBe(true);
    expect(d.results.find((r) => r.code === second.code)!.review).toBe('accepted');

    await review({ code: first!.code, decision: 'accept' });
    d = (await township.post(`/api/ratings/applications/${d.id}/township`, { action: 'recommend' })).json();
    expect(d.status).toBe('county_review');
    d = (await county.post(`/api/ratings/applications/${d.id}/county`, { action: 'rate' })).json();
    expect(d.status).toBe('rated');
    expect(
      (await county.post(`/api/ratings/applications/${d.id}/county`, { action: 'award' })).statusCode,
    ).toBe(409);

    // The township publishes the notice; anyone reads it and objects without signing in.
    const notice = await township.post('/api/ratings/notices', { year, applicationIds: [d.id] });
    expect(notice.statusCode, notice.body).toBe(201);
    const noticeId = notice.json().id;
    const pub = await w.app.inject({ method: 'GET', url: `/api/public/notices/${noticeId}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().items).toHaveLength(1);
    const obj = await w.app.inject({
      method: 'POST',
      url: `/api/public/notices/${noticeId}/objections`,
      payload: { applicationId: d.id, content: '该村人居环境整治未完成', contact: '13800000000' },
    });
    expect(obj.statusCode).toBe(201);
    const publicBody = (await w.app.inject({ method: 'GET', url: `/api/public/notices/${noticeId}` })).body;
    expect(publicBody).not.toMatch(/1[3-9]\d{9}/); // no phone (and no epoch-ms numbers that look like one)
    expect(publicBody).not.toContain('人居环境整治未完成');
    const staff = (await township.get(`/api/ratings/notices/${noticeId}`)).json();
    expect(staff.objections[0].contact).toBe('13800000000');
    const stored = await w.database.db
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
    const before: Summary = (await township.get(`/api/ratings/summary?year=${year}`)).json();
    w.clock.advance(8 * DAY);
    county = await w.login(w.accounts.county);
    const awarded = await county.post(`/api/ratings/notices/${noticeId}/award`);
    expect(awarded.statusCode, awarded.body).toBe(200);
    const secretaryNow = await w.login(w.accounts.secretary);
    const townshipNow = await w.login(w.accounts.township);
    expect((await secretaryNow.get(`/api/ratings/applications/${d.id}`)).json().status).toBe('awarded');
    const after: Summary = (await townshipNow.get(`/api/ratings/summary?year=${year}`)).json();
    expect(after.byStar[d.starCode]).toBe((before.byStar[d.starCode] ?? 0) + 1);

    // A certificate for the award, in Chinese.
    const award = await w.database.db
      .selectFrom('star_awards')
      .select('id')
      .where('application_id', '=', d.id)
      .executeTakeFirstOrThrow();
    const cert = await secretaryNow.get(`/api/ratings/awards/${award.id}/certificate`);
    expect(cert.statusCode).toBe(200);
    const certText = pdfText(Buffer.from(raw(cert)));
    expect(certText).toContain('特发此证');
    expect(certText).toContain(d.branchName);

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
    const final: Summary = (await townshipNow.get(`/api/ratings/summary?year=${year}`)).json();
    expect(final.byStar[d.starCode] ?? 0).toBe(before.byStar[d.starCode] ?? 0);
    const why: BranchRatingDetail = (
      await townshipNow.get(`/api/ratings/branches/${d.branchId}?year=${year}`)
    ).json();
    const star = why.stars.find((s) => s.code === d.starCode)!;
    expect(star.held).toBe(false);
    expect(star.why[0]).toEqual({ reason: 'revoked', detail: '发生安全事故，一票否决' });

    // Every transition left an audit row.
    const audits = await w.database.db
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

  it('under the capstone switch, revoking one of the other stars takes the strong-branch star with it', async () => {
    w = await ratingsWorld();
    const { year, home: village, standard } = w;
    const { township, county } = w.as;
    const applications: Record<string, number> = {};
    for (const s of standard.definition.stars)
      applications[s.code] = (
        await seedApplication(w, { village, standard, star: s.code, status: 'awarded' })
      ).id;
    const stars = standard.definition.stars.map((s) => s.code);
    await seedAwards(w, { village, year, stars, applications });
    expect((await township.get(`/api/ratings/branches?year=${year}&level=5`)).json().items).toHaveLength(1);
    const before: Summary = (await township.get(`/api/ratings/summary?year=${year}`)).json();
    expect(before.byLevel).toMatchObject({ '5': 1, '3': 0 });

    const ordinary = stars.find((s) => s !== 'strong_branch')!;
    const res = await county.post(`/api/ratings/applications/${applications[ordinary]}/county`, {
      action: 'revoke',
      reason: '一票否决',
    });
    expect(res.statusCode, res.body).toBe(200);
    const capstone = await township.get(`/api/ratings/applications/${applications.strong_branch}`);
    expect(capstone.json().status).toBe('revoked');
    const detail: BranchRatingDetail = (
      await township.get(`/api/ratings/branches/${village.branchId}?year=${year}`)
    ).json();
    expect(detail.level).toBe(3);
    expect(detail.stars.find((s) => s.code === 'strong_branch')!.why.map((w) => w.reason)).toEqual(
      expect.arrayContaining(['revoked', 'capstone']),
    );
    const after: Summary = (await township.get(`/api/ratings/summary?year=${year}`)).json();
    expect(after.byLevel['5']).toBe(before.byLevel['5']! - 1);
    expect(after.byLevel['3']).toBe(before.byLevel['3']! + 1);
  });

  it('the county names only what the township recommended and rated, and only once the notice has closed', async () => {
    w = await ratingsWorld();
    const { home: village, standard, year } = w;
    const { county, township } = w.as;
    const app = await seedApplication(w, { village, standard, star: 'ecology', status: 'county_review' });
    // Rated, then published: the award waits for the window to end.
    expect(
      (await county.post(`/api/ratings/applications/${app.id}/county`, { action: 'rate' })).json().status,
    ).toBe('rated');
    const notice = (await township.post('/api/ratings/notices', { year })).json();
    expect(notice.items.map((i: { applicationId: number }) => i.applicationId)).toEqual([app.id]);
    const early = await county.post(`/api/ratings/applications/${app.id}/county`, { action: 'award' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe('公示期未满');
    // Nothing rated is left to publish.
    expect((await township.post('/api/ratings/notices', { year })).statusCode).toBe(409);
    w.clock.advance(8 * DAY);
    const late = await (
      await w.login(w.accounts.county)
    ).post(`/api/ratings/applications/${app.id}/county`, {
      action: 'award',
    });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json().status).toBe('awarded');
  });
});
