import { defineModule, JOB_ACTOR } from '../../kernel/module.ts';
import { linksModule } from '../links/index.ts';
import { notificationsModule } from '../notifications/index.ts';
import { supervisionModule } from '../supervision/index.ts';
import { createBracketService } from './bracket.service.ts';
import { averageInspectionScoreFact, topThirdTwiceFact } from './contests.facts.ts';
import { CONTESTS_MESSAGES } from './contests.messages.ts';
import { contestsRoutes } from './contests.routes.ts';
import './contests.tables.ts';
import { contestsTodos } from './contests.todos.ts';
import { contests0001 } from './migrations/contests-0001.ts';
import { contests0002 } from './migrations/contests-0002-brackets.ts';
import { createReportService } from './report.service.ts';
import { createResultsService } from './results.service.ts';
import { createRoundsService } from './rounds.service.ts';
import { createSheetsService } from './sheets.service.ts';

export type { RoundsService } from './rounds.service.ts';
export type { SheetsService } from './sheets.service.ts';
export type { ResultsService } from './results.service.ts';
export type { BracketService } from './bracket.service.ts';

/**
 * Inspection rounds (人居环境逐村观摩评比) and contests (擂台赛): templates of stages and score sheets, rounds with
 * their lot order, judges (guest accounts that expire with the round), 回避 from the links module and by hand, a
 * balanced assignment, sheets scored on the phone (offline, idempotent, locked when in, hidden until one's own is
 * in), the chair's corrections, aggregation by the round's method, results with prize tiers, yellow flags as
 * supervision items, the meeting report PDF, and facts for the star engine.
 */
export const contestsModule = defineModule({
  name: 'contests',
  migrations: [contests0001, contests0002],
  messages: CONTESTS_MESSAGES,
  facts: [averageInspectionScoreFact, topThirdTwiceFact],
  demo: async () => (await import('./demo/contests.demo.ts')).seedContestsDemo,
  jobs: () => [
    {
      name: 'contests.guest_expiry',
      setting: {},
      /** Guest judges' accounts past their round's day stop working (closing a round ends them at once). */
      async run({ trx, audit, now }) {
        const due = await trx
          .selectFrom('contest_judges as j')
          .innerJoin('users as u', 'u.id', 'j.user_id')
          .select('u.id')
          .where('j.kind', '=', 'guest')
          .where('j.expires_at', '<=', now)
          .where('u.status', '=', 'active')
          .execute();
        for (const u of due) {
          await trx
            .updateTable('users')
            .set({ status: 'disabled', updated_at: now })
            .where('id', '=', u.id)
            .execute();
          await audit.record(trx, {
            actorId: null,
            actorName: JOB_ACTOR,
            action: 'contests.guest.expire',
            objectType: 'user',
            objectId: u.id,
            newValue: { status: 'disabled' },
          });
        }
        return { disabled: due.length };
      },
    },
  ],
  register: ({ app, db, audit, clock, hashCost, use }) => {
    const links = use(linksModule);
    const notifications = use(notificationsModule);
    const { supervision } = use(supervisionModule);
    const rounds = createRoundsService({ db, audit, clock, hashCost, links });
    const sheets = createSheetsService({ db, audit, clock, links });
    const results = createResultsService({ db, audit, clock, supervision, notifications });
    const bracket = createBracketService({ db, audit, clock, links });
    const report = createReportService({
      db,
      audit,
      results,
      onLoadError: (err) =>
        app.log.error({ err }, 'contests report: the PDF library or the CJK font could not be loaded'),
    });
    contestsRoutes(app, { rounds, sheets, results, report, bracket });
    return { rounds, sheets, results, bracket };
  },
  todos: () => contestsTodos,
});
