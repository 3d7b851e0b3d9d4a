/**
 * The public list of stars taken and restored, by method and path only, for the public notice page (read through the
 * package's `@fivestar/common/supervision/addresses` entry, without the schema library). The contract builds the
 * route on it.
 */
export const supervisionPublicAddresses = {
  publicRevocations: { method: 'GET', path: '/api/public/revocations' },
} as const;
