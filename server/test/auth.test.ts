import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from './builders.ts';
import { TEST_PASSWORD } from './test-app.ts';

describe('sign-in, sessions and CSRF', () => {
  let w: World;
  afterEach(async () => w.close());

  const attempt = (username: string, password: string, ip = '10.0.0.1') =>
    w.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: ip,
    });

  /** A township with one village, its administrator and the village's secretary. */
  async function township() {
    w = await createWorld();
    const village = await w.village();
    const admin = await w.user({ role: 'township_admin', unit: village.township, username: 'township' });
    const secretary = await w.user({ role: 'village_secretary', unit: village });
    return { village, admin, secretary };
  }

  it('signs in with the right password and answers /api/me with the user, role, unit and a CSRF token', async () => {
    const { village } = await township();
    const res = await attempt('township', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^fivestar_sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const s = await w.login('township');
    const me = (await s.get('/api/me')).json();
    expect(me.user.username).toBe('township');
    expect(me.user.unit.name).toBe(village.township.name);
    expect(me.user.permissions).toContain('user:admin');
    expect(me.csrfToken).toBe(s.csrfToken);
  });

  it('an unknown user and a wrong password get the same answer', async () => {
    await township();
    const unknown = await attempt('nobody', 'Whatever-2026!');
    const wrong = await attempt('township', 'Whatever-2026!');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
  });

  it('five wrong passwords lock the account for 15 minutes; the sixth try with the right password is refused', async () => {
    const { secretary } = await township();
    const name = secretary.username;
    for (let i = 0; i < 5; i++) expect((await attempt(name, 'Wrong-Pass-2026!')).statusCode).toBe(401);
    const sixth = await attempt(name, TEST_PASSWORD);
    expect(sixth.statusCode).toBe(423);
    expect(sixth.json().error.code).toBe('account_locked');
    w.clock.advance(14 * 60 * 1000);
    expect((await attempt(name, TEST_PASSWORD)).statusCode).toBe(423);
    w.clock.advance(61 * 1000);
    expect((await attempt(name, TEST_PASSWORD)).statusCode).toBe(200);
    const actions = await w.database.db
      .selectFrom('audit_log')
      .select(['action', 'result'])
      .where('actor_name', '=', name)
      .orderBy('id')
      .execute();
    expect(actions.filter((a) => a.action === 'auth.lock')).toHaveLength(1);
    expect(actions.filter((a) => a.action === 'auth.login' && a.result === 'fail')).toHaveLength(5);
    expect(actions.filter((a) => a.action === 'auth.login' && a.result === 'locked')).toHaveLength(2);
    expect(actions.at(-1)).toEqual({ action: 'auth.login', result: 'ok' });
  });

  it('more than 30 sign-in attempts a minute from one address get 429', async () => {
    w = await createWorld({ loginRateLimit: 30 });
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await attempt(`user${i}`, 'Whatever-2026!', '10.9.9.9');
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    expect(codes[30]).toBe(429);
    // Another address is not held back, and the next minute the first one may try again.
    expect((await attempt('user0', 'Whatever-2026!', '10.9.9.8')).statusCode).toBe(401);
    w.clock.advance(60 * 1000);
    expect((await attempt('user0', 'Whatever-2026!', '10.9.9.9')).statusCode).toBe(401);
  });

  it('a session idle for 30 minutes is over', async () => {
    await township();
    const s = await w.login('township');
    w.clock.advance(29 * 60 * 1000);
    expect((await s.get('/api/me')).statusCode).toBe(200);
    w.clock.advance(29 * 60 * 1000);
    expect((await s.get('/api/me')).statusCode).toBe(200);
    w.clock.advance(31 * 60 * 1000);
    const expired = await s.get('/api/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('unauthenticated');
  });

  it('a session kept busy still ends 12 hours after sign-in', async () => {
    await township();
    const s = await w.login('township');
    for (let minutes = 20; minutes <= 11 * 60 + 40; minutes += 20) {
      w.clock.advance(20 * 60 * 1000);
      expect((await s.get('/api/me')).statusCode, `after ${minutes} min`).toBe(200);
    }
    w.clock.advance(25 * 60 * 1000); // 12 h 5 min after sign-in, only 25 min after the last request
    expect((await s.get('/api/me')).statusCode).toBe(401);
  });

  it('a write without the CSRF token, or from a foreign origin, is refused with 403', async () => {
    const { village } = await township();
    const s = await w.login('township');
    const url = `/api/org/units/${village.township.id}`;
    const body = { name: village.township.name };
    const noToken = await w.app.inject({
      method: 'PATCH',
      url,
      headers: { cookie: s.cookie },
      payload: body,
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_failed');
    const foreign = await s.request('PATCH', url, body, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    const ok = await s.request('PATCH', url, body);
    expect(ok.statusCode).toBe(200);
  });

  it('after logout the old cookie no longer works', async () => {
    await township();
    const s = await w.login('township');
    expect((await s.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await s.get('/api/me')).statusCode).toBe(401);
  });

  it('changing the password applies the policy and ends the other sessions', async () => {
    await township();
    const a = await w.login('township');
    const b = await w.login('township');
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
    const tooLong = await a.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: `Aa1!${'x'.repeat(125)}`,
    });
    expect(tooLong.statusCode).toBe(400);
    const wrongCurrent = await a.post('/api/me/password', {
      currentPassword: 'Not-The-Password-1',
      newPassword: 'New-Secret-2026',
    });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error.fields[0].path).toBe('currentPassword');
    const ok = await a.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'New-Secret-2026',
    });
    expect(ok.statusCode).toBe(204);
    expect((await a.get('/api/me')).statusCode).toBe(200);
    expect((await b.get('/api/me')).statusCode).toBe(401);
    expect((await attempt('township', 'New-Secret-2026')).statusCode).toBe(200);
    expect((await attempt('township', TEST_PASSWORD)).statusCode).toBe(401);
    const hash = await w.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'township')
      .executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^\$scrypt\$/);
  });
});
