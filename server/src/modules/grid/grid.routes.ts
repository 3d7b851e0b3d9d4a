import {
  actionBodySchema,
  attachmentCreateSchema,
  attachmentSchema,
  campaignCaseCreateSchema,
  campaignCaseSchema,
  campaignCreateSchema,
  campaignPatchSchema,
  campaignSchema,
  disputeLedgerQuerySchema,
  disputeLedgerRowSchema,
  duplicateHintSchema,
  duplicateQuerySchema,
  eventCreatedSchema,
  eventCreateSchema,
  eventDetailSchema,
  eventListQuerySchema,
  eventSummarySchema,
  eventTypeCreateSchema,
  eventTypePatchSchema,
  eventTypeSchema,
  GRID_ACTION_NAMES,
  gridMapSchema,
  gridSchema,
  idParamSchema,
  ledgerExportQuerySchema,
  ledgerImportResultSchema,
  ledgerImportSchema,
  mediationBodySchema,
  mergeBodySchema,
  pageOf,
  reminderSchema,
  riskCreateSchema,
  riskListQuerySchema,
  riskPatchSchema,
  riskSchema,
  statsSchema,
  gridSummaryQuerySchema,
  gridSummarySchema,
  threeZeroOverrideSchema,
  threeZeroQuerySchema,
  threeZeroSchema,
  timeLimitSchema,
  timeLimitSetSchema,
} from '@fivestar/common';
import { z } from 'zod';
import { actor, type ZApp } from '../../http/route.ts';
import type { GridRecordsService } from './grid-records.service.ts';
import type { GridExcel } from './grid.excel.ts';
import type { GridService } from './grid.service.ts';

const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachmentName = (name: string) =>
  `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function gridRoutes(
  app: ZApp,
  { grid, records, excel }: { grid: GridService; records: GridRecordsService; excel: GridExcel },
) {
  const tags = ['grid'];

  // Dictionary, grids, calendar, limits
  app.get('/api/grid/types', { schema: { tags, response: { 200: z.array(eventTypeSchema) } } }, async () =>
    records.types(),
  );
  app.post(
    '/api/grid/types',
    { schema: { tags, body: eventTypeCreateSchema, response: { 201: eventTypeSchema } } },
    async (request, reply) =>
      reply.status(201).send(await records.createType(actor(request), request.body, request.ip)),
  );
  app.patch(
    '/api/grid/types/:id',
    {
      schema: { tags, params: idParamSchema, body: eventTypePatchSchema, response: { 200: eventTypeSchema } },
    },
    async (request) => records.patchType(actor(request), request.params.id, request.body, request.ip),
  );
  app.get(
    '/api/grid/grids',
    {
      schema: {
        tags,
        querystring: z.object({ unitId: z.coerce.number().int().positive().optional() }),
        response: { 200: z.array(gridSchema) },
      },
    },
    async (request) => records.grids(actor(request), request.query.unitId),
  );
  app.get(
    '/api/grid/map',
    {
      schema: {
        tags,
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: gridMapSchema },
      },
    },
    async (request) => records.map(actor(request), request.query.year),
  );
  app.get(
    '/api/grid/time-limits',
    { schema: { tags, response: { 200: z.array(timeLimitSchema) } } },
    async () => records.timeLimits(),
  );
  app.post(
    '/api/grid/time-limits',
    { schema: { tags, body: timeLimitSetSchema, response: { 200: z.array(timeLimitSchema) } } },
    async (request) => records.setTimeLimit(actor(request), request.body, request.ip),
  );

  // Photos
  app.post(
    '/api/grid/attachments',
    { schema: { tags, body: attachmentCreateSchema, response: { 201: attachmentSchema } } },
    async (request, reply) =>
      reply.status(201).send(await grid.uploadAttachment(actor(request), request.body, request.ip)),
  );
  app.get(
    '/api/grid/attachments/:id',
    { schema: { tags, params: idParamSchema } },
    async (request, reply) => {
      const file = await grid.attachment(actor(request), request.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('cache-control', 'no-store') // an event photo may show people: never kept in a browser cache
        .header('content-disposition', 'inline')
        .send(file.bytes);
    },
  );

  // Events
  app.post(
    '/api/grid/events',
    {
      schema: {
        tags,
        body: eventCreateSchema,
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        response: { 200: eventCreatedSchema, 201: eventCreatedSchema },
      },
    },
    async (request, reply) => {
      const result = await grid.create(
        actor(request),
        request.body,
        request.headers['idempotency-key'] ?? null,
        request.ip,
      );
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );
  app.get(
    '/api/grid/events',
    { schema: { tags, querystring: eventListQuerySchema, response: { 200: pageOf(eventSummarySchema) } } },
    async (request) => grid.list(actor(request), request.query),
  );
  app.get(
    '/api/grid/events/overdue',
    { schema: { tags, response: { 200: z.array(eventSummarySchema) } } },
    async (request) => grid.overdue(actor(request)),
  );
  app.post(
    '/api/grid/duplicates',
    { schema: { tags, body: duplicateQuerySchema, response: { 200: z.array(duplicateHintSchema) } } },
    async (request) => grid.duplicateHints(actor(request), request.body),
  );
  app.get(
    '/api/grid/events/:id',
    { schema: { tags, params: idParamSchema, response: { 200: eventDetailSchema } } },
    async (request) => grid.get(actor(request), request.params.id),
  );
  for (const action of GRID_ACTION_NAMES) {
    app.post(
      `/api/grid/events/:id/${action}`,
      {
        schema: { tags, params: idParamSchema, body: actionBodySchema, response: { 200: eventDetailSchema } },
      },
      async (request) => grid.act(actor(request), request.params.id, action, request.body, request.ip),
    );
  }
  app.post(
    '/api/grid/events/:id/merge',
    { schema: { tags, params: idParamSchema, body: mergeBodySchema, response: { 200: eventDetailSchema } } },
    async (request) =>
      grid.merge(actor(request), request.params.id, request.body.intoId, request.body.reason, request.ip),
  );
  app.post(
    '/api/grid/events/:id/mediation',
    {
      schema: {
        tags,
        params: idParamSchema,
        body: mediationBodySchema,
        response: { 200: eventDetailSchema },
      },
    },
    async (request) => grid.mediate(actor(request), request.params.id, request.body, request.ip),
  );

  // Ledgers
  app.get(
    '/api/grid/disputes',
    {
      schema: {
        tags,
        querystring: disputeLedgerQuerySchema,
        response: { 200: listOf(disputeLedgerRowSchema) },
      },
    },
    async (request) => records.disputeLedger(actor(request), request.query),
  );
  app.get(
    '/api/grid/disputes/export',
    { schema: { tags, querystring: ledgerExportQuerySchema } },
    async (request, reply) => {
      const file = await excel.exportDisputes(actor(request), request.query.from, request.query.to);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachmentName('矛盾纠纷分类台账.xlsx'))
        .send(file);
    },
  );
  app.post(
    '/api/grid/disputes/import',
    { schema: { tags, body: ledgerImportSchema, response: { 200: ledgerImportResultSchema } } },
    async (request) => excel.importDisputes(actor(request), request.body.data, request.ip),
  );
  app.get('/api/grid/risks/export', { schema: { tags } }, async (request, reply) => {
    const file = await excel.exportRisks(actor(request));
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', attachmentName('风险台账.xlsx'))
      .send(file);
  });
  app.post(
    '/api/grid/risks/import',
    { schema: { tags, body: ledgerImportSchema, response: { 200: ledgerImportResultSchema } } },
    async (request) => excel.importRisks(actor(request), request.body.data, request.ip),
  );
  app.get(
    '/api/grid/risks',
    { schema: { tags, querystring: riskListQuerySchema, response: { 200: listOf(riskSchema) } } },
    async (request) => records.risks(actor(request), request.query),
  );
  app.post(
    '/api/grid/risks',
    { schema: { tags, body: riskCreateSchema, response: { 201: riskSchema } } },
    async (request, reply) =>
      reply.status(201).send(await records.createRisk(actor(request), request.body, request.ip)),
  );
  app.patch(
    '/api/grid/risks/:id',
    { schema: { tags, params: idParamSchema, body: riskPatchSchema, response: { 200: riskSchema } } },
    async (request) => records.patchRisk(actor(request), request.params.id, request.body, request.ip),
  );

  // Campaigns
  app.get(
    '/api/grid/campaigns',
    { schema: { tags, response: { 200: z.array(campaignSchema) } } },
    async (request) => records.campaigns(actor(request)),
  );
  app.post(
    '/api/grid/campaigns',
    { schema: { tags, body: campaignCreateSchema, response: { 201: campaignSchema } } },
    async (request, reply) =>
      reply.status(201).send(await records.createCampaign(actor(request), request.body, request.ip)),
  );
  app.patch(
    '/api/grid/campaigns/:id',
    {
      schema: { tags, params: idParamSchema, body: campaignPatchSchema, response: { 200: campaignSchema } },
    },
    async (request) => records.patchCampaign(actor(request), request.params.id, request.body, request.ip),
  );
  app.get(
    '/api/grid/campaigns/:id/cases',
    { schema: { tags, params: idParamSchema, response: { 200: z.array(campaignCaseSchema) } } },
    async (request) => records.campaignCases(actor(request), request.params.id),
  );
  app.post(
    '/api/grid/campaigns/:id/cases',
    {
      schema: {
        tags,
        params: idParamSchema,
        body: campaignCaseCreateSchema,
        response: { 201: z.array(campaignCaseSchema) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await records.addCampaignCase(actor(request), request.params.id, request.body, request.ip)),
  );

  // Statistics, 三零, reminders
  app.get(
    '/api/grid/summary',
    { schema: { tags, querystring: gridSummaryQuerySchema, response: { 200: gridSummarySchema } } },
    async (request) => records.summary(actor(request), request.query.from, request.query.to),
  );
  app.get(
    '/api/grid/stats',
    { schema: { tags, querystring: gridSummaryQuerySchema, response: { 200: statsSchema } } },
    async (request) => records.stats(actor(request), request.query.from, request.query.to),
  );
  app.get(
    '/api/grid/three-zero',
    { schema: { tags, querystring: threeZeroQuerySchema, response: { 200: z.array(threeZeroSchema) } } },
    async (request) => records.threeZero(actor(request), request.query.year),
  );
  app.post(
    '/api/grid/three-zero',
    { schema: { tags, body: threeZeroOverrideSchema, response: { 200: threeZeroSchema } } },
    async (request) => records.overrideThreeZero(actor(request), request.body, request.ip),
  );
  app.get(
    '/api/grid/reminders',
    { schema: { tags, response: { 200: z.array(reminderSchema) } } },
    async (request) => grid.reminders(actor(request)),
  );
}
