import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { CONTRACTS, idCheckChar, routesOf, type Permission, type RoleCode } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createWorld, type World } from '../builders.ts';
import { createTestApp, FAST_HASH, TEST_KEYS, TEST_PASSWORD, type TestContext } from '../test-app.ts';

/** Issue 13 item 8: the smaller defects the probe found, each reproduced. */
describe('smaller security defects', () => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('every PATCH route answers an empty body with 400, never an empty UPDATE (PATCH /api/grid/types/1 {})', async () => {
    w = await createWorld();
    const village = await w.village();
    const everyone = await w.everyRole(village);
    const sessions = new Map<RoleCode, Awaited<ReturnType<World['login']>>>();
    const patches = routesOf(CONTRACTS).filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.path)).toContain('/api/grid/types/:id');
    const roles = await w.database.db.selectFrom('roles').select(['code', 'permissions']).execute();
    for (const route of patches) {
      const role = roles.find(
        (r) =>
          route.access === 'authenticated' || JSON.parse(r.permissions).includes(route.access as Permission),
      );
      expect(role, `${route.path}: some role may call it`).toBeDefined();
      const code = role!.code as RoleCode;
      if (!sessions.has(code)) sessions.set(code, await w.login(everyone[code]));
      const url = route.path.replace(/:[A-Za-z]+/g, '1');
      const res = await sessions.get(code)!.patch(url, {});
      expect(res.statusCode, `PATCH ${route.path}`).toBe(400);
      expect(res.json().error.fields[0].path).toBe('body');
    }
  });

  it('refuses impossible dates: review dates, calendar day 0000-01-01, an ID number born in 2099', async () => {
    w = await createWorld();
    const village = await w.village();
    const secretary = await w.login(await w.user({ role: 'village_secretary', unit: village }));
    const centre = await w.login(await w.user({ role: 'grid_centre', unit: village.township }));
    for (const reviewDate of ['2026-13-01', '2026-02-31', '9999-99-99']) {
      const res = await secretary.post('/api/grid/risks', {
        unitId: village.id,
        category: 'safety_hazard',
        level: 'high',
        title: '坑塘防溺水',
        ownerName: '王五',
        reviewDate,
      });
      expect(res.statusCode, reviewDate).toBe(400);
      expect(res.json().error.fields[0].path).toBe('reviewDate');
    }
    const day = await centre.post('/api/calendar', { date: '0000-01-01', kind: 'holiday', name: 'x' });
    expect(day.statusCode).toBe(400);
    const first17 = '41092620990101123';
    const person = await secretary.post('/api/persons', {
      unitId: village.id,
      name: '未来人',
      idNumber: first17 + idCheckChar(first17),
    });
    expect(person.statusCode).toBe(400);
    expect(person.json().error.fields[0].path).toBe('idNumber');
  });

  it('refuses control, NUL, bidirectional and invisible characters in names, file names and reasons', async () => {
    w = await createWorld();
    const village = await w.village();
    const secretary = await w.login(await w.user({ role: 'village_secretary', unit: village }));
    const centre = await w.login(await w.user({ role: 'grid_centre', unit: village.township }));
    const base = { unitId: village.id, idNumber: null };
    for (const name of ['王\u0000五', '王\u202E五', '王\u200B五', '王\u0007五']) {
      const res = await secretary.post('/api/persons', { ...base, name, idNumber: undefined });
      expect(res.statusCode, JSON.stringify(name)).toBe(400);
      expect(res.json().error.fields[0].path).toBe('name');
    }
    const person = await w.person({ unit: village, name: '李四' });
    const reveal = await centre.post(`/api/persons/${person.id}/reveal`, {
      field: 'idNumber',
      reason: '\u200B\u200C\u200D\u2060',
    });
    expect(reveal.statusCode).toBe(400);
    expect(reveal.json().error.fields[0].path).toBe('reason');
    // A file name reaches the server in the query string of an upload.
    const upload = await secretary.request(
      'POST',
      `/api/ratings/applications/1/evidence?indicator=a1&name=${encodeURIComponent('photo\u202Egpj.exe')}`,
      Buffer.from('x'),
      { 'content-type': 'application/octet-stream' },
    );
    expect(upload.statusCode).toBe(400);
    expect(upload.json().error.fields[0].path).toBe('name');
    const names = await w.database.db.selectFrom('persons').select('name').execute();
    expect(names.map((n) => n.name)).toEqual(['李四']);
  });

  it('guesses of the current password are counted, locked and audited like sign-in', async () => {
    w = await createWorld();
    const village = await w.village();
    const user = await w.user({ role: 'village_secretary', unit: village, username: 'wdl.sec' });
    const s = await w.login(user);
    for (let i = 0; i < 5; i++) {
      const res = await s.post('/api/me/password', {
        currentPassword: `Wrong-Guess-${i}x`,
        newPassword: 'Zuo-Lan-Ye-2026',
      });
      expect(res.statusCode).toBe(i < 4 ? 400 : 400);
    }
    // Locked: the guessing session is gone and the right password does not sign in for now.
    expect((await s.get('/api/me')).statusCode).toBe(401);
    await expect(w.login(user)).rejects.toThrow(/423/);
    const rows = await w.database.db
      .selectFrom('audit_log')
      .select(['action', 'result'])
      .where('actor_id', '=', user.id)
      .where('action', 'in', ['user.password_change', 'auth.lock'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      ...Array.from({ length: 5 }, () => ({ action: 'user.password_change', result: 'fail' })),
      { action: 'auth.lock', result: 'ok' },
    ]);
    w.clock.advance(15 * 60 * 1000 + 1);
    expect((await (await w.login(user)).get('/api/me')).statusCode).toBe(200);
  });

  it('an account an administrator creates or resets must change its password at the first sign-in', async () => {
    w = await createWorld();
    const village = await w.village();
    const admin = await w.login(
      await w.user({ role: 'township_admin', unit: village.township, username: 'township' }),
    );
    const created = await admin.post('/api/users', {
      username: 'wdl.clerk',
      displayName: '文书',
      role: 'village_secretary',
      unitId: village.id,
      password: 'Clerk-Given-2026',
    });
    expect(created.statusCode).toBe(201);
    const clerk = await w.login('wdl.clerk', 'Clerk-Given-2026');
    expect((await clerk.get('/api/me')).json().user.mustChangePassword).toBe(true);
    expect((await clerk.get('/api/persons')).statusCode).toBe(403);
    expect(
      (
        await clerk.post('/api/me/password', {
          currentPassword: 'Clerk-Given-2026',
          newPassword: 'Zuo-Lan-Ye-2026',
        })
      ).statusCode,
    ).toBe(204);
    expect((await clerk.get('/api/persons')).statusCode).toBe(200);
  });

  it('the password rule refuses the username, trivial patterns and the current password', async () => {
    w = await createWorld();
    const village = await w.village();
    const admin = await w.login(
      await w.user({ role: 'township_admin', unit: village.township, username: 'township' }),
    );
    const base = { displayName: '文书', role: 'village_secretary', unitId: village.id };
    const withName = await admin.post('/api/users', {
      ...base,
      username: 'wangwu',
      password: 'Wangwu-2026-Ok!',
    });
    expect(withName.statusCode).toBe(400);
    expect(withName.json().error.fields[0].path).toBe('password');
    for (const password of ['aaaaaaaaaaaA1', 'Qwerty123456!']) {
      const res = await admin.post('/api/users', { ...base, username: 'lisi', password });
      expect(res.statusCode, password).toBe(400);
    }
    const secretary = await w.user({ role: 'village_secretary', unit: village, username: 'wdl.sec' });
    const same = await admin.post(`/api/users/${secretary.id}/reset-password`, { password: TEST_PASSWORD });
    expect(same.statusCode).toBe(400);
    const s = await w.login(secretary);
    const again = await s.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: TEST_PASSWORD,
    });
    expect(again.statusCode).toBe(400);
    const trivial = await s.post('/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'Qwerty123456!',
    });
    expect(trivial.statusCode).toBe(400);
  });

  it('after repeated failures an unknown username answers exactly as a known one', async () => {
    w = await createWorld();
    const village = await w.village();
    await w.user({ role: 'village_secretary', unit: village, username: 'known.user' });
    const attempt = (username: string) =>
      w!.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: 'Wrong-Pass-2026!' },
      });
    for (let i = 1; i <= 6; i++) {
      const known = await attempt('known.user');
      const unknown = await attempt('nobody.here');
      expect(unknown.statusCode, `attempt ${i}`).toBe(known.statusCode);
      expect(unknown.body).toBe(known.body);
      expect(known.statusCode).toBe(i <= 5 ? 401 : 423);
    }
  });
});

describe('files, headers and logs', () => {
  let ctx: TestContext | undefined;
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
  });

  it('creates the database folder 0700 and the database, WAL and shared-memory files 0600', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fivestar-mode-'));
    try {
      const file = join(root, 'data', 'app.db');
      const handle = openDatabase(`file:${file}`);
      await handle.db.schema.createTable('t').addColumn('x', 'integer').execute();
      await handle.db
        .insertInto('t' as never)
        .values({ x: 1 } as never)
        .execute();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
      expect(statSync(join(root, 'data')).mode & 0o777).toBe(0o700);
      await handle.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a 429 carries Retry-After', async () => {
    ctx = await createTestApp({ seed: false, loginRateLimit: 2 });
    const attempt = () =>
      ctx!.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'x.y', password: 'Wrong-Pass-2026!' },
      });
    await attempt();
    await attempt();
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    const seconds = Number(limited.headers['retry-after']);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
  });

  it('the info log keeps no query strings (a phone number searched for)', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const base = await createTestApp({ seed: false });
    const app = await buildApp({
      database: base.database,
      keys: TEST_KEYS,
      clock: base.clock,
      hashCost: FAST_HASH,
      logger: { level: 'info', stream },
    });
    try {
      await app.inject({ method: 'GET', url: '/api/persons?q=13812345678' });
      const log = lines.join('');
      expect(log).toContain('/api/persons');
      expect(log).not.toContain('13812345678');
    } finally {
      await app.close();
      await base.close();
    }
  });
});
