import { resolve } from 'node:path';
import { defineModule } from '../../kernel/module.ts';
import { calendarModule } from '../calendar/index.ts';
import { createAwardsService } from './awards.public.ts';
import { createDocumentsService } from './documents.service.ts';
import { createEvidenceService } from './evidence.service.ts';
import { ratings as ratingsMigration } from './migrations/0002-ratings.ts';
import { createNoticesService } from './notices.service.ts';
import { previousYearStarsFact } from './ratings.facts.ts';
import './ratings.messages.ts';
import { ratingsRoutes } from './ratings.routes.ts';
import { ratingsTodos } from './ratings.todos.ts';
import { createRatingsService } from './ratings.service.ts';
import './ratings.tables.ts';
import { createStatsService } from './stats.service.ts';

export type { AwardRow, AwardsService } from './awards.public.ts';

/**
 * Star ratings: standards as data (versioned by year, derived facts from every module), the yearly cycle
 * (self-assessment → township → county → public notice → award), objections, revocation, figures, documents.
 */
export const ratingsModule = defineModule({
  name: 'ratings',
  migrations: [ratingsMigration],
  facts: [previousYearStarsFact],
  todos: () => ratingsTodos,
  demo: async () => (await import('./demo/ratings.demo.ts')).seedRatingsDemo,
  scale: async () => (await import('./demo/ratings.scale.ts')).ratingsScaleSeeder,
  register: ({ app, db, audit, clock, keys, facts, settings, use }) => {
    const calendar = use(calendarModule);
    const ratings = createRatingsService({ db, audit, clock, facts });
    const notices = createNoticesService({ db, audit, clock, ratings, calendar, piiKey: keys.pii });
    const stats = createStatsService({ db, ratings });
    const evidence = createEvidenceService({ db, audit, clock, ratings, dir: resolve(settings.evidenceDir) });
    const documents = createDocumentsService({ db, audit, clock, ratings });
    ratingsRoutes(app, { ratings, notices, stats, evidence, documents, clock, facts });
    const awards = createAwardsService({ ratings, audit, clock, facts });
    return { ratings, notices, stats, evidence, documents, awards };
  },
});
