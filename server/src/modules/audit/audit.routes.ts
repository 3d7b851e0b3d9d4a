import { auditContract } from '@fivestar/common';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import type { createAuditLogReader } from './audit.repository.ts';

export function auditRoutes(app: ZApp, { log }: { log: ReturnType<typeof createAuditLogReader> }) {
  serve(app, auditContract, {
    list: ({ user, query }) => log.list(user, query),
    actions: ({ user }) => log.actions(user),
  });
}
