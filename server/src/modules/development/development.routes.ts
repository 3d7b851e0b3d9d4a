import { developmentContract, REGISTRIES } from '@fivestar/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors.ts';
import { fileHeaders } from '../../kernel/file-store.ts';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import type { DevelopmentExcel } from './development.excel.ts';
import type { DevFilesService } from './files.service.ts';
import type { LabourService } from './labour.service.ts';
import type { RegistryService } from './registry.service.ts';
import type { createSummaryService } from './summary.service.ts';
import type { VillagesService } from './villages.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendXlsx(reply: FastifyReply, name: string, file: Buffer) {
  return reply
    .header('content-type', XLSX)
    .header('cache-control', 'no-store')
    .header(
      'content-disposition',
      `attachment; filename="registry.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(file);
}

/** The version a write edits, from `If-Match` ("3" or W/"3"); missing is a 400 naming the header. */
function ifMatch(request: FastifyRequest): number {
  const raw = request.headers['if-match'];
  const m = typeof raw === 'string' ? /^(?:W\/)?"?(\d{1,9})"?$/.exec(raw.trim()) : null;
  if (!m)
    throw new AppError('validation_failed', 'development.err.if_match', [
      { path: 'if-match', message: 'development.err.if_match' },
    ]);
  return Number(m[1]);
}

export function developmentRoutes(
  app: ZApp,
  deps: {
    registry: RegistryService;
    labour: LabourService;
    summary: ReturnType<typeof createSummaryService>;
    villages: VillagesService;
    excel: DevelopmentExcel;
    files: DevFilesService;
  },
) {
  const { registry, labour, summary, villages, excel, files } = deps;
  serve(app, developmentContract, {
    summary: ({ user, query }) => summary.summary(user, query),
    villages: ({ user, query }) => villages.figures(user, query.year, query.unitId),
    labour: ({ user, query }) => labour.list(user, query),
    setLabourProfile: ({ user, params, body, ip, request }) =>
      labour.setProfile(user, params.personId, body, ifMatch(request), ip),
    labourTemplate: async ({ user, reply }) =>
      sendXlsx(reply, '劳动力台账模板.xlsx', await excel.labourTemplate(user)),
    labourExport: async ({ user, query, reply, ip }) =>
      sendXlsx(reply, '劳动力台账.xlsx', await excel.labourExport(user, query, ip)),
    labourImport: ({ user, body, query, ip }) => excel.labourImport(user, body, query, ip),
    list: ({ user, params, query }) => registry.list(user, params.registry, query),
    get: ({ user, params }) => registry.get(user, params.registry, params.id),
    create: ({ user, params, body, ip }) =>
      registry.create(user, params.registry, body.parentId, body.values, ip),
    update: ({ user, params, body, ip, request }) =>
      registry.update(user, params.registry, params.id, ifMatch(request), body.values, ip),
    remove: ({ user, params, ip }) => registry.remove(user, params.registry, params.id, ip),
    template: async ({ user, params, reply }) =>
      sendXlsx(
        reply,
        `${REGISTRIES[params.registry].zh}模板.xlsx`,
        await excel.template(user, params.registry),
      ),
    export: async ({ user, params, query, reply, ip }) =>
      sendXlsx(
        reply,
        `${REGISTRIES[params.registry].zh}.xlsx`,
        await excel.export(user, params.registry, query, ip),
      ),
    import: ({ user, params, body, query, ip }) => excel.import(user, params.registry, body, query, ip),
    importProgress: ({ user, params }) => excel.progressOf(user, params.importId),
    followUp: ({ user, params, body, ip }) => registry.followUp(user, params.id, body, ip),
    followUps: ({ user, params }) => registry.followUps(user, params.id),
    files: ({ user, params }) => files.list(user, params.registry, params.id),
    uploadFile: ({ user, params, query, body, ip }) =>
      files.upload(user, params.registry, params.id, query.name, body, ip),
    file: async ({ user, params, query, ip, reply }) => {
      const file = await files.read(user, params.fileId, ip);
      // In place only when asked, and only for photos and PDFs; every other type is a download.
      fileHeaders(reply, file, { download: query.view !== 'inline' });
      return file.body;
    },
    removeFile: ({ user, params, ip }) => files.remove(user, params.fileId, ip),
  });
}
