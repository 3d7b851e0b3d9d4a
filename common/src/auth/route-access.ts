import { routeKey, routesOf, type Access } from '../contract.ts';
import { CONTRACTS } from '../modules.ts';

/**
 * The permission table — every HTTP route of the API and who may call it — derived from the route contracts. The
 * server refuses to start with a route that is not declared, and the access tests walk this table for every role.
 * Data scope (which records) is applied separately, in one place on the server.
 */
export const ROUTE_ACCESS: Readonly<Record<string, Access>> = Object.fromEntries(
  routesOf(CONTRACTS).map((r) => [routeKey(r), r.access]),
);
