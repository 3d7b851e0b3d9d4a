import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, login, TEST_PASSWORD, type TestContext } from './test-app.ts';

describe('sign-in, sessions and CSRF', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestApp();
  });
  afterEach(async () => ctx.close());

  const attempt = (username: string, password: string, ip = '10.0.0.1') =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: ip,
    });

  it('signs in with the right password and answers /api/me with the user, role, unit and a CSRF token', async () => {
    const res = await attempt('township', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^fivestar_sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const s = await login(ctx.app, 'township');
    const me = (await s.get('/api/me')).json();
    expect(me.user.username).toBe('township');
    expect(me.user.unit.name).toBe('张庄镇');
    expect(me.user.permissions).toContain('user:admin');
    expect(me.csrfToken).toBe(s.csrfToken);
  });

  it('an unknown user and a wrong password get the same answer', async () => {
    const unknown = await attempt('nobody', 'Whatever-2026!');
    const wrong = await attempt('township', 'Whatever-2026!');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
  });

  it('five wrong passwords lock the account for 15 minutes; the sixth try with the right password is refused', async () => {
    for (let i = 0; i < 5; i++)
      expect((await attempt('secretary02', 'Wrong-Pass-2026!')).statusCode).toBe(401);
    const sixth = await attempt('secretary02', TEST_PASSWORD);
    expect(sixth.statusCode).toBe(423);
    expect(sixth.json().error.code).toBe('account_locked');
    ctx.clock.advance(14 * 60 * 1000);
    expect((await attempt('secretary02', TEST_PASSWORD)).statusCode).toBe(423);
    ctx.clock.advance(61 * 1000);
    expect((await attempt('secretary02', TEST_PASSWORD)).statusCode).toBe(200);
    const actions = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'result'])
      .where('actor_name', '=', 'secretary02')
      .orderBy('id')
      .execute();
    expect(actions.filter((a) => a.action === 'auth.lock')).toHaveLength(1);
    expect(actions.filter((a) => a.action === 'auth.login' && a.result === 'fail')).toHaveLength(5);
    expect(actions.at(-1)).toEqual({ action: 'auth.login', result: 'ok' });
  });

  it('more than 30 sign-in attempts a minute from one address get 429', async () => {
    const limited = await createTestApp({ loginRateLimit: 30 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 31; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: `user${i}`, password: 'Whatever-2026!' },
          remoteAddress: '10.9.9.9',
        });
        codes.push(res.statusCode);
      }
      expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
      expect(codes[30]).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('a session idle for 30 minutes is over', async () => {
    const s = await login(ctx.app, 'township');
    ctx.clock.advance(29 * 60 * 1000);
    expect((await s.get('/api/me')).statusCode).toBe(200);
    ctx.clock.advance(29 * 60 * 1000);
    expect((await s.get('/api/me')).statusCode).toBe(200);
    ctx.clock.advance(31 * 60 * 1000);
    const expired = await s.get('/api/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('unauthenticated');
  });

  it('a write without the CSRF token, or from a foreign origin, is refused with 403', async () => {
    const s = await login(ctx.app, 'township');
    const body = { name: '张庄镇' };
    const noToken = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/org/units/4',
      headers: { cookie: s.cookie },
      payload: body,
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_failed');
    const foreign = await s.request('PATCH', '/api/org/units/4', body, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    const ok = await s.request('PATCH', '/api/org/units/4', body);
    expect(ok.statusCode).toBe(200);
  });

  it('after logout the old cookie no longer works', async () => {
    const s = await login(ctx.app, 'township');
    expect((await s.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await s.get('/api/me')).statusCode).toBe(401);
  });

  it('changing the password applies the policy and ends the other sessions', async () => {
    const a = await login(ctx.app, 'township');
    const b = await login(ctx.app, 'township');
    const weak = await a.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short1A!',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields[0].path).toBe('newPassword');
    const blocked = await a.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'Aa123456789!',
    });
    expect(blocked.statusCode).toBe(400);
    const simple = await a.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'abcdefghijklmn',
    });
    expect(simple.statusCode).toBe(400);
    const ok = await a.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'New-Secret-2026',
    });
    expect(ok.statusCode).toBe(204);
    expect((await a.get('/api/me')).statusCode).toBe(200);
    expect((await b.get('/api/me')).statusCode).toBe(401);
    expect((await attempt('township', 'New-Secret-2026')).statusCode).toBe(200);
    const hash = await ctx.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'township')
      .executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^\$scrypt\$/);
  });
});
