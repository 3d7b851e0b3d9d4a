import type { ServerModule } from '../kernel/module.ts';
import { auditModule } from './audit/index.ts';
import { authModule } from './auth/index.ts';
import { backupModule } from './backup/index.ts';
import { calendarModule } from './calendar/index.ts';
import { contestsModule } from './contests/index.ts';
import { developmentModule } from './development/index.ts';
import { gridModule } from './grid/index.ts';
import { jobsModule } from './jobs/index.ts';
import { linksModule } from './links/index.ts';
import { notificationsModule } from './notifications/index.ts';
import { orgModule } from './org/index.ts';
import { partylifeModule } from './partylife/index.ts';
import { personsModule } from './persons/index.ts';
import { publicityModule } from './publicity/index.ts';
import { ratingsModule } from './ratings/index.ts';
import { supervisionModule } from './supervision/index.ts';
import { usersModule } from './users/index.ts';
import { workbenchModule } from './workbench/index.ts';

/**
 * Every module, in order. The order is the order of migrations, demo seeding (one shared random source: the demo's
 * figures depend on it), route mounting and daily jobs; a module may `use` only modules before it. A new domain
 * adds one line here.
 */
export const MODULES: readonly ServerModule<unknown>[] = [
  orgModule,
  personsModule,
  authModule,
  usersModule,
  auditModule,
  calendarModule,
  ratingsModule,
  gridModule,
  developmentModule,
  linksModule,
  notificationsModule,
  publicityModule,
  supervisionModule,
  partylifeModule,
  contestsModule,
  workbenchModule,
  jobsModule,
  backupModule,
];
