import type { ApplicationDetail, Standard } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from './builders.ts';
import { gridTownship, report } from './grid/grid.builders.ts';
import { passingInput, ratingsWorld, seedApplication } from './ratings/ratings.builders.ts';
import type { Response, Session } from './test-app.ts';

/**
 * Optimistic concurrency (docs/security.md item 36): a record goes out with its edit version as ETag; an edit that
 * sends an older one back as If-Match answers 412 naming who changed it and when, and changes nothing.
 */
const etag = (res: Response) => String(res.headers.etag);
const stale = (res: Response, who: string) => {
  expect(res.statusCode).toBe(412);
  expect(res.json().error.code).toBe('precondition_failed');
  expect(res.json().error.message).toMatch(
    new RegExp(`^${who} 已于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 修改了该记录`),
  );
  expect(res.json().error.params.by).toBe(who);
};
const send = (s: Session, method: string, url: string, body: unknown, version: string) =>
  s.request(method, url, body, { 'if-match': version });

describe('optimistic concurrency', () => {
  let w: World;
  afterEach(async () => w?.close());

  it('a rating standard: the second of two editors of the same version gets 412 and changes nothing', async () => {
    const r = await ratingsWorld();
    w = r;
    const county = r.as.county;
    const created: Standard = (
      await county.post('/api/ratings/standards', { year: r.year + 1, branchKind: 'rural' })
    ).json();
    const url = `/api/ratings/standards/${created.id}`;
    const loaded = await county.get(url);
    const v = etag(loaded);
    expect(v).toMatch(/^"\d+"$/);
    const def = (title: string) => ({
      ...created.definition,
      indicators: created.definition.indicators.map((i, k) => (k === 0 ? { ...i, title } : i)),
    });
    const first = await send(county, 'PATCH', url, { definition: def('第一位编辑') }, v);
    expect(first.statusCode).toBe(200);
    expect(etag(first)).not.toBe(v);
    const second = await send(county, 'PATCH', url, { definition: def('第二位编辑') }, v);
    stale(second, r.accounts.county.username);
    expect((await county.get(url)).json().definition.indicators[0].title).toBe('第一位编辑');
    // With the new version the edit goes through; without If-Match too (older clients).
    expect(
      (await send(county, 'PATCH', url, { definition: def('第二位编辑') }, etag(first))).statusCode,
    ).toBe(200);
    expect((await county.patch(url, { definition: def('第三') })).statusCode).toBe(200);
    expect((await send(county, 'PATCH', url, { definition: def('x') }, 'abc')).statusCode).toBe(400);
  });

  it('a rating application’s self-assessment', async () => {
    const r = await ratingsWorld();
    w = r;
    const app = await seedApplication(r, { village: r.home, standard: r.standard, star: 'safety' });
    const url = `/api/ratings/applications/${app.id}`;
    const loaded = await r.as.secretary.get(url);
    const d: ApplicationDetail = loaded.json();
    const results = d.indicators.filter((i) => i.type !== 'derived').map(passingInput);
    const one = [{ ...results[0]!, note: '第一次' }];
    const first = await send(r.as.secretary, 'POST', `${url}/assess`, { results: one }, etag(loaded));
    expect(first.statusCode).toBe(200);
    const again = await send(
      r.as.secretary,
      'POST',
      `${url}/assess`,
      { results: [{ ...one[0]!, note: '旧页面' }] },
      etag(loaded),
    );
    stale(again, r.accounts.secretary.username);
    const now: ApplicationDetail = (await r.as.secretary.get(url)).json();
    expect(now.results.find((x) => x.code === one[0]!.code)!.note).toBe('第一次');
  });

  it('a grid event: an action on a report someone has acted on since answers 412', async () => {
    w = await createWorld();
    const t = await gridTownship(w);
    const id = await report(t.worker, t.village);
    const url = `/api/grid/events/${id}`;
    const loaded = await t.centre.get(url);
    const v = etag(loaded);
    // Someone else (the township office has no grid:handle; a second centre account does) accepts it first.
    const other = await w.login(
      await w.user({ role: 'grid_centre', unit: t.township, displayName: '值班员乙' }),
    );
    expect((await other.post(`${url}/accept`, {})).statusCode).toBe(200);
    const late = await send(t.centre, 'POST', `${url}/invalidate`, { reason: '重复上报' }, v);
    stale(late, '值班员乙');
    expect((await t.centre.get(url)).json().status).toBe('accepted');
    const fresh = await t.centre.get(url);
    expect(etag(fresh)).not.toBe(v);
    expect(
      (await send(t.centre, 'POST', `${url}/dispatch`, { handlerUnitId: t.village.id }, etag(fresh)))
        .statusCode,
    ).toBe(200);
  });
});
