import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, idOf, login, TEST_PASSWORD, type Session, type TestContext } from './test-app.ts';

describe('user administration', () => {
  let ctx: TestContext;
  let township: Session;
  let villageId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    township = await login(ctx.app, 'township');
    villageId = (await township.get('/api/org/branches?q=wdl')).json().items[0].unitId;
  });
  afterAll(async () => ctx.close());

  it('creates a user who can then sign in, and audits it', async () => {
    const res = await township.post('/api/users', {
      username: 'wdl.clerk',
      displayName: '王德隆村文书',
      role: 'village_secretary',
      unitId: villageId,
      password: 'Clerk-Pass-2026',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: 'wdl.clerk',
      role: 'village_secretary',
      unitName: '王德隆村',
      status: 'active',
    });
    const clerk = await login(ctx.app, 'wdl.clerk', 'Clerk-Pass-2026');
    expect((await clerk.get('/api/me')).json().user.unit.name).toBe('王德隆村');
    const row = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.create')
      .executeTakeFirstOrThrow();
    expect(row.actor_name).toBe('township');
    expect(JSON.parse(row.new_value!)).toMatchObject({ username: 'wdl.clerk' });
  });

  it('refuses a weak password, a taken username, a unit outside scope and a role stronger than the admin', async () => {
    const base = {
      username: 'x.user',
      displayName: 'X',
      role: 'grid_worker',
      unitId: villageId,
      password: 'Good-Pass-2026',
    };
    const weak = await township.post('/api/users', { ...base, password: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields[0].path).toBe('password');
    const taken = await township.post('/api/users', { ...base, username: 'township' });
    expect(taken.statusCode).toBe(409);
    const me = (await township.get('/api/me')).json();
    const countyId = Number(me.user.unit.path.split('/').filter(Boolean).at(-2));
    const outside = await township.post('/api/users', { ...base, unitId: countyId });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0].path).toBe('unitId');
    const stronger = await township.post('/api/users', { ...base, role: 'grid_centre' }); // holds pii:view
    expect(stronger.statusCode).toBe(400);
    expect(stronger.json().error.fields[0].path).toBe('role');
    const badName = await township.post('/api/users', { ...base, username: '1bad name' });
    expect(badName.json().error.fields[0].path).toBe('username');
  });

  it('disabling a user ends their sessions and stops sign-in; enabling restores it', async () => {
    const id = await idOf(ctx.database, 'users', { username: 'grid004' });
    const worker = await login(ctx.app, 'grid004');
    const res = await township.patch(`/api/users/${id}`, { status: 'disabled' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('disabled');
    expect((await worker.get('/api/me')).statusCode).toBe(401);
    await expect(login(ctx.app, 'grid004')).rejects.toThrow(/401/);
    await township.patch(`/api/users/${id}`, { status: 'active' });
    await expect(login(ctx.app, 'grid004')).resolves.toBeTruthy();
  });

  it('resets a password and clears a lock', async () => {
    const id = await idOf(ctx.database, 'users', { username: 'grid005' });
    for (let i = 0; i < 5; i++) {
      await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'grid005', password: 'Nope-Nope-2026' },
      });
    }
    expect((await township.get(`/api/users/${id}`)).json().locked).toBe(true);
    expect(
      (await township.post(`/api/users/${id}/reset-password`, { password: 'Fresh-Pass-2026' })).statusCode,
    ).toBe(204);
    await expect(login(ctx.app, 'grid005', 'Fresh-Pass-2026')).resolves.toBeTruthy();
    await expect(login(ctx.app, 'grid005', TEST_PASSWORD)).rejects.toThrow(/401/);
  });

  it('changes a user’s role and unit; an admin cannot change their own role', async () => {
    const id = await idOf(ctx.database, 'users', { username: 'grid006' });
    const res = await township.patch(`/api/users/${id}`, { role: 'village_secretary', unitId: villageId });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'village_secretary', unitName: '王德隆村' });
    const self = (await township.get('/api/me')).json().user.id;
    expect((await township.patch(`/api/users/${self}`, { role: 'grid_worker' })).statusCode).toBe(400);
    const roleIn = await township.patch(`/api/users/${id}`, { role: 'nope' });
    expect(roleIn.statusCode).toBe(400);
  });

  it('a secretary cannot administer users, and the county cannot touch the township admin role it lacks', async () => {
    const secretary = await login(ctx.app, 'secretary03');
    expect((await secretary.get('/api/users')).statusCode).toBe(200); // read-only, own village
    expect((await secretary.post('/api/users', {})).statusCode).toBe(403);
    expect((await secretary.post('/api/users/1/reset-password', {})).statusCode).toBe(403);
    const county = await login(ctx.app, 'county');
    const list = (await county.get('/api/users?role=grid_worker')).json();
    expect(list.total).toBeGreaterThanOrEqual(160);
  });
});
