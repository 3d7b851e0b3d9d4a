import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from './builders.ts';

/** The audit page reads people's names and the codes present, not only sign-in names. */
describe('the audit list', () => {
  let w: World;
  afterEach(async () => w.close());

  it('names each actor by display name, and lists the action codes present for the filter', async () => {
    w = await createWorld();
    const county = await w.county();
    const township = await w.township({ name: '张庄镇' });
    await w.user({
      role: 'township_admin',
      unit: township,
      username: 'township',
      displayName: '张庄镇组织办',
    });
    const auditor = await w.login(await w.user({ role: 'auditor', unit: county, username: 'auditor1' }));
    const s = await w.login('township');
    expect((await s.patch(`/api/org/units/${township.id}`, { name: '张庄镇' })).statusCode).toBe(200);

    const page = (await auditor.get('/api/audit?action=org.unit_update')).json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ actorName: 'township', actorDisplayName: '张庄镇组织办' });
    const actions = (await auditor.get('/api/audit/actions')).json() as string[];
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'org.unit_update']));
    expect(actions).toEqual([...actions].sort());
    expect(new Set(actions).size).toBe(actions.length);
  });
});
