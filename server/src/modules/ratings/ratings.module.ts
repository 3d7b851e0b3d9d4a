import { resolve } from 'node:path';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { ZApp } from '../../http/route.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { createDocumentsService } from './documents.service.ts';
import { createEvidenceService } from './evidence.service.ts';
import { createNoticesService } from './notices.service.ts';
import { ratingsRoutes } from './ratings.routes.ts';
import { createRatingsService } from './ratings.service.ts';
import { createStatsService } from './stats.service.ts';

/** The ratings module wired: services and routes (one call from the composition root). */
export function createRatingsModule(
  app: ZApp,
  deps: { db: Db; audit: AuditService; clock: Clock; evidenceDir: string; piiKey: Buffer },
) {
  const { db, audit, clock } = deps;
  const ratings = createRatingsService({ db, audit, clock });
  const notices = createNoticesService({ db, audit, clock, ratings, piiKey: deps.piiKey });
  const stats = createStatsService({ db, ratings });
  const evidence = createEvidenceService({ db, audit, clock, ratings, dir: resolve(deps.evidenceDir) });
  const documents = createDocumentsService({ db, audit, clock, ratings });
  ratingsRoutes(app, { ratings, notices, stats, evidence, documents, clock });
  return { ratings, notices, stats, evidence, documents };
}
