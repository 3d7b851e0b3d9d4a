import { ratingsEditVersions } from './migrations/ratings-0003-edit-versions.ts';
import { defineModule } from '../../kernel/module.ts';
import { calendarModule } from '../calendar/index.ts';
import { createApplicationsService } from './applications.service.ts';
import { createAwardsService } from './awards.service.ts';
import { createCycle } from './cycle.service.ts';
import { createStarDecisions, STAR_DECISION_MESSAGES, type StarDecisions } from './star-decisions.ts';
import { createDocumentsService } from './documents.service.ts';
import { createEvidenceService } from './evidence.service.ts';
import { ratings as ratingsMigration } from './migrations/0002-ratings.ts';
import { createNoticesService } from './notices.service.ts';
import { createRatingTableService } from './rating-table.service.ts';
import { previousYearStarsFact } from './ratings.facts.ts';
import { ratingsMessages } from './ratings.messages.ts';
import { ratingsRoutes, type RatingsServices } from './ratings.routes.ts';
import { RATINGS_TODO_MESSAGES, ratingsTodos } from './ratings.todos.ts';
import './ratings.tables.ts';
import { createStandardsService } from './standards.service.ts';
import { createStatsService } from './stats.service.ts';
import { createTargetsService } from './targets.service.ts';

export type { RatingsServices } from './ratings.routes.ts';

export type { AwardRow, StarDecisions } from './star-decisions.ts';
export { createPdfRenderer } from './documents.pdf.ts';

/**
 * Star ratings (docs/programme.md §1–§3): standards as data (versioned by year, derived facts from every module),
 * targets, the yearly cycle (self-assessment → township → county → public notice → award), objections,
 * revocation, figures and documents.
 */
export const ratingsModule = defineModule<RatingsServices & { decisions: StarDecisions }>({
  name: 'ratings',
  migrations: [ratingsMigration, ratingsEditVersions],
  messages: { ...ratingsMessages, ...STAR_DECISION_MESSAGES, ...RATINGS_TODO_MESSAGES },
  facts: [previousYearStarsFact],
  todos: () => ratingsTodos,
  demo: async () => (await import('./demo/ratings.demo.ts')).seedRatingsDemo,
  scale: async () => (await import('./demo/ratings.scale.ts')).ratingsScaleSeeder,
  register: ({ app, db, audit, clock, keys, facts, files, use, settings }) => {
    const standards = createStandardsService({ db, audit, clock, facts });
    const cycle = createCycle({ audit, clock });
    const awards = createAwardsService({ clock, standards, cycle });
    const applications = createApplicationsService({ db, audit, clock, facts, standards, cycle, awards });
    const services: RatingsServices = {
      standards,
      targets: createTargetsService({ db, audit, clock, standards }),
      applications,
      notices: createNoticesService({
        db,
        audit,
        clock,
        standards,
        cycle,
        awards,
        calendar: use(calendarModule),
        piiKey: keys.pii,
      }),
      stats: createStatsService({ db, standards, applications }),
      evidence: createEvidenceService({ db, audit, clock, applications, files }),
      documents: createDocumentsService({ db, standards, log: app.log }),
      ratingTable: createRatingTableService({
        db,
        audit,
        clock,
        standards,
        importLimits: settings.importLimits,
      }),
    };
    ratingsRoutes(app, services, { clock, facts });
    return { ...services, decisions: createStarDecisions({ awards, audit, clock, facts }) };
  },
});
