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
});
