import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type Village, type World } from './builders.ts';
import { TEST_PASSWORD, type Session } from './test-app.ts';

describe('user administration', () => {
  let w: World;
  afterEach(async () => w.close());

  /** A township with its administrator (signed in) and the village 王德隆村. */
  async function setup(): Promise<{ township: Session; village: Village; adminId: number }> {
    w = await createWorld();
    const village = await w.village({ name: '王德隆村' });
    const admin = await w.user({ role: 'township_admin', unit: village.township, username: 'township' });
    return { township: await w.login(admin), village, adminId: admin.id };
  }

  it('creates a user who can then sign in, and audits it', async () => {
    const { township, village } = await setup();
    const res = await township.post('/api/users', {
      username: 'wdl.clerk',
      displayName: '王德隆村文书',
      role: 'village_secretary',
      unitId: village.id,
      password: 'Clerk-Pass-2026',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: 'wdl.clerk',
      role: 'village_secretary',
      unitName: '王德隆村',
      status: 'active',
      locked: false,
      lastLoginAt: null,
    });
    const clerk = await w.login('wdl.clerk', 'Clerk-Pass-2026');
    expect((await clerk.get('/api/me')).json().user.unit.name).toBe('王德隆村');
    const row = await w.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.create')
      .executeTakeFirstOrThrow();
    expect(row.actor_name).toBe('township');
    expect(JSON.parse(row.new_value!)).toMatchObject({ username: 'wdl.clerk' });
    expect(row.new_value).not.toContain('Clerk-Pass-2026');
  });

  it('refuses a weak password, a taken username, a unit outside scope and a role stronger than the admin', async () => {
    const { township, village } = await setup();
    const base = {
      username: 'x.user',
      displayName: 'X',
      role: 'grid_worker',
      unitId: village.id,
      password: 'Good-Pass-2026',
    };
    const weak = await township.post('/api/users', { ...base, password: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields[0].path).toBe('password');
    const taken = await township.post('/api/users', { ...base, username: 'township' });
    expect(taken.statusCode).toBe(409);
    const me = (await township.get('/api/me')).json();
    const countyId = Number(me.user.unit.path.split('/').filter(Boolean).at(-2));
    expect(countyId).toBe((await w.county()).id);
    const outside = await township.post('/api/users', { ...base, unitId: countyId });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0].path).toBe('unitId');
    const stronger = await township.post('/api/users', { ...base, role: 'grid_centre' }); // holds pii:view
    expect(stronger.statusCode).toBe(400);
    expect(stronger.json().error.fields[0].path).toBe('role');
    const badName = await township.post('/api/users', { ...base, username: '1bad name' });
    expect(badName.json().error.fields[0].path).toBe('username');
    const users = await w.database.db.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username)).toEqual(['township']);
  });

  it('disabling a user ends their sessions and stops sign-in; enabling restores it', async () => {
    const { township, village } = await setup();
    const { id } = await w.gridWorker(village, { username: 'grid004' });
    const worker = await w.login('grid004');
    const res = await township.patch(`/api/users/${id}`, { status: 'disabled' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('disabled');
    expect((await worker.get('/api/me')).statusCode).toBe(401);
    await expect(w.login('grid004')).rejects.toThrow(/401/);
    expect((await township.patch(`/api/users/${id}`, { status: 'active' })).statusCode).toBe(200);
    expect((await (await w.login('grid004')).get('/api/me')).statusCode).toBe(200);
  });

  it('resets a password and clears a lock', async () => {
    const { township, village } = await setup();
    const { id } = await w.gridWorker(village, { username: 'grid005' });
    for (let i = 0; i < 5; i++) {
      await w.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'grid005', password: 'Nope-Nope-2026' },
      });
    }
    expect((await township.get(`/api/users/${id}`)).json().locked).toBe(true);
    expect(
      (await township.post(`/api/users/${id}/reset-password`, { password: 'Fresh-Pass-2026' })).statusCode,
    ).toBe(204);
    expect((await township.get(`/api/users/${id}`)).json().locked).toBe(false);
    expect((await (await w.login('grid005', 'Fresh-Pass-2026')).get('/api/me')).statusCode).toBe(200);
    await expect(w.login('grid005', TEST_PASSWORD)).rejects.toThrow(/401/);
  });

  it('changes a user’s role and unit; an admin cannot change their own role', async () => {
    const { township, village, adminId } = await setup();
    const { id } = await w.gridWorker(await w.village(), { username: 'grid006' });
    const res = await township.patch(`/api/users/${id}`, { role: 'village_secretary', unitId: village.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'village_secretary', unitName: '王德隆村' });
    const self = (await township.get('/api/me')).json().user.id;
    expect(self).toBe(adminId);
    const own = await township.patch(`/api/users/${self}`, { role: 'grid_worker' });
    expect(own.statusCode).toBe(400);
    expect(own.json().error.fields[0].message).toBe('不能修改自己的角色、单位或状态');
    const roleIn = await township.patch(`/api/users/${id}`, { role: 'nope' });
    expect(roleIn.statusCode).toBe(400);
  });

  it('a secretary cannot administer users, and the county cannot touch the township admin role it lacks', async () => {
    const { village, adminId } = await setup();
    const secretary = await w.login(await w.user({ role: 'village_secretary', unit: village }));
    expect((await secretary.get('/api/users')).statusCode).toBe(200); // read-only, own village
    expect((await secretary.post('/api/users', {})).statusCode).toBe(403);
    expect((await secretary.post(`/api/users/${adminId}/reset-password`, {})).statusCode).toBe(403);
    await w.gridWorker(village);
    await w.gridWorker(await w.village());
    const county = await w.login(await w.user({ role: 'county_admin', unit: await w.county() }));
    const list = (await county.get('/api/users?role=grid_worker')).json();
    expect(list.total).toBe(2);
    // The township administrator holds permissions the county's role lacks: the county may not change it.
    const touch = await county.patch(`/api/users/${adminId}`, { displayName: '改名' });
    expect(touch.statusCode).toBe(400);
    expect(touch.json().error.fields[0].path).toBe('role');
    const reset = await county.post(`/api/users/${adminId}/reset-password`, { password: 'Fresh-Pass-2026' });
    expect(reset.statusCode).toBe(400);
  });
});
