import type { PublicNotice } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DAY,
  pdfText,
  ratingsWorld,
  seedApplication,
  seedNotice,
  type RatingsWorld,
} from './ratings.builders.ts';

/** The public notice (公示): read and objected to without signing in; nothing personal in it. */
describe('the public notice', () => {
  let w: RatingsWorld;
  afterEach(async () => w.close());

  /** An open notice of the township listing one star of the village. */
  async function openNotice() {
    const app = await seedApplication(w, {
      village: w.home,
      standard: w.standard,
      star: 'industry',
      status: 'publicity',
    });
    return seedNotice(w, { township: w.home.township, year: w.year, applicationIds: [app.id] });
  }

  it('rate-limits objections per address and its PDF carries Chinese text', async () => {
    w = await ratingsWorld();
    const notice = await openNotice();
    const list: PublicNotice[] = (await w.app.inject({ method: 'GET', url: '/api/public/notices' })).json();
    expect(list.map((n) => [n.id, n.open])).toEqual([[notice.id, true]]);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await w.app.inject({
        method: 'POST',
        url: `/api/public/notices/${notice.id}/objections`,
        payload: { content: `第${i}条异议内容` },
        remoteAddress: '10.9.9.9',
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([201, 201, 201, 201, 201, 429, 429]);
    // Another address is not held back by the first.
    const other = await w.app.inject({
      method: 'POST',
      url: `/api/public/notices/${notice.id}/objections`,
      payload: { content: '另一位群众的异议' },
      remoteAddress: '10.9.9.10',
    });
    expect(other.statusCode).toBe(201);

    const pdf = await w.app.inject({ method: 'GET', url: `/api/public/notices/${notice.id}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('公示');
    expect(text).toContain(`${w.home.name}党支部`);
  });

  it('takes no objection once the window has closed', async () => {
    w = await ratingsWorld();
    const notice = await openNotice();
    w.clock.advance(notice.endsAt - w.clock.now());
    const late = await w.app.inject({
      method: 'POST',
      url: `/api/public/notices/${notice.id}/objections`,
      payload: { content: '公示期结束后的异议' },
    });
    expect(late.statusCode).toBe(409);
    const view: PublicNotice = (
      await w.app.inject({ method: 'GET', url: `/api/public/notices/${notice.id}` })
    ).json();
    expect(view.open).toBe(false);
    expect(view.objections).toEqual([]);
  });

  it('an upheld objection sends the star back to the township; a whole-notice objection holds the naming', async () => {
    w = await ratingsWorld();
    const notice = await openNotice();
    const [item] = (await w.as.township.get(`/api/ratings/notices/${notice.id}`)).json().items;
    const object = (payload: object) =>
      w.app.inject({ method: 'POST', url: `/api/public/notices/${notice.id}/objections`, payload });
    expect(
      (await object({ applicationId: item.applicationId, content: '该村集体收入数据有误' })).statusCode,
    ).toBe(201);
    expect((await object({ content: '对整个公示有异议，请核实' })).statusCode).toBe(201);
    const staff = (await w.as.township.get(`/api/ratings/notices/${notice.id}`)).json();
    const [onItem, onWhole] = staff.objections;
    const upheld = await w.as.township.post(`/api/ratings/objections/${onItem.id}/resolve`, {
      decision: 'upheld',
      outcome: '经核实数据有误，退回重新审核',
    });
    expect(upheld.statusCode).toBe(200);
    const app = (await w.as.township.get(`/api/ratings/applications/${item.applicationId}`)).json();
    expect(app.status).toBe('township_review');
    expect(app.history.at(-1)).toMatchObject({
      action: 'uphold_objection',
      reason: '经核实数据有误，退回重新审核',
    });
    // The whole-notice objection is still open: the county cannot name the notice even after the window.
    w.clock.advance(8 * DAY);
    const county = await w.login(w.accounts.county);
    const award = await county.post(`/api/ratings/notices/${notice.id}/award`);
    expect(award.statusCode).toBe(409);
    expect(award.json().error.message).toBe('尚有未处理的异议');
    expect(onWhole.applicationId).toBeNull();
  });
});
