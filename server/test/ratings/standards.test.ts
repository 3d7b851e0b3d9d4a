import type { Standard } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { ratingsWorld, seedApplication, seedStandard, type RatingsWorld } from './ratings.builders.ts';

describe('star standards and targets', () => {
  let w: RatingsWorld;
  afterEach(async () => w.close());

  it('the county versions the standards: a new year copies the last, drafts edit, published ones are immutable', async () => {
    w = await ratingsWorld();
    const { year } = w;
    const { county, township } = w.as;
    const created = await county.post('/api/ratings/standards', { year: year + 1, branchKind: 'rural' });
    expect(created.statusCode).toBe(201);
    const std: Standard = created.json();
    expect(std.status).toBe('draft');
    expect(std.definition).toEqual(w.standard.definition); // a copy of the year before
    expect(std.definition.capstone).toEqual({ enabled: true, starCode: 'strong_branch', verified: false });
    expect(
      (await county.post('/api/ratings/standards', { year: year + 1, branchKind: 'rural' })).statusCode,
    ).toBe(409);
    expect(
      (await township.post('/api/ratings/standards', { year: year + 2, branchKind: 'rural' })).statusCode,
    ).toBe(403);

    const def = { ...std.definition, capstone: { ...std.definition.capstone, enabled: false } };
    def.indicators = [
      ...def.indicators,
      {
        ...def.indicators.find((i) => i.type === 'derived')!,
        code: 'safety.unknown_fact',
        starCode: 'safety',
        fact: 'nowhere.registered', // a standard may only name a registered fact
      },
    ];
    const bad = await county.patch(`/api/ratings/standards/${std.id}`, { definition: def });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toMatch(/^definition\.indicators\.\d+\.fact$/);
    def.indicators.pop();
    const ok = await county.patch(`/api/ratings/standards/${std.id}`, { definition: def });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().definition.capstone.enabled).toBe(false);
    expect((await county.post(`/api/ratings/standards/${std.id}/publish`)).statusCode).toBe(200);
    expect((await county.patch(`/api/ratings/standards/${std.id}`, { definition: def })).statusCode).toBe(
      409,
    );
    expect((await county.post(`/api/ratings/standards/${std.id}/publish`)).statusCode).toBe(409);
    const facts = (await county.get('/api/ratings/facts')).json().map((f: { code: string }) => f.code);
    expect(facts).toEqual(
      expect.arrayContaining([
        'branch.member_count',
        'branch.grid_workers',
        'grid.three_zero',
        'ratings.previous_year_stars',
      ]),
    );
  });

  it('a kind with no earlier standard starts from the shipped default', async () => {
    w = await ratingsWorld();
    const created = await w.as.county.post('/api/ratings/standards', { year: w.year, branchKind: 'urban' });
    expect(created.statusCode).toBe(201);
    expect(created.json().definition.stars.map((s: { code: string }) => s.code)).toEqual([
      'strong_branch',
      'safety',
      'livable',
      'cobuild',
      'civility',
    ]);
  });

  it('targets: the township plans levels and stars; a village target creates draft applications', async () => {
    w = await ratingsWorld();
    const { year } = w;
    const { township } = w.as;
    const put = await township.request('PUT', '/api/ratings/targets', {
      year,
      levels: { '5': 3, '4': 10, '3': 20 },
      stars: { industry: 40 },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().levels['4']).toBe(10);

    // An urban community is rated on the urban standard: its stars only.
    await seedStandard(w, { year, kind: 'urban' });
    const community = await w.village({ name: '丙社区', kind: 'urban' });
    const res = await township.request('PUT', '/api/ratings/targets/branch', {
      year,
      branchId: community.branchId,
      stars: ['cobuild', 'livable'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const rural = await township.request('PUT', '/api/ratings/targets/branch', {
      year,
      branchId: community.branchId,
      stars: ['industry'],
    });
    expect(rural.statusCode).toBe(400); // not a star of the urban standard
    const apps = (
      await township.get(`/api/ratings/applications?year=${year}&branchId=${community.branchId}`)
    ).json();
    expect(
      apps.items.map((a: { starCode: string; status: string }) => [a.starCode, a.status]).sort(),
    ).toEqual([
      ['cobuild', 'draft'],
      ['livable', 'draft'],
    ]);
    const targets = (await township.get(`/api/ratings/targets?year=${year}`)).json();
    expect(
      targets.branches.find((b: { branchId: number }) => b.branchId === community.branchId).stars.sort(),
    ).toEqual(['cobuild', 'livable']);
  });

  it('a target star is taken back only while its application is an untouched draft', async () => {
    w = await ratingsWorld();
    const { year, home, standard } = w;
    const { township } = w.as;
    const sent = await seedApplication(w, { village: home, standard, star: 'industry', status: 'submitted' });
    const put = (stars: string[]) =>
      township.request('PUT', '/api/ratings/targets/branch', { year, branchId: home.branchId, stars });
    expect((await put(['industry', 'ecology'])).statusCode).toBe(200);
    expect((await put(['industry'])).statusCode).toBe(200); // the ecology draft goes
    const conflict = await put([]);
    expect(conflict.statusCode).toBe(409); // industry was submitted
    const apps = (await township.get(`/api/ratings/applications?year=${year}`)).json();
    expect(apps.items.map((a: { id: number }) => a.id)).toEqual([sent.id]);
  });
});
