import { linksContract } from '@fivestar/common';
import { serve } from '../../http/serve.ts';
import { defineModule } from '../../kernel/module.ts';
import { createLinksService } from './links.service.ts';
import './links.tables.ts';
import { links0001 } from './migrations/links-0001.ts';

export type { LinksService } from './links.service.ts';

/**
 * Linked cadres (三联五帮: 包村 cadres, village cadres' sections) and member–household links (1+N+M) with visit logs.
 * Its service is the one answer to "who is linked to this village": supervision, inspection rounds (conflicts of
 * interest) and party life use it.
 */
export const linksModule = defineModule({
  name: 'links',
  migrations: [links0001],
  messages: {
    'links.err.not_village': { zh: '只能关联到村（社区）', en: 'Links are to a village or community' },
    'links.err.cadre_required': {
      zh: '请选择干部（账号或人员）',
      en: 'Choose the cadre (account or person)',
    },
    'links.err.section_required': { zh: '请填写片区', en: 'Name the section' },
    'links.err.cadre_unit': {
      zh: '该干部不在本村或其上级单位',
      en: 'The cadre is not of this village or a unit above it',
    },
    'links.err.member_unit': { zh: '该人员不在本村', en: 'This person is not of this village' },
    'links.err.not_member': { zh: '联户人须为党员', en: 'Only a party member keeps household links' },
    'links.err.note_required': { zh: '请填写走访情况', en: 'Say what the visit found' },
    'links.err.future': { zh: '走访日期不能晚于今天', en: 'A visit cannot be dated in the future' },
    'links.duplicate': { zh: '该关联已存在', en: 'This link exists already' },
  },
  demo: async () => (await import('./demo/links.demo.ts')).seedLinksDemo,
  register: ({ app, db, audit, clock }) => {
    const links = createLinksService({ db, audit, clock });
    serve(app, linksContract, {
      mine: ({ user }) => links.mine(user),
      cadres: ({ user, query }) => links.listCadres(user, query),
      createCadre: ({ user, body, ip }) => links.createCadre(user, body, ip),
      endCadre: ({ user, params, ip }) => links.endCadre(user, params.id, ip),
      households: ({ user, query }) => links.listHouseholds(user, query),
      createHousehold: ({ user, body, ip }) => links.createHousehold(user, body, ip),
      visits: ({ user, params }) => links.visits(user, params.id),
      logVisit: ({ user, params, body, ip }) => links.logVisit(user, params.id, body, ip),
    });
    return links;
  },
});
