import { fileHeaders } from '../../kernel/file-store.ts';
import { chinaDate, ratingsContract } from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import { createRateLimiter } from '../../http/rate-limit.ts';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import { ifMatchOf, sendVersion } from '../../http/versions.ts';
import type { FactRegistry } from '../../kernel/facts.ts';
import type { ApplicationsService } from './applications.service.ts';
import type { DocumentsService } from './documents.service.ts';
import type { EvidenceService } from './evidence.service.ts';
import type { NoticesService } from './notices.service.ts';
import type { RatingTableService } from './rating-table.service.ts';
import type { StandardsService } from './standards.service.ts';
import type { StatsService } from './stats.service.ts';
import type { TargetsService } from './targets.service.ts';

export interface RatingsServices {
  standards: StandardsService;
  targets: TargetsService;
  applications: ApplicationsService;
  notices: NoticesService;
  stats: StatsService;
  evidence: EvidenceService;
  documents: DocumentsService;
  ratingTable: RatingTableService;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Objections per address per hour on the public notice. */
const OBJECTIONS_PER_HOUR = 5;

/** The ratings contract's handlers: each one reads its input and calls one service. */
export function ratingsRoutes(app: ZApp, s: RatingsServices, deps: { clock: Clock; facts: FactRegistry }) {
  const objectionLimiter = createRateLimiter({
    clock: deps.clock,
    limit: OBJECTIONS_PER_HOUR,
    windowMs: 3_600_000,
  });

  serve(app, ratingsContract, {
    facts: () => deps.facts.list(),
    standards: ({ query }) => s.standards.list(query.year),
    standard: async ({ params, reply }) => {
      const std = await s.standards.get(params.id);
      sendVersion(reply, std.version ?? 1);
      return std;
    },
    createStandard: ({ user, body, ip }) => s.standards.create(user, body, ip),
    updateStandard: async ({ user, params, body, ip, request, reply }) => {
      const std = await s.standards.update(user, params.id, body.definition, ip, ifMatchOf(request));
      sendVersion(reply, std.version ?? 1);
      return std;
    },
    publishStandard: ({ user, params, ip }) => s.standards.publish(user, params.id, ip),

    targets: ({ user, query }) => s.targets.get(user, query.year, query.unitId),
    putTargets: ({ user, body, ip }) => s.targets.put(user, body, ip),
    putBranchTargets: ({ user, body, ip }) => s.targets.putBranch(user, body, ip),

    applications: ({ user, query }) => s.applications.list(user, query),
    application: async ({ user, params, reply }) => {
      const detail = await s.applications.get(user, params.id);
      sendVersion(reply, detail.version ?? 1);
      return detail;
    },
    assess: async ({ user, params, body, ip, request, reply }) => {
      const detail = await s.applications.assess(user, params.id, body.results, ip, ifMatchOf(request));
      sendVersion(reply, detail.version ?? 1);
      return detail;
    },
    submit: ({ user, params, ip }) => s.applications.submit(user, params.id, ip),
    uploadEvidence: ({ user, params, query, body, ip }) =>
      s.evidence.upload(user, params.id, query.indicator, query.name, body, ip),
    reviewIndicator: ({ user, params, body, ip }) =>
      s.applications.reviewIndicator(user, params.id, body, ip),
    townshipAction: ({ user, params, body, ip }) => s.applications.townshipAction(user, params.id, body, ip),
    countyAction: ({ user, params, body, ip }) => s.applications.countyAction(user, params.id, body, ip),
    evidence: async ({ user, params, query, reply }) => {
      const file = await s.evidence.read(user, params.id);
      // Shown in place only when asked, and only for photos and PDFs; every other type is a download.
      fileHeaders(reply, file, { download: query.view !== 'inline' });
      return file.body;
    },

    notices: ({ user, query }) => s.notices.listStaff(user, query.year),
    publishNotice: ({ user, body, ip }) => s.notices.create(user, body, ip),
    notice: ({ user, params }) => s.notices.getStaff(user, params.id),
    awardNotice: ({ user, params, ip }) => s.notices.award(user, params.id, ip),
    resolveObjection: ({ user, params, body, ip }) => s.notices.resolve(user, params.id, body, ip),

    summary: ({ user, query }) => s.stats.summary(user, query.year, query.unitId),
    // Without a year: the current one by the server's clock (a browser's clock may be wrong).
    dashboard: ({ user, query }) =>
      s.stats.dashboard(user, query.year ?? Number(chinaDate(deps.clock.now()).slice(0, 4)), query.unitId),
    branches: ({ user, query }) => s.stats.branches(user, query),
    branch: ({ user, params, query }) => s.stats.branchDetail(user, params.id, query.year),

    certificate: async ({ user, params, reply }) => {
      const pdf = await s.documents.certificatePdf(user, params.id);
      reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${params.id}.pdf"`);
      return pdf;
    },
    exportTable: async ({ user, query, reply }) => {
      const file = await s.ratingTable.exportXlsx(user, query.year, query.unitId);
      reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="ratings-${query.year}.xlsx"`);
      return file;
    },
    importTable: async ({ user, query, body, ip, reply }) => {
      const report = await s.ratingTable.importXlsx(user, query.year, body, ip);
      // A rejected table is still answered with its report, row by row.
      return report.ok ? report : reply.status(422).send(report);
    },

    publicNotices: () => s.notices.listPublic(),
    publicNotice: ({ params }) => s.notices.getPublic(params.id),
    publicNoticePdf: async ({ params, reply }) => {
      const pdf = await s.documents.noticePdf(await s.notices.getPublic(params.id));
      reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="notice-${params.id}.pdf"`);
      return pdf;
    },
    object: ({ params, body, ip }) => {
      objectionLimiter.take(ip);
      return s.notices.object(params.id, body, ip);
    },
  });
}
