import { fileHeaders } from '../../kernel/file-store.ts';
import { gridContract, type ActionBody, type GridAction } from '@fivestar/common';
import type { FastifyRequest } from 'fastify';
import type { CurrentUser } from '../../http/current-user.ts';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import { ifMatchOf, sendVersion } from '../../http/versions.ts';
import type { GridServices } from './index.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const download = (name: string) =>
  `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** The grid contract's routes: each hands its parsed request to a service. */
export function gridRoutes(app: ZApp, s: GridServices) {
  /** The handler of one workflow action (every action route has the same shape). */
  const act =
    (action: GridAction) =>
    ({
      user,
      params,
      body,
      ip,
      request,
    }: {
      user: CurrentUser;
      params: { id: number };
      body: ActionBody;
      ip: string;
      request: FastifyRequest;
    }) =>
      s.workflow.act(user, params.id, action, body, ip, ifMatchOf(request));

  serve(app, gridContract, {
    types: () => s.types.list(),
    createType: ({ user, body, ip }) => s.types.create(user, body, ip),
    patchType: ({ user, params, body, ip }) => s.types.patch(user, params.id, body, ip),
    grids: ({ user, query }) => s.grids.list(user, query.unitId),
    map: ({ user, query }) => s.grids.map(user, query.year),
    timeLimits: () => s.timeLimits.list(),
    setTimeLimit: ({ user, body, ip }) => s.timeLimits.set(user, body, ip),

    uploadPhoto: ({ user, body, ip }) => s.photos.upload(user, body, ip),
    photo: async ({ user, params, reply }) => {
      const photo = await s.photos.read(user, params.id);
      // its checked type, never re-sniffed, sandboxed, never kept in a browser cache (a photo may show people)
      fileHeaders(reply, { mime: photo.contentType });
      return photo.bytes;
    },

    report: async ({ user, body, request, reply, ip }) => {
      const key = request.headers['idempotency-key'];
      const result = await s.intake.report(user, body, typeof key === 'string' ? key : null, ip);
      // A repeat answers the first report with 200 (the contract's 201 is for a new one); a sent reply is left be.
      if (result.replayed) await reply.status(200).send(result);
      return result;
    },
    events: ({ user, query }) => s.events.list(user, query),
    overdue: ({ user }) => s.events.overdue(user),
    duplicates: ({ user, body }) => s.intake.duplicateHints(user, body),
    event: async ({ user, params, reply }) => {
      const detail = await s.events.get(user, params.id);
      sendVersion(reply, await s.events.version(params.id));
      return detail;
    },
    accept: act('accept'),
    dispatch: act('dispatch'),
    start: act('start'),
    reply: act('reply'),
    verify: act('verify'),
    close: act('close'),
    return: act('return'),
    recall: act('recall'),
    escalate: act('escalate'),
    invalidate: act('invalidate'),
    supervise: act('supervise'),
    extend: act('extend'),
    merge: ({ user, params, body, ip }) => s.workflow.merge(user, params.id, body.intoId, body.reason, ip),
    mediate: ({ user, params, body, ip }) => s.mediation.mediate(user, params.id, body, ip),

    disputes: ({ user, query }) => s.disputes.page(user, query),
    exportDisputes: async ({ user, query, reply, ip }) => {
      const file = await s.excel.exportDisputes(user, query.from, query.to, ip);
      reply.header('content-type', XLSX).header('content-disposition', download('矛盾纠纷分类台账.xlsx'));
      return file;
    },
    importDisputes: ({ user, body, ip }) => s.excel.importDisputes(user, body.data, ip),
    risks: ({ user, query }) => s.risks.page(user, query),
    createRisk: ({ user, body, ip }) => s.risks.create(user, body, ip),
    patchRisk: ({ user, params, body, ip }) => s.risks.patch(user, params.id, body, ip),
    exportRisks: async ({ user, reply, ip }) => {
      const file = await s.excel.exportRisks(user, ip);
      reply.header('content-type', XLSX).header('content-disposition', download('风险台账.xlsx'));
      return file;
    },
    importRisks: ({ user, body, ip }) => s.excel.importRisks(user, body.data, ip),
    requestUnmaskedExport: ({ user, body, ip }) => s.unmaskedExports.request(user, body, ip),
    unmaskedExports: ({ user }) => s.unmaskedExports.list(user),
    approveUnmaskedExport: ({ user, params, ip }) => s.unmaskedExports.approve(user, params.id, ip),
    downloadUnmaskedExport: async ({ user, params, reply, ip }) => {
      const file = await s.unmaskedExports.download(user, params.id, ip);
      reply
        .header('content-type', XLSX)
        .header('content-disposition', download(`台账（未脱敏）-${params.id}.xlsx`));
      return file;
    },

    campaigns: ({ user }) => s.campaigns.list(user),
    createCampaign: ({ user, body, ip }) => s.campaigns.create(user, body, ip),
    patchCampaign: ({ user, params, body, ip }) => s.campaigns.patch(user, params.id, body, ip),
    campaignCases: ({ user, params }) => s.campaigns.cases(user, params.id),
    addCampaignCase: ({ user, params, body, ip }) => s.campaigns.addCase(user, params.id, body, ip),

    summary: ({ user, query }) => s.stats.summary(user, query.from, query.to),
    stats: ({ user, query }) => s.stats.stats(user, query.from, query.to),
    threeZero: ({ user, query }) => s.threeZero.list(user, query.year),
    overrideThreeZero: ({ user, body, ip }) => s.threeZero.override(user, body, ip),
    reminders: ({ user }) => s.events.reminders(user),
  });
}
