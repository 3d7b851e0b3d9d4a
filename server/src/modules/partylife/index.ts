import { defineModule } from '../../kernel/module.ts';
import { notificationsModule } from '../notifications/index.ts';
import { orgModule } from '../org/index.ts';
import { publicityModule } from '../publicity/index.ts';
import { supervisionModule } from '../supervision/index.ts';
import { createForumService } from './forum.service.ts';
import { createHonoursService } from './honours.service.ts';
import { createMeetingsService } from './meetings.service.ts';
import { partylife0001 } from './migrations/partylife-0001.ts';
import { partylife0002 } from './migrations/partylife-0002-compliance-indexes.ts';
import { partylife0003 } from './migrations/partylife-0003-meeting-years.ts';
import { partylife0004 } from './migrations/partylife-0004-compliance-rollups.ts';
import { createPartyLifeCore } from './partylife.core.ts';
import { PARTYLIFE_FACTS } from './partylife.facts.ts';
import { PARTYLIFE_MESSAGES } from './partylife.messages.ts';
import { partylifeRoutes } from './partylife.routes.ts';
import { createOverviewService } from './partylife.service.ts';
import { partylifeTodos } from './partylife.todos.ts';
import { createPointsService } from './points.service.ts';
import './partylife.tables.ts';

/**
 * Party life (组织生活): 三会一课 and 主题党日 "6+N" with attendance, quorum, photos and 补课; the frequency engine
 * (windows per type, warnings, compliance); the secretaries' forum, whose follow-ups become supervision tasks; member
 * points; honour selections and their registry; four facts for the star engine. Member–household links (1+N+M) are
 * the links module's, not kept twice.
 */
export const partylifeModule = defineModule({
  name: 'partylife',
  migrations: [partylife0001, partylife0002, partylife0003, partylife0004],
  messages: PARTYLIFE_MESSAGES,
  facts: PARTYLIFE_FACTS,
  demo: async () => (await import('./demo/partylife.demo.ts')).seedPartyLifeDemo,
  scale: async () => (await import('./demo/partylife.scale.ts')).partylifeScaleSeeder,
  register: ({ app, db, audit, clock, use }) => {
    const notifications = use(notificationsModule);
    const { supervision } = use(supervisionModule);
    const publicity = use(publicityModule);
    const core = createPartyLifeCore({ db, audit, clock, notifications, supervision, publicity });
    const points = createPointsService(core);
    const meetings = createMeetingsService(core, points);
    const org = use(orgModule);
    const overview = createOverviewService(core, async (prefix) => ({
      counties: await org.subtreeCountsAt(prefix, 'county', 'villageBranches'),
      total: await org.subtreeCount(prefix, 'villageBranches'),
    }));
    const forum = createForumService(core);
    const honours = createHonoursService(core);
    partylifeRoutes(app, { overview, meetings, forum, points, honours });
    return { overview, meetings, forum, points, honours };
  },
  todos: () => partylifeTodos,
});
