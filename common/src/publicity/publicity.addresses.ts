/**
 * The public notice routes' methods and paths, and nothing else: the public page (seen by villagers on a first visit)
 * reads them through the package's `@fivestar/common/publicity/addresses` entry without loading the schema library.
 * The contract builds those three routes on these, so there is one source for each address.
 */
export const publicityAddresses = {
  notices: { method: 'GET', path: '/api/publicity/notices' },
  notice: { method: 'GET', path: '/api/publicity/notices/:id' },
  object: { method: 'POST', path: '/api/publicity/notices/:id/objections' },
} as const;
