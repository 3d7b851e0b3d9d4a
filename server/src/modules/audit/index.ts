import { defineModule } from '../../kernel/module.ts';
import { auditRoutes } from './audit.routes.ts';
import './audit.tables.ts';

export { createAuditService, GENESIS_HASH, type AuditEntry, type AuditService } from './audit.service.ts';
export type { AuditLogTable } from './audit.tables.ts';

/** The hash-chained, append-only audit log: the service every write records through, and its reading route. */
export const auditModule = defineModule({
  name: 'audit',
  register: ({ app, db }) => auditRoutes(app, { db }),
});
