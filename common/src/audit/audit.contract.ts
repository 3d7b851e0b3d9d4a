import { z } from 'zod';
import { defineContract, route } from '../contract.ts';
import { pageOf } from '../http/paging.ts';
import { auditEntrySchema, auditListQuerySchema } from './audit.schemas.ts';

/** The audit log, read-only. */
export const auditContract = defineContract('audit', {
  list: route({
    method: 'GET',
    path: '/api/audit',
    access: 'audit:read',
    query: auditListQuerySchema,
    response: pageOf(auditEntrySchema),
  }),
  actions: route({
    method: 'GET',
    path: '/api/audit/actions',
    access: 'audit:read',
    response: z.array(z.string()),
    summary: 'The action codes present in the caller’s part of the log (the filter offers them by name)',
  }),
});
