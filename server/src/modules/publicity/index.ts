import { defineModule } from '../../kernel/module.ts';
import { calendarModule } from '../calendar/index.ts';
import { notificationsModule } from '../notifications/index.ts';
import { publicity0001 } from './migrations/publicity-0001.ts';
import { publicityRoutes } from './publicity.routes.ts';
import { createPublicityService } from './publicity.service.ts';
import './publicity.tables.ts';

export type { ObjectionInput, PublicityService, PublicityState } from './publicity.service.ts';

/**
 * 公示 for every module that publishes results (contests, party life, …): `publish` inside the module's own
 * transaction, the public notice page and its objections, the officers' handling; `state` / `canConclude` tell the
 * module when it may conclude. No demo seeder: the publishing modules seed their own notices through the service.
 */
export const publicityModule = defineModule({
  name: 'publicity',
  migrations: [publicity0001],
  messages: {
    'publicity.notice_ended': {
      zh: '公示期已结束，不再受理异议',
      en: 'The notice period has ended; objections are no longer taken',
    },
    'publicity.not_in_notice': { zh: '公示中没有这一项', en: 'This item is not in the notice' },
    'publicity.duplicate_ref': { zh: '公示条目重复', en: 'The same item appears twice' },
    'publicity.starts_in_future': {
      zh: '公示开始日期不能晚于今天',
      en: 'The notice cannot start later than today',
    },
    'publicity.objection_resolved': { zh: '该异议已处理', en: 'This objection has already been resolved' },
    'publicity.todo.objections': { zh: '待答复的公示异议', en: 'Notice objections to answer' },
  },
  register: ({ app, db, audit, clock, keys, settings, use }) => {
    const publicity = createPublicityService({
      db,
      audit,
      clock,
      calendar: use(calendarModule),
      notifications: use(notificationsModule),
      piiKey: keys.pii,
      defaultWorkingDays: settings.publicityWorkingDays,
    });
    publicityRoutes(app, publicity, { clock });
    return publicity;
  },
  todos:
    (publicity) =>
    async ({ db, user }) => {
      if (!user.permissions.includes('publicity:handle')) return [];
      const count = await publicity.openCount(db, user.unitPath);
      return count === 0
        ? []
        : [
            {
              key: 'publicity.objections',
              label: 'publicity.todo.objections',
              count,
              path: '/publicity/objections',
              nav: 'publicity',
              tone: 'normal' as const,
            },
          ];
    },
});
