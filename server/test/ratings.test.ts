import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestContext } from './test-app.ts';

describe('ratings demo figures', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(async () => ctx.close());

  it('2022 summary', async () => {
    const t = await login(ctx.app, 'township');
    const res = await t.get('/api/ratings/summary?year=2022');
    console.log(res.body);
    expect(res.statusCode).toBe(200);
    const d = await t.get('/api/ratings/dashboard?year=2026');
    console.log(JSON.stringify(d.json().cycle), JSON.stringify(d.json().years));
  });
});
