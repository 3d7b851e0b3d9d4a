import { auditContract } from './audit/audit.contract.ts';
import { authContract } from './auth/auth.contract.ts';
import { calendarContract } from './calendar/calendar.contract.ts';
import { developmentContract } from './development/development.contract.ts';
import type { Contract } from './contract.ts';
import { systemContract } from './http/system.contract.ts';
import { gridContract } from './grid/grid.contract.ts';
import { jobsContract } from './jobs/jobs.contract.ts';
import { orgContract } from './org/org.contract.ts';
import { personsContract } from './persons/persons.contract.ts';
import { ratingsContract } from './ratings/ratings.contract.ts';
import { usersContract } from './users/users.contract.ts';
import { linksContract } from './links/links.contract.ts';
import { supervisionContract } from './supervision/supervision.contract.ts';
import { partylifeContract } from './partylife/partylife.contract.ts';
import { workbenchContract } from './workbench/index.ts';
import { notificationsContract } from './notifications/index.ts';
import { contestsContract } from './contests/contests.contract.ts';
import { publicityContract } from './publicity/publicity.contract.ts';

/**
 * Every domain's route contract. A new domain adds one line here; the permission table, the access tests and the
 * OpenAPI document follow from it.
 */
export const CONTRACTS: readonly Contract[] = [
  systemContract,
  authContract,
  orgContract,
  personsContract,
  usersContract,
  auditContract,
  jobsContract,
  calendarContract,
  gridContract,
  ratingsContract,
  developmentContract,
  linksContract,
  notificationsContract,
  publicityContract,
  supervisionContract,
  partylifeContract,
  contestsContract,
  workbenchContract,
];
