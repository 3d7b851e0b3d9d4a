import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from './builders.ts';

/** The builders themselves: a world is empty but for what a test asks for, and its accounts can sign in. */
describe('test builders', () => {
  let w: World;
  afterEach(async () => w.close());

  it('build a village with its branch and station, an account that signs in, and a masked person', async () => {
    w = await createWorld();
    const village = await w.village({ name: '甲村' });
    const secretary = await w.user({ role: 'village_secretary', unit: village });
    const s = await w.login(secretary);
    const me = (await s.get('/api/me')).json();
    expect(me.user.unit).toMatchObject({ id: village.id, name: '甲村', level: 'village' });
    const branches = (await s.get('/api/org/branches')).json();
    expect(branches.items.map((b: { id: number }) => b.id)).toEqual([village.branchId]);

    const person = await w.person({ unit: village, name: '张三' });
    const listed = (await s.get('/api/persons')).json().items;
    expect(listed).toHaveLength(1);
    expect(listed[0].idNumber).not.toBe(person.idNumber);
    expect(listed[0].idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  });

  it('a second village in another township is out of the first secretary’s scope', async () => {
    w = await createWorld();
    const a = await w.village();
    const other = await w.district({ township: await w.township() });
    const b = await w.village({ district: other });
    const s = await w.login(await w.user({ role: 'village_secretary', unit: a }));
    expect((await s.get(`/api/org/branches/${b.branchId}`)).statusCode).toBe(404);
    expect((await s.get(`/api/org/branches/${a.branchId}`)).statusCode).toBe(200);
  });
});
