import { defineModule } from '../../kernel/module.ts';
import { AppError } from '../../http/errors.ts';
import { orgModule } from '../org/index.ts';
import { ratingsModule } from '../ratings/index.ts';
import { createDevelopmentExcel } from './development.excel.ts';
import { DEVELOPMENT_FACTS } from './development.facts.ts';
import { DEVELOPMENT_MESSAGES } from './development.messages.ts';
import { developmentRoutes } from './development.routes.ts';
import './development.tables.ts';
import { createLabourService } from './labour.service.ts';
import { developmentRegistries } from './migrations/development-0001-registries.ts';
import { developmentSummaryIndexes } from './migrations/development-0002-summary-indexes.ts';
import { developmentFiles } from './migrations/development-0003-files.ts';
import { createDevFilesService } from './files.service.ts';
import { createRegistryService } from './registry.service.ts';
import { createSummaryIndex } from './summary.index.ts';
import { createSummaryService } from './summary.service.ts';
import { createVillagesService } from './villages.service.ts';

/**
 * Development registries that feed the stars (产业兴旺、生态宜居、文明幸福): labour and training, job fairs and
 * placements, floodplain relocation, 一村一品 projects, incubator enterprises, collective income, service centres,
 * public-welfare posts, cleaners and environment campaigns. One module for both the people side and the economy
 * side: they share the registry descriptors, the Excel kit, the summary contract and the facts.
 */
export const developmentModule = defineModule({
  name: 'development',
  migrations: [developmentRegistries, developmentSummaryIndexes, developmentFiles],
  messages: DEVELOPMENT_MESSAGES,
  facts: DEVELOPMENT_FACTS,
  demo: async () => (await import('./demo/development.demo.ts')).seedDevelopmentDemo,
  scale: async () => (await import('./demo/development.scale.ts')).developmentScaleSeeder,
  register: ({ app, db, keys, audit, clock, facts, use, settings, files, caches }) => {
    const { standards } = use(ratingsModule);
    const org = use(orgModule);
    // The summary's rows in memory, one versioned cache per county (summary.index.ts).
    const summaryIndex = createSummaryIndex(caches, () => org.pathsAt('county'));
    // A listening server loads the shards in the background, so the first summary above a county does not pay for
    // them (about 3 s at 46,000 branches); tests through inject never listen and load on demand.
    app.addHook('onListen', async () => {
      const started = performance.now();
      void summaryIndex.warm().then(
        () => app.log.info({ ms: Math.round(performance.now() - started) }, 'development summary: loaded'),
        (e: unknown) => app.log.warn({ err: e }, 'development summary: warm-up failed'),
      );
    });
    const registry = createRegistryService({ db, keys, audit, clock, summaryIndex });
    const labour = createLabourService({ db, audit, clock });
    const summary = createSummaryService({ db, index: summaryIndex });
    const villages = createVillagesService({
      db,
      facts,
      standard: async (year, kind) => {
        try {
          return (await standards.published(db, year, kind)).definition;
        } catch (e) {
          if (e instanceof AppError && e.code === 'conflict') return null;
          throw e;
        }
      },
    });
    const excel = createDevelopmentExcel({
      db,
      audit,
      clock,
      registry,
      labour,
      importLimits: settings.importLimits,
    });
    const devFiles = createDevFilesService({ db, audit, clock, files });
    developmentRoutes(app, { registry, labour, summary, villages, excel, files: devFiles });
    return { registry, labour, summary, villages, excel, files: devFiles };
  },
});
