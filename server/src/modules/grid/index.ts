import type { Clock } from '../../clock.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../../files/excel.ts';
import type { DbHandle } from '../../db/database.ts';
import type { CacheVersions } from '../../kernel/cache-versions.ts';
import type { FileStore } from '../../kernel/file-store.ts';
import { defineModule } from '../../kernel/module.ts';
import type { Keys } from '../../security/crypto.ts';
import type { AuditService } from '../audit/index.ts';
import { calendarModule, type CalendarService } from '../calendar/index.ts';
import { disputeRetentionJob } from './dispute-retention.job.ts';
import { createDeadlines } from './events/deadlines.ts';
import { createEventLog } from './events/event-log.ts';
import { createEvents } from './events/events.service.ts';
import { createIntake } from './events/intake.service.ts';
import { createMediation } from './events/mediation.service.ts';
import { createPhotos } from './events/photos.service.ts';
import { createWorkflow } from './events/workflow.service.ts';
import { createCounts } from './grid.counts.ts';
import { threeZeroFact } from './grid.facts.ts';
import { GRID_MESSAGES } from './grid.messages.ts';
import { gridRoutes } from './grid.routes.ts';
import { GRID_TODO_MESSAGES, gridTodos } from './grid.todos.ts';
import './grid.tables.ts';
import { grid as gridMigration } from './migrations/0003-grid.ts';
import { gridIntake } from './migrations/0004-grid-intake.ts';
import { gridEditVersions } from './migrations/grid-0005-edit-versions.ts';
import { gridUnmaskedExports } from './migrations/grid-0006-unmasked-exports.ts';
import { createCampaigns } from './records/campaigns.service.ts';
import { changeRecorder } from './records/changes.ts';
import { createDisputeLedger } from './records/disputes.service.ts';
import { createGrids } from './records/grids.service.ts';
import { createLedgerExcel } from './records/ledgers.excel.ts';
import { createUnmaskedExports } from './records/unmasked-exports.service.ts';
import { createRiskLedger } from './records/risks.service.ts';
import { createStats } from './records/stats.service.ts';
import { createThreeZero } from './records/three-zero.service.ts';
import { createTimeLimits } from './records/time-limits.service.ts';
import { createTypes } from './records/types.service.ts';

/** The grid module's services: the life of a report (events/) and the records around them (records/). */
function createGridServices({
  database,
  keys,
  audit,
  clock,
  calendar,
  importLimits = DEFAULT_IMPORT_LIMITS,
  caches,
  files,
}: {
  database: DbHandle;
  keys: Keys;
  audit: AuditService;
  clock: Clock;
  calendar: CalendarService;
  importLimits?: ImportLimits;
  caches: CacheVersions;
  files: FileStore;
}) {
  const { db, dialect } = database;
  const counts = createCounts();
  const deadlines = createDeadlines(calendar, caches);
  const log = createEventLog({ audit, clock });
  const record = changeRecorder(audit);
  const events = createEvents({ db, clock });
  const photos = createPhotos({ db, audit, clock, files });
  const disputes = createDisputeLedger({ db });
  const risks = createRiskLedger({ db, clock, record });
  const eventDeps = { db, clock, events, photos, deadlines, log, counts };
  const excel = createLedgerExcel({ db, audit, clock, disputes, risks, counts, importLimits, keys });
  return {
    events,
    photos,
    intake: createIntake({ ...eventDeps, keys, commits: database.commits }),
    workflow: createWorkflow(eventDeps),
    mediation: createMediation(eventDeps),
    types: createTypes({ db, clock, record }),
    timeLimits: createTimeLimits({ db, record, deadlines }),
    grids: createGrids({ db, clock }),
    disputes,
    risks,
    excel,
    unmaskedExports: createUnmaskedExports({ db, clock, audit, excel }),
    campaigns: createCampaigns({ db, clock, record }),
    stats: createStats({ db, dialect }),
    threeZero: createThreeZero({ db, clock, record }),
  };
}

export type GridServices = ReturnType<typeof createGridServices>;

/**
 * Grid governance (docs/programme.md §4): events and disputes reported from phones, the workflow on working-day
 * time limits, mediation, the ledgers, campaigns (§5), 三零, statistics and the map.
 */
export const gridModule = defineModule({
  name: 'grid',
  migrations: [gridMigration, gridIntake, gridEditVersions, gridUnmaskedExports],
  messages: { ...GRID_MESSAGES, ...GRID_TODO_MESSAGES },
  facts: [threeZeroFact],
  jobs: (settings) => [disputeRetentionJob(settings.disputeRetentionYears)],
  todos: () => gridTodos,
  demo: async () => (await import('./demo/grid.demo.ts')).seedGridDemo,
  scale: async () => (await import('./demo/grid.scale.ts')).gridScaleSeeder,
  register: ({ app, database, keys, audit, clock, caches, files, use, settings }) => {
    const services = createGridServices({
      database,
      keys,
      audit,
      clock,
      calendar: use(calendarModule),
      importLimits: settings.importLimits,
      caches,
      files,
    });
    gridRoutes(app, services);
    return services;
  },
});
