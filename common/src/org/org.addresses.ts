/**
 * The unit tree's children route by method and path only, for pages drawn without the schema library (the phone's
 * report form picks its village with it) through `@fivestar/common/org/addresses`. The contract builds the route
 * on it, so there is one source for the address.
 */
export const orgTreeAddresses = {
  children: { method: 'GET', path: '/api/org/units/:id/children' },
} as const;
