import { auditFeature } from './audit';
import { authFeature } from './auth';
import { contestsFeature } from './contests';
import { developmentFeature } from './development';
import { gridFeature } from './grid';
import { homeFeature } from './home';
import { linksFeature } from './links';
import { notificationsFeature } from './notifications';
import { orgFeature } from './org';
import { partylifeFeature } from './partylife';
import { personsFeature } from './persons';
import { publicityFeature } from './publicity';
import { ratingsFeature } from './ratings';
import { supervisionFeature } from './supervision';
import { usersFeature } from './users';
import { workbenchFeature } from './workbench';

/**
 * Every web feature, in menu order. The router, the menu, the home tiles and the dictionaries are built from this
 * list; a new feature adds one line here.
 */
export const FEATURES = [
  homeFeature,
  ratingsFeature,
  publicityFeature,
  supervisionFeature,
  partylifeFeature,
  contestsFeature,
  linksFeature,
  orgFeature,
  gridFeature,
  developmentFeature,
  personsFeature,
  usersFeature,
  auditFeature,
  authFeature,
  workbenchFeature,
  notificationsFeature,
] as const;
