import { sql } from 'kysely';
import { defineModule } from '../../kernel/module.ts';
import { pathUnder } from '../../security/scope.ts';
import { calendarModule } from '../calendar/index.ts';
import { linksModule } from '../links/index.ts';
import { notificationsModule } from '../notifications/index.ts';
import { ratingsModule } from '../ratings/index.ts';
import { supervision0001 } from './migrations/supervision-0001.ts';
import { supervision0002 } from './migrations/supervision-0002.ts';
import { supervision0003 } from './migrations/supervision-0003.ts';
import { createReportsService } from './reports.service.ts';
import { createStarsService } from './stars.service.ts';
import { SUPERVISION_MESSAGES } from './supervision.messages.ts';
import { supervisionRoutes } from './supervision.routes.ts';
import { createSupervisionService, slipWhere } from './supervision.service.ts';
import './supervision.tables.ts';

export type { SupervisionService } from './supervision.service.ts';

/**
 * Stars earned in daily work: task, problem and duty lists per village (generated from star shortfalls), 销号,
 * supervision teams and their findings, three-colour slips with escalation, weekly scheduling, the monthly ranking
 * and its circular, the progress wall, and dynamic star management (revocations, veto reviews).
 */
export const supervisionModule = defineModule({
  name: 'supervision',
  migrations: [supervision0001, supervision0002, supervision0003],
  messages: SUPERVISION_MESSAGES,
  demo: async () => (await import('./demo/supervision.demo.ts')).seedSupervisionDemo,
  scale: async () => (await import('./demo/supervision.scale.ts')).supervisionScaleSeeder,
  register: ({ app, db, audit, clock, use }) => {
    const calendar = use(calendarModule);
    const links = use(linksModule);
    const notifications = use(notificationsModule);
    const { decisions: awards } = use(ratingsModule);
    const supervision = createSupervisionService({
      db,
      audit,
      clock,
      calendar,
      links,
      notifications,
      awards,
    });
    const stars = createStarsService({ db, audit, clock, awards, supervision, notifications });
    const reports = createReportsService({ db, audit, clock, supervision });
    supervisionRoutes(app, { supervision, stars, reports });
    // The daily pass (veto events → reviews, items gone red → told and escalated) runs once per China day, looked
    // for every minute on the injected clock; the day it last ran is kept, so a restart does not repeat it.
    const timer = setInterval(() => void supervision.runDailyOnce().catch(() => undefined), 60_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
    return { supervision, stars, reports, links };
  },
  todos:
    ({ supervision, stars, links }) =>
    async ({ db, user, today }) => {
      const perms = user.permissions as string[];
      const groups = [];
      const scope = user.unitPath;
      if (perms.includes('supervision:work')) {
        const mine = await db
          .selectFrom('sv_items as i')
          .select([
            sql<number>`count(*)`.as('n'),
            sql<number>`sum(case when ${slipWhere('red', today)} then 1 else 0 end)`.as('red'),
          ])
          .where('i.owner_user_id', '=', user.id)
          .where('i.status', '=', 'open')
          .executeTakeFirstOrThrow();
        const red = Number(mine.red ?? 0);
        groups.push({
          key: 'supervision.mine',
          label: red ? 'supervision.todo.mine_red' : 'supervision.todo.mine',
          count: Number(mine.n),
          // The count is every open item of mine, so the list shows them all (red ones carry their slip).
          path: '/supervision/items?mine=owner',
          nav: 'supervision',
          tone: red ? ('danger' as const) : ('normal' as const),
        });
      }
      if (perms.includes('supervision:check')) {
        const check = await db
          .selectFrom('sv_items as i')
          .select(sql<number>`count(*)`.as('n'))
          .where(pathUnder('i.unit_path', scope))
          .where('i.status', '=', 'submitted')
          // As one expression (not an OR of two indexed conditions): SQLite would otherwise walk the checker index
          // over every unassigned item of the province instead of the caller's range of the scope index.
          .where(sql<boolean>`coalesce(i.checker_user_id, ${user.id}) = ${user.id}`)
          .where((eb) => eb.or([eb('i.owner_user_id', 'is', null), eb('i.owner_user_id', '<>', user.id)]))
          .where((eb) => eb.or([eb('i.submitted_by', 'is', null), eb('i.submitted_by', '<>', user.id)]))
          .executeTakeFirstOrThrow();
        groups.push({
          key: 'supervision.check',
          label: 'supervision.todo.check',
          count: Number(check.n),
          path: '/supervision/items?mine=checker',
          nav: 'supervision',
          tone: 'warning' as const,
        });
      }
      if (perms.includes('supervision:read')) {
        const esc = await db
          .selectFrom('sv_items as i')
          .select(sql<number>`count(*)`.as('n'))
          .where('i.parent_unit_id', '=', user.unitId)
          .where('i.status', '<>', 'closed')
          .where('i.deadline', '<', today)
          .executeTakeFirstOrThrow();
        groups.push({
          key: 'supervision.escalated',
          label: 'supervision.todo.escalated',
          count: Number(esc.n),
          path: '/supervision/items?mine=escalated',
          nav: 'supervision',
          tone: 'danger' as const,
        });
        const villages = await links.villagesOf(db, user.id);
        if (villages.length) {
          const linked = await db
            .selectFrom('sv_items as i')
            .select(sql<number>`count(*)`.as('n'))
            .where('i.org_unit_id', 'in', villages)
            .where((eb) =>
              eb.or([
                eb(slipWhere('red', today), '=', sql<boolean>`true`),
                eb(slipWhere('yellow', today), '=', sql<boolean>`true`),
              ]),
            )
            .executeTakeFirstOrThrow();
          groups.push({
            key: 'supervision.linked',
            label: 'supervision.todo.linked',
            count: Number(linked.n),
            path: '/supervision/items?mine=linked&slip=red,yellow',
            nav: 'supervision',
            tone: 'warning' as const,
          });
        }
      }
      if (perms.includes('supervision:manage')) {
        const ext = await db
          .selectFrom('sv_extensions')
          .select(sql<number>`count(*)`.as('n'))
          .where('status', '=', 'pending')
          .where(pathUnder('unit_path', scope))
          .executeTakeFirstOrThrow();
        groups.push({
          key: 'supervision.extensions',
          label: 'supervision.todo.extensions',
          count: Number(ext.n),
          path: '/supervision/items?extension=pending',
          nav: 'supervision',
          tone: 'normal' as const,
        });
      }
      if (perms.includes('star:revoke') || perms.includes('supervision:manage')) {
        await supervision.syncReviewsNow();
        groups.push({
          key: 'supervision.reviews',
          label: 'supervision.todo.reviews',
          count: await stars.openReviews(db, scope),
          path: '/supervision/stars',
          nav: 'supervision-stars',
          tone: 'warning' as const,
        });
      }
      return groups;
    },
});
