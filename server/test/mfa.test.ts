import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TOTP_ROLES } from '../src/kernel/settings.ts';
import { createWorld, type World } from './builders.ts';
import { TEST_PASSWORD } from './test-app.ts';

/** docs/security.md item 4: the second factor for staff. */
describe('second factor (TOTP) for the roles the settings list', () => {
  let w: World;
  afterEach(async () => w.close());

  async function township(settings: { totpRoles?: readonly string[]; totpRememberDays?: number } = {}) {
    w = await createWorld({ settings: { totpRoles: DEFAULT_TOTP_ROLES, ...settings } });
    const village = await w.village();
    await w.user({ role: 'township_admin', unit: village.township, username: 'township' });
    await w.user({ role: 'grid_worker', unit: village, username: 'grid001' });
    await w.user({ role: 'village_secretary', unit: village, username: 'secretary01' });
    return village;
  }

  const cookieOf = (res: { headers: Record<string, unknown> }, name: string) => {
    const all = [res.headers['set-cookie']].flat().map(String);
    const found = all.find((c) => c.startsWith(`${name}=`));
    return found ? found.split(';')[0]! : undefined;
  };

  /** The password step, carrying a remembered device's cookie when given. */
  async function signIn(username: string, device?: string) {
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: TEST_PASSWORD },
      ...(device ? { headers: { cookie: device } } : {}),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    return {
      cookie: cookieOf(res, 'fivestar_sid')!,
      csrf: body.csrfToken as string,
      mfa: body.user.mfa as string,
    };
  }

  const call = (s: { cookie: string; csrf: string }, method: 'GET' | 'POST', url: string, payload?: object) =>
    w.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload ? { payload } : {}),
    });

  const codeAt = (secret: string, at: number) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: at });

  const audited = (action: string) =>
    w.database.db
      .selectFrom('audit_log')
      .select(['result', 'new_value'])
      .where('action', '=', action)
      .orderBy('id')
      .execute();

  /** Enrols `township` through the routes; answers its secret and recovery codes. */
  async function enrol(username = 'township') {
    const pending = await signIn(username);
    expect(pending.mfa).toBe('enrol');
    const started = await call(pending, 'POST', '/api/auth/mfa/enrol');
    expect(started.statusCode).toBe(200);
    const { secret, uri, qrSvg } = started.json();
    const confirmed = await call(pending, 'POST', '/api/auth/mfa/confirm', {
      code: codeAt(secret, w.clock.now()),
    });
    expect(confirmed.statusCode).toBe(200);
    const session = { cookie: cookieOf(confirmed, 'fivestar_sid')!, csrf: confirmed.json().csrfToken };
    return { pending, secret, uri, qrSvg, confirmed: confirmed.json(), session };
  }

  it('an administrator must enrol at first sign-in: nothing else answers until a QR code and a first code are done', async () => {
    await township();
    const pending = await signIn('township');
    expect(pending.mfa).toBe('enrol');
    const blocked = await call(pending, 'GET', '/api/users');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('mfa_required');

    const started = await call(pending, 'POST', '/api/auth/mfa/enrol');
    const { secret, uri, qrSvg } = started.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\/FiveStar:township\?.*secret=/);
    expect(qrSvg).toMatch(/^<svg/);
    expect(
      (await w.database.db.selectFrom('user_totp').select('secret_enc').executeTakeFirstOrThrow()).secret_enc,
    ).not.toContain(secret);

    const wrong = await call(pending, 'POST', '/api/auth/mfa/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toEqual([{ path: 'code', message: expect.stringContaining('不正确') }]);

    const confirmed = await call(pending, 'POST', '/api/auth/mfa/confirm', {
      code: codeAt(secret, w.clock.now()),
    });
    expect(confirmed.statusCode).toBe(200);
    const body = confirmed.json();
    expect(body.recoveryCodes).toHaveLength(10);
    expect(body.user.mfa).toBeNull();
    // A new session id after the step; the pending one is gone.
    const session = { cookie: cookieOf(confirmed, 'fivestar_sid')!, csrf: body.csrfToken };
    expect(session.cookie).not.toBe(pending.cookie);
    expect((await call(pending, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await call(session, 'GET', '/api/users')).statusCode).toBe(200);
    // The recovery codes are kept only as keyed hashes.
    const stored = await w.database.db.selectFrom('mfa_recovery_codes').select('code_hash').execute();
    expect(stored).toHaveLength(10);
    for (const c of body.recoveryCodes) expect(JSON.stringify(stored)).not.toContain(c.replace('-', ''));
    expect((await audited('auth.mfa_enrol')).map((r) => JSON.parse(r.new_value!).stage)).toEqual([
      'secret',
      'confirmed',
    ]);
    // Once confirmed, the secret cannot be replaced through the routes.
    expect((await call(session, 'POST', '/api/auth/mfa/enrol')).statusCode).toBe(409);
  });

  it('signs in with a code (never the same code twice), a recovery code once, and a remembered device skips the step', async () => {
    await township();
    const { secret, confirmed } = await enrol();

    // The code used to confirm the app does not work again.
    let s = await signIn('township');
    expect(s.mfa).toBe('verify');
    expect((await call(s, 'GET', '/api/users')).json().error.code).toBe('mfa_required');
    const replay = await call(s, 'POST', '/api/auth/mfa/verify', { code: codeAt(secret, w.clock.now()) });
    expect(replay.statusCode).toBe(400);

    // The next code does; remembering the device sets its cookie.
    w.clock.advance(30_000);
    const ok = await call(s, 'POST', '/api/auth/mfa/verify', {
      code: codeAt(secret, w.clock.now()),
      remember: true,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.mfa).toBeNull();
    const device = cookieOf(ok, 'fivestar_device')!;
    expect(device).toBeDefined();
    expect(
      String([ok.headers['set-cookie']].flat().find((c) => String(c).startsWith('fivestar_device'))),
    ).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/);
    expect((await call(s, 'GET', '/api/me')).statusCode).toBe(401);

    // The remembered device signs in with the password alone…
    expect((await signIn('township', device)).mfa).toBeNull();
    // …until its remembered time is over.
    w.clock.advance(31 * 86_400_000);
    expect((await signIn('township', device)).mfa).toBe('verify');
    w.clock.advance(-31 * 86_400_000);

    // A recovery code works once, typed in any case; the second use is refused.
    const code = (confirmed.recoveryCodes[0] as string).toLowerCase();
    s = await signIn('township');
    const recovered = await call(s, 'POST', '/api/auth/mfa/verify', { code });
    expect(recovered.statusCode).toBe(200);
    s = await signIn('township');
    const again = await call(s, 'POST', '/api/auth/mfa/verify', { code });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.fields[0].path).toBe('code');
    expect(
      (await audited('auth.mfa')).map((r) => [r.result, r.new_value && JSON.parse(r.new_value).via]),
    ).toEqual([
      ['fail', null],
      ['ok', 'totp'],
      ['ok', 'recovery'],
      ['fail', null],
    ]);

    // Forgetting the devices makes the remembered one pass the step again.
    const full = {
      cookie: cookieOf(recovered, 'fivestar_sid')!,
      csrf: recovered.json().csrfToken as string,
    };
    expect((await call(full, 'POST', '/api/me/mfa/forget-devices')).statusCode).toBe(204);
    expect((await signIn('township', device)).mfa).toBe('verify');
    expect(await audited('auth.mfa_devices_forget')).toEqual([{ result: 'ok', new_value: '{"devices":1}' }]);
  });

  it('five wrong codes lock the account like five wrong passwords: its sessions end and the password is refused', async () => {
    await township();
    await enrol();
    const s = await signIn('township');
    for (let i = 0; i < 4; i++) {
      expect((await call(s, 'POST', '/api/auth/mfa/verify', { code: '12345' + i })).statusCode).toBe(400);
    }
    const fifth = await call(s, 'POST', '/api/auth/mfa/verify', { code: '123459' });
    expect(fifth.statusCode).toBe(423);
    expect((await call(s, 'GET', '/api/me')).statusCode).toBe(401);
    const again = await w.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'township', password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(423);
    expect((await audited('auth.mfa')).map((r) => r.result)).toEqual([
      'fail',
      'fail',
      'fail',
      'fail',
      'fail',
    ]);
    expect((await audited('auth.lock')).map((r) => JSON.parse(r.new_value!).reason)).toEqual(['mfa']);
    // A right password before the code does not clear the count: the step's guesses keep adding up.
    w.clock.advance(16 * 60_000);
    await call(await signIn('township'), 'POST', '/api/auth/mfa/verify', { code: '111111' });
    await call(await signIn('township'), 'POST', '/api/auth/mfa/verify', { code: '111112' });
    const row = await w.database.db
      .selectFrom('users')
      .select('failed_logins')
      .where('username', '=', 'township')
      .executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(2);
  });

  it('grid workers and secretaries stay password-only by default; the setting decides which roles need the code', async () => {
    await township();
    expect((await signIn('grid001')).mfa).toBeNull();
    expect((await signIn('secretary01')).mfa).toBeNull();
    expect(DEFAULT_TOTP_ROLES).toEqual(expect.arrayContaining(['county_admin', 'township_admin', 'auditor']));
    expect(DEFAULT_TOTP_ROLES).not.toContain('grid_worker');
    expect(DEFAULT_TOTP_ROLES).not.toContain('village_secretary');
    await w.close();
    await township({ totpRoles: ['grid_worker'] });
    expect((await signIn('grid001')).mfa).toBe('enrol');
    expect((await signIn('township')).mfa).toBeNull();
  });

  it('an administrator resets a lost second factor: sessions end, codes stop working, the next sign-in enrols again', async () => {
    await township({ totpRoles: ['township_admin', 'grid_worker'] });
    const admin = (await enrol('township')).session;
    const { session, confirmed } = await enrol('grid001');
    expect((await call(session, 'GET', '/api/me')).statusCode).toBe(200);
    const idOf = async (username: string) =>
      (
        await w.database.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirstOrThrow()
      ).id;

    // The user list tells the administrator whose authenticator can be reset.
    const listed = async () =>
      Object.fromEntries(
        (
          (await call(admin, 'GET', '/api/users?pageSize=200')).json().items as {
            username: string;
            hasAuthenticator: boolean;
          }[]
        )
          .filter((u) => ['grid001', 'secretary01'].includes(u.username))
          .map((u) => [u.username, u.hasAuthenticator]),
      );
    expect(await listed()).toEqual({ grid001: true, secretary01: false });

    // Never one's own: another administrator does it.
    const self = await call(admin, 'POST', `/api/users/${await idOf('township')}/reset-mfa`);
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields[0].path).toBe('id');

    const reset = await call(admin, 'POST', `/api/users/${await idOf('grid001')}/reset-mfa`);
    expect(reset.statusCode, reset.body).toBe(204);
    // The worker's sessions ended; the authenticator and recovery codes are gone; the next sign-in enrols again.
    expect((await call(session, 'GET', '/api/me')).statusCode).toBe(401);
    const again = await signIn('grid001');
    expect(again.mfa).toBe('enrol');
    expect((await listed()).grid001).toBe(false);
    const recovery = await call(again, 'POST', '/api/auth/mfa/verify', { code: confirmed.recoveryCodes[0] });
    expect(recovery.statusCode).toBeGreaterThanOrEqual(400);
    expect((await audited('user.mfa_reset')).map((r) => [r.result, JSON.parse(r.new_value!)])).toEqual([
      ['ok', { hadAuthenticator: true }],
    ]);
  });
});
