import type { Access } from '../auth/route-access.ts';

/** The daily jobs' status is read by whoever reads the audit log (the runs are audited too). */
export const JOBS_ROUTE_ACCESS = {
  'GET /api/jobs': 'audit:read',
} as const satisfies Record<string, Access>;
