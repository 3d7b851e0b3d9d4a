/**
 * The star-rating public notice routes' methods and paths, and nothing else: the public notice page (a villager's
 * first visit) reads them through the package's `@fivestar/common/ratings/addresses` entry without loading the
 * schema library. The contract builds those routes on these, so there is one source for each address.
 */
export const ratingsPublicAddresses = {
  publicNotices: { method: 'GET', path: '/api/public/notices' },
  publicNotice: { method: 'GET', path: '/api/public/notices/:id' },
  publicNoticePdf: { method: 'GET', path: '/api/public/notices/:id/pdf' },
  object: { method: 'POST', path: '/api/public/notices/:id/objections' },
} as const;
