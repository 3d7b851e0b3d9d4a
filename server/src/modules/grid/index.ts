import { defineModule } from '../../kernel/module.ts';
import { calendarModule } from '../calendar/index.ts';
import { disputeRetentionJob } from './dispute-retention.job.ts';
import { createGridRecordsService } from './grid-records.service.ts';
import { createGridExcel } from './grid.excel.ts';
import { threeZeroFact } from './grid.facts.ts';
import { gridRoutes } from './grid.routes.ts';
import { gridTodos } from './grid.todos.ts';
import { createGridService } from './grid.service.ts';
import './grid.tables.ts';
import { grid as gridMigration } from './migrations/0003-grid.ts';
import { gridIntake } from './migrations/0004-grid-intake.ts';

/**
 * Grid governance: events and disputes reported from phones, the workflow on working-day time limits, mediation,
 * ledgers, campaigns, 三零, statistics and the map.
 */
export const gridModule = defineModule({
  name: 'grid',
  migrations: [gridMigration, gridIntake],
  facts: [threeZeroFact],
  jobs: (settings) => [disputeRetentionJob(settings.disputeRetentionYears)],
  todos: () => gridTodos,
  demo: async () => (await import('./demo/grid.demo.ts')).seedGridDemo,
  scale: async () => (await import('./demo/grid.scale.ts')).gridScaleSeeder,
  register: ({ app, database, db, dialect, keys, audit, clock, use }) => {
    const calendar = use(calendarModule);
    const grid = createGridService({ db, dialect, keys, audit, clock, commits: database.commits, calendar });
    const records = createGridRecordsService({ db, dialect, audit, clock, grid });
    const excel = createGridExcel({ db, audit, clock, records, grid });
    gridRoutes(app, { grid, records, excel });
    return { grid, records, excel };
  },
});
