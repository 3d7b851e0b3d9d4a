import {
  applicationDetailSchema,
  applicationListQuerySchema,
  applicationSchema,
  assessSchema,
  branchRatingDetailSchema,
  branchTargetsPutSchema,
  countyActionSchema,
  dashboardSchema,
  factSchema,
  idParamSchema,
  importReportSchema,
  indicatorCodeSchema,
  indicatorReviewSchema,
  noticeCreateSchema,
  objectionCreateSchema,
  objectionResolveSchema,
  pageOf,
  publicNoticeSchema,
  ratedBranchQuerySchema,
  ratedBranchSchema,
  staffNoticeSchema,
  standardCreateSchema,
  standardListQuerySchema,
  standardPatchSchema,
  standardSchema,
  ratingSummaryQuerySchema,
  ratingSummarySchema,
  targetsQuerySchema,
  targetsSchema,
  townshipActionSchema,
  townshipTargetsPutSchema,
  yearSchema,
} from '@fivestar/common';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../http/errors.ts';
import { createRateLimiter } from '../../http/rate-limit.ts';
import { actor, type ZApp } from '../../http/route.ts';
import type { DocumentsService } from './documents.service.ts';
import { EVIDENCE_MAX_BYTES, type EvidenceService } from './evidence.service.ts';
import type { FactRegistry } from '../../kernel/facts.ts';
import type { NoticesService } from './notices.service.ts';
import type { RatingsService } from './ratings.service.ts';
import type { StatsService } from './stats.service.ts';

export interface RatingsDeps {
  ratings: RatingsService;
  notices: NoticesService;
  stats: StatsService;
  evidence: EvidenceService;
  documents: DocumentsService;
  clock: Clock;
  facts: FactRegistry;
  /** Objections per IP per hour on the public notice. */
  objectionLimit?: number;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ratingsRoutes(app: ZApp, deps: RatingsDeps) {
  const { ratings, notices, stats, evidence, documents } = deps;
  const tags = ['ratings'];
  const objectionLimiter = createRateLimiter({
    clock: deps.clock,
    limit: deps.objectionLimit ?? 5,
    windowMs: 3_600_000,
  });

  // Raw uploads (evidence files, Excel imports) are sent as application/octet-stream.
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  // ---- Standards and facts ----
  app.get('/api/ratings/facts', { schema: { tags, response: { 200: z.array(factSchema) } } }, async () =>
    deps.facts.list(),
  );
  app.get(
    '/api/ratings/standards',
    { schema: { tags, querystring: standardListQuerySchema, response: { 200: z.array(standardSchema) } } },
    async (request) => ratings.listStandards(request.query.year),
  );
  app.get(
    '/api/ratings/standards/:id',
    { schema: { tags, params: idParamSchema, response: { 200: standardSchema } } },
    async (request) => ratings.getStandard(request.params.id),
  );
  app.post(
    '/api/ratings/standards',
    { schema: { tags, body: standardCreateSchema, response: { 201: standardSchema } } },
    async (request, reply) =>
      reply.status(201).send(await ratings.createStandard(actor(request), request.body, request.ip)),
  );
  app.patch(
    '/api/ratings/standards/:id',
    { schema: { tags, params: idParamSchema, body: standardPatchSchema, response: { 200: standardSchema } } },
    async (request) =>
      ratings.updateStandard(actor(request), request.params.id, request.body.definition, request.ip),
  );
  app.post(
    '/api/ratings/standards/:id/publish',
    { schema: { tags, params: idParamSchema, response: { 200: standardSchema } } },
    async (request) => ratings.publishStandard(actor(request), request.params.id, request.ip),
  );

  // ---- Targets ----
  app.get(
    '/api/ratings/targets',
    { schema: { tags, querystring: targetsQuerySchema, response: { 200: targetsSchema } } },
    async (request) => ratings.getTargets(actor(request), request.query.year, request.query.unitId),
  );
  app.put(
    '/api/ratings/targets',
    { schema: { tags, body: townshipTargetsPutSchema, response: { 200: targetsSchema } } },
    async (request) => ratings.putTargets(actor(request), request.body, request.ip),
  );
  app.put(
    '/api/ratings/targets/branch',
    {
      schema: {
        tags,
        body: branchTargetsPutSchema,
        response: { 200: z.object({ branchId: z.number(), year: z.number(), stars: z.array(z.string()) }) },
      },
    },
    async (request) => ratings.putBranchTargets(actor(request), request.body, request.ip),
  );

  // ---- Applications ----
  app.get(
    '/api/ratings/applications',
    {
      schema: { tags, querystring: applicationListQuerySchema, response: { 200: pageOf(applicationSchema) } },
    },
    async (request) => ratings.listApplications(actor(request), request.query),
  );
  app.get(
    '/api/ratings/applications/:id',
    { schema: { tags, params: idParamSchema, response: { 200: applicationDetailSchema } } },
    async (request) => ratings.getApplication(actor(request), request.params.id),
  );
  app.post(
    '/api/ratings/applications/:id/assess',
    {
      schema: { tags, params: idParamSchema, body: assessSchema, response: { 200: applicationDetailSchema } },
    },
    async (request) => ratings.assess(actor(request), request.params.id, request.body.results, request.ip),
  );
  app.post(
    '/api/ratings/applications/:id/submit',
    { schema: { tags, params: idParamSchema, response: { 200: applicationDetailSchema } } },
    async (request) => ratings.submit(actor(request), request.params.id, request.ip),
  );
  app.post(
    '/api/ratings/applications/:id/evidence',
    {
      bodyLimit: EVIDENCE_MAX_BYTES,
      schema: {
        tags,
        params: idParamSchema,
        querystring: z.object({
          indicator: indicatorCodeSchema,
          name: z.string().trim().max(200).default(''),
        }),
        response: {
          201: z.object({
            id: z.number(),
            name: z.string(),
            mime: z.string(),
            size: z.number(),
            createdAt: z.number(),
          }),
        },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type');
      const file = await evidence.upload(
        actor(request),
        request.params.id,
        request.query.indicator,
        request.query.name,
        request.body,
        request.ip,
      );
      return reply.status(201).send(file);
    },
  );
  app.post(
    '/api/ratings/applications/:id/indicator-review',
    {
      schema: {
        tags,
        params: idParamSchema,
        body: indicatorReviewSchema,
        response: { 200: applicationDetailSchema },
      },
    },
    async (request) => ratings.reviewIndicator(actor(request), request.params.id, request.body, request.ip),
  );
  app.post(
    '/api/ratings/applications/:id/township',
    {
      schema: {
        tags,
        params: idParamSchema,
        body: townshipActionSchema,
        response: { 200: applicationDetailSchema },
      },
    },
    async (request) => ratings.townshipAction(actor(request), request.params.id, request.body, request.ip),
  );
  app.post(
    '/api/ratings/applications/:id/county',
    {
      schema: {
        tags,
        params: idParamSchema,
        body: countyActionSchema,
        response: { 200: applicationDetailSchema },
      },
    },
    async (request) => ratings.countyAction(actor(request), request.params.id, request.body, request.ip),
  );
  app.get(
    '/api/ratings/evidence/:id',
    { schema: { tags, params: idParamSchema } },
    async (request, reply) => {
      const file = await evidence.read(actor(request), request.params.id);
      return reply
        .header('content-type', file.mime)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(file.body);
    },
  );

  // ---- Notices (staff) ----
  app.get(
    '/api/ratings/notices',
    {
      schema: {
        tags,
        querystring: z.object({ year: yearSchema.optional() }),
        response: { 200: z.array(staffNoticeSchema) },
      },
    },
    async (request) => notices.listStaff(actor(request), request.query.year),
  );
  app.post(
    '/api/ratings/notices',
    { schema: { tags, body: noticeCreateSchema, response: { 201: staffNoticeSchema } } },
    async (request, reply) =>
      reply.status(201).send(await notices.create(actor(request), request.body, request.ip)),
  );
  app.get(
    '/api/ratings/notices/:id',
    { schema: { tags, params: idParamSchema, response: { 200: staffNoticeSchema } } },
    async (request) => notices.getStaff(actor(request), request.params.id),
  );
  app.post(
    '/api/ratings/notices/:id/award',
    { schema: { tags, params: idParamSchema, response: { 200: staffNoticeSchema } } },
    async (request) => notices.award(actor(request), request.params.id, request.ip),
  );
  app.post(
    '/api/ratings/objections/:id/resolve',
    {
      schema: {
        tags,
        params: idParamSchema,
        body: objectionResolveSchema,
        response: { 200: staffNoticeSchema },
      },
    },
    async (request) => notices.resolve(actor(request), request.params.id, request.body, request.ip),
  );

  // ---- Figures ----
  app.get(
    '/api/ratings/summary',
    { schema: { tags, querystring: ratingSummaryQuerySchema, response: { 200: ratingSummarySchema } } },
    async (request) => stats.summary(actor(request), request.query.year, request.query.unitId),
  );
  app.get(
    '/api/ratings/dashboard',
    { schema: { tags, querystring: ratingSummaryQuerySchema, response: { 200: dashboardSchema } } },
    async (request) => stats.dashboard(actor(request), request.query.year, request.query.unitId),
  );
  app.get(
    '/api/ratings/branches',
    { schema: { tags, querystring: ratedBranchQuerySchema, response: { 200: pageOf(ratedBranchSchema) } } },
    async (request) => stats.branches(actor(request), request.query),
  );
  app.get(
    '/api/ratings/branches/:id',
    {
      schema: {
        tags,
        params: idParamSchema,
        querystring: z.object({ year: yearSchema }),
        response: { 200: branchRatingDetailSchema },
      },
    },
    async (request) => stats.branchDetail(actor(request), request.params.id, request.query.year),
  );

  // ---- Documents ----
  app.get(
    '/api/ratings/awards/:id/certificate',
    { schema: { tags, params: idParamSchema } },
    async (request, reply) => {
      const pdf = await documents.certificatePdf(actor(request), request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${request.params.id}.pdf"`)
        .send(pdf);
    },
  );
  app.get(
    '/api/ratings/export',
    { schema: { tags, querystring: ratingSummaryQuerySchema } },
    async (request, reply) => {
      const file = await documents.exportXlsx(actor(request), request.query.year, request.query.unitId);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="ratings-${request.query.year}.xlsx"`)
        .send(file);
    },
  );
  app.post(
    '/api/ratings/import',
    {
      bodyLimit: EVIDENCE_MAX_BYTES,
      schema: {
        tags,
        querystring: z.object({ year: yearSchema }),
        response: { 200: importReportSchema, 422: importReportSchema },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type');
      const report = await documents.importXlsx(actor(request), request.query.year, request.body, request.ip);
      return reply.status(report.ok ? 200 : 422).send(report);
    },
  );

  // ---- The public notice: no sign-in, no personal information ----
  const ptags = ['public'];
  app.get(
    '/api/public/notices',
    { schema: { tags: ptags, response: { 200: z.array(publicNoticeSchema) } } },
    async () => notices.listPublic(),
  );
  app.get(
    '/api/public/notices/:id',
    { schema: { tags: ptags, params: idParamSchema, response: { 200: publicNoticeSchema } } },
    async (request) => notices.getPublic(request.params.id),
  );
  app.get(
    '/api/public/notices/:id/pdf',
    { schema: { tags: ptags, params: idParamSchema } },
    async (request, reply) => {
      const pdf = await documents.noticePdf(await notices.getPublic(request.params.id));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="notice-${request.params.id}.pdf"`)
        .send(pdf);
    },
  );
  app.post(
    '/api/public/notices/:id/objections',
    {
      schema: {
        tags: ptags,
        params: idParamSchema,
        body: objectionCreateSchema,
        response: { 201: z.object({ ok: z.boolean() }) },
      },
    },
    async (request, reply) => {
      if (!objectionLimiter.hit(request.ip)) throw new AppError('rate_limited');
      return reply.status(201).send(await notices.object(request.params.id, request.body, request.ip));
    },
  );
}
