import { auditFeature } from './audit';
import { authFeature } from './auth';
import { developmentFeature } from './development';
import { gridFeature } from './grid';
import { homeFeature } from './home';
import { orgFeature } from './org';
import { personsFeature } from './persons';
import { ratingsFeature } from './ratings';
import { usersFeature } from './users';

/**
 * Every web feature, in menu order. The router, the menu, the home tiles and the dictionaries are built from this
 * list; a new feature adds one line here.
 */
export const FEATURES = [
  homeFeature,
  ratingsFeature,
  orgFeature,
  gridFeature,
  developmentFeature,
  personsFeature,
  usersFeature,
  auditFeature,
  authFeature,
] as const;
