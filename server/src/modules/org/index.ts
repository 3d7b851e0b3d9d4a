import { defineModule } from '../../kernel/module.ts';
import { foundation } from './migrations/0001-foundation.ts';
import { ORG_FACTS } from './org.facts.ts';
import { orgRoutes } from './org.routes.ts';
import { createOrgService } from './org.service.ts';
import './org.tables.ts';

/**
 * The organisation tree (province › … › township › management district › village), party branches, grid stations
 * and workers. First in the module list: its migration 0001-foundation — released before modules had folders —
 * creates the foundation's tables (organisation, people, roles, users, sessions, audit), and its demo seeder builds
 * the township every other module's demo hangs off.
 */
export const orgModule = defineModule({
  name: 'org',
  migrations: [foundation],
  facts: ORG_FACTS,
  demo: async () => (await import('./demo/org.demo.ts')).seedOrgDemo,
  scale: async () => (await import('./demo/org.scale.ts')).seedOrgScale,
  register: ({ app, db, audit, caches }) => {
    const org = createOrgService({ db, audit, caches });
    orgRoutes(app, { org });
    return org;
  },
});
