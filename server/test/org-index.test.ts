import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createWorld, type World } from './builders.ts';
import { FAST_HASH, login, TEST_KEYS } from './test-app.ts';

/**
 * The organisation's counts and searches come from an in-memory index (modules/org/org.index.ts), kept by a
 * versioned cache: every write to the tree bumps it, and another process (a second app on the same database) uses
 * the change after its version check.
 */
describe('the organisation index', () => {
  let w: World;
  afterEach(() => w.close());

  it('counts a subtree as SQL does, and follows renames and new accounts in every process', async () => {
    w = await createWorld();
    const township = await w.township({ name: '甲镇' });
    const district = await w.district({ township });
    const east = await w.village({ district, name: '东村' });
    await w.village({ district, name: '西村', kind: 'urban' });
    await w.gridWorker(east);
    await w.gridWorker(east);
    const admin = await w.user({ role: 'township_admin', unit: township });
    const office = await w.login(admin);
    const counts = async (s = office) => (await s.get(`/api/org/units/${township.id}`)).json().counts;
    expect(await counts()).toEqual({ branches: 2, stations: 3, gridWorkers: 2, users: 3 });
    expect((await office.get('/api/org/branches?kind=urban')).json()).toMatchObject({ total: 1 });
    expect(
      (await office.get('/api/org/branches?q=dongcun')).json().items.map((b: { name: string }) => b.name),
    ).toEqual(['东村党支部']);

    const other = await buildApp({
      database: w.database,
      keys: TEST_KEYS,
      clock: w.clock,
      hashCost: FAST_HASH,
      // Password-only, as the world's own app (the second factor has its own tests).
      settings: { totpRoles: [] },
    });
    await other.ready();
    try {
      const there = await login(other, admin.username);
      expect(await counts(there)).toEqual({ branches: 2, stations: 3, gridWorkers: 2, users: 3 });
      // An account made and a village renamed through this process …
      const created = await office.post('/api/users', {
        username: 'newclerk',
        displayName: '新文书',
        role: 'village_secretary',
        unitId: east.id,
        password: 'Clerk-Pass-2026!',
      });
      expect(created.statusCode).toBe(201);
      expect((await office.patch(`/api/org/units/${east.id}`, { name: '朝阳村' })).statusCode).toBe(200);
      expect(await counts()).toMatchObject({ users: 4 }); // … are counted here at once,
      await other.caches.refresh(); // … and by the other process at its next version check.
      expect(await counts(there)).toMatchObject({ users: 4 });
      const found = (await there.get('/api/org/units?q=chaoyang')).json();
      expect(found.items.map((u: { id: number }) => u.id)).toEqual([east.id]);
      expect((await there.get('/api/org/units?q=dongcun')).json().total).toBe(0);
    } finally {
      await other.close();
    }
  });
});
