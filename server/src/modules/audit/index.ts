import { defineModule } from '../../kernel/module.ts';
import { createAuditLogReader } from './audit.repository.ts';
import { auditRoutes } from './audit.routes.ts';
import './audit.tables.ts';

export { createAuditService, GENESIS_HASH, type AuditEntry, type AuditService } from './audit.service.ts';
export type { AuditLogTable } from './audit.tables.ts';
export {
  checkAnchor,
  checkAuditAnchorAtStart,
  createAnchorKeeper,
  makeAnchor,
  readAnchorFile,
  writeAnchorFile,
  type AuditAnchor,
} from './audit.anchor.ts';
export { lastChangeOf } from './last-change.ts';

/**
 * The hash-chained, append-only audit log. The app creates the writer every module records through (`ctx.audit`,
 * before any module registers); this module mounts the route that reads it.
 */
export const auditModule = defineModule({
  name: 'audit',
  register: ({ app, db }) => {
    auditRoutes(app, { log: createAuditLogReader(db) });
  },
});
