import { z } from 'zod';
import { defineContract, route } from '../contract.ts';
import { jobStatusSchema } from './jobs.schemas.ts';

/** The daily jobs' status, read by whoever reads the audit log (the runs are audited too). */
export const jobsContract = defineContract('jobs', {
  status: route({
    method: 'GET',
    path: '/api/jobs',
    access: 'audit:read',
    response: z.array(jobStatusSchema),
  }),
});
