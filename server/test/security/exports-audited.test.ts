import { CONTRACTS, REGISTRY_CODES, routesOf, type Permission, type RoleCode } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../builders.ts';

/**
 * Issue 13 item 4: every export writes an audit row with the actor's role. The export routes are derived from
 * CONTRACTS (every file-answering route that is not public), so a new export route fails here until it is listed
 * below with a URL — and audited. Only these file routes are not exports, each for the reason given.
 */
const NOT_EXPORTS: Record<string, string> = {
  'grid.photo': 'a stored photo of one event, shown to those in scope',
  'ratings.evidence': 'a stored evidence file of one application',
  'supervision.file': 'a stored file of one supervision item',
  'development.labourTemplate': 'a blank template, no records',
  'development.template': 'a blank template, no records',
  'ratings.certificate': "one award's certificate, no personal data",
  'contests.photo': 'a stored photo of one score sheet, shown to those in scope',
  'partylife.photo': 'a stored photo of one meeting, shown to those in scope',
  'development.file': 'a stored voucher of one registry record (its download is audited as file_download)',
  'grid.downloadUnmaskedExport':
    'the approved unmasked export, downloaded once after a second approval: its export row and approval rows are proved by grid/unmasked-export',
};
const URLS: Record<string, string> = {
  'grid.exportDisputes': '/api/grid/disputes/export',
  'grid.exportRisks': '/api/grid/risks/export',
  'ratings.exportTable': '/api/ratings/export?year=2026',
  'development.labourExport': '/api/development/labour/export',
  'development.export': `/api/development/registries/${REGISTRY_CODES[0]}/export`,
  'supervision.circular': '/api/supervision/ranking/circular?format=pdf',
  'contests.report': '/api/contests/:round/report.pdf',
};

describe('every export is audited', () => {
  let w: World | undefined;
  afterEach(async () => w?.close());

  it('each export route writes one audit row naming the actor and their role', async () => {
    const exports = routesOf(CONTRACTS).filter(
      (r) => r.file && r.access !== 'public' && !(`${r.domain}.${r.name}` in NOT_EXPORTS),
    );
    expect(exports.map((r) => `${r.domain}.${r.name}`).sort()).toEqual(Object.keys(URLS).sort());

    w = await createWorld();
    const village = await w.village();
    const everyone = await w.everyRole(village);
    // The on-site meeting report needs a round: the township office opens one for the village.
    const office = await w.login(everyone.township_admin);
    const templates = (await office.get('/api/contests/templates')).json() as { id: number }[];
    const round = await office.post('/api/contests', {
      templateId: templates[0]!.id,
      unitId: village.township.id,
      name: '导出审计观摩评比',
      date: '2026-11-20',
      judgesPerUnit: 1,
      judges: [{ userId: everyone.judge.id, kind: 'cadre' }],
    });
    expect(round.statusCode, round.body).toBe(201);
    const roundId = (round.json() as { id: number }).id;
    const roles = await w.database.db
      .selectFrom('roles')
      .select(['code', 'permissions'])
      .orderBy('code')
      .execute();
    for (const route of exports) {
      const key = `${route.domain}.${route.name}`;
      const role = roles.find((r) => JSON.parse(r.permissions).includes(route.access as Permission))!;
      const user = everyone[role.code as RoleCode];
      const s = await w.login(user);
      const before = await w.database.db
        .selectFrom('audit_log')
        .select('id')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const res = await s.get(URLS[key]!.replace(':round', String(roundId)));
      expect(res.statusCode, `${key}: ${res.body.slice(0, 200)}`).toBe(200);
      const rows = await w.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '>', before?.id ?? 0)
        .where('action', 'like', '%export%')
        .execute();
      expect(rows.length, key).toBe(1);
      expect(rows[0]!.actor_id, key).toBe(user.id);
      expect(JSON.parse(rows[0]!.new_value!).role, key).toBe(role.code);
    }
  });
});
