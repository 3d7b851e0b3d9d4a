import { supervisionContract } from '@fivestar/common';
import type { FastifyReply } from 'fastify';
import { invalidField } from '../../http/errors.ts';
import { fileHeaders } from '../../kernel/file-store.ts';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import type { ReportsService } from './reports.service.ts';
import type { StarsService } from './stars.service.ts';
import type { SupervisionService } from './supervision.service.ts';

/** A stored file with the file store's headers (kernel/file-store.ts): images and PDFs in place, the rest downloads. */
function sendFile(reply: FastifyReply, file: { name: string; mime: string; body: Buffer }, inline = false) {
  return fileHeaders(reply, file, { download: !inline }).send(file.body);
}

/** `If-Match: 3` or `If-Match: "3"` → 3; absent → null; anything else is a 400 on the header. */
function ifMatchOf(header: string | string[] | undefined): number | null {
  if (header === undefined) return null;
  const v = String(header).trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  if (!/^\d+$/.test(v)) throw invalidField('If-Match', 'supervision.err.if_match');
  return Number(v);
}

export function supervisionRoutes(
  app: ZApp,
  {
    supervision,
    stars,
    reports,
  }: { supervision: SupervisionService; stars: StarsService; reports: ReportsService },
) {
  serve(app, supervisionContract, {
    summary: ({ user, query }) => supervision.summary(user, query.unitId),
    items: ({ user, query }) => supervision.list(user, query),
    item: ({ user, params }) => supervision.get(user, params.id),
    createItem: ({ user, body, ip }) => supervision.create(user, body, ip),
    updateItem: async ({ user, params, body, ip, request, reply }) => {
      const item = await supervision.update(
        user,
        params.id,
        body,
        ifMatchOf(request.headers['if-match']),
        ip,
      );
      reply.header('etag', `"${item.version}"`);
      return item;
    },
    generate: ({ user, body, ip }) => supervision.generate(user, body, ip),
    upload: ({ user, params, query, body, ip }) => supervision.upload(user, params.id, query.name, body, ip),
    file: async ({ user, params, reply }) => sendFile(reply, await supervision.file(user, params.id), true),
    progress: ({ user, params, body, ip }) => supervision.progress(user, params.id, body, ip),
    submit: ({ user, params, body, ip }) => supervision.submit(user, params.id, body.reason, ip),
    close: ({ user, params, body, ip }) => supervision.close(user, params.id, body.reason, ip),
    reject: ({ user, params, body, ip }) => supervision.reject(user, params.id, body.reason, ip),
    reopen: ({ user, params, body, ip }) => supervision.reopen(user, params.id, body.reason, ip),
    requestExtension: ({ user, params, body, ip }) => supervision.requestExtension(user, params.id, body, ip),
    decideExtension: ({ user, params, body, ip }) => supervision.decideExtension(user, params.id, body, ip),
    teams: ({ user, query }) => supervision.teams(user, query.unitId),
    createTeam: ({ user, body, ip }) => supervision.createTeam(user, body, ip),
    visits: ({ user, query }) => supervision.visits(user, query),
    createVisit: ({ user, body, ip }) => supervision.createVisit(user, body, ip),
    visitUpload: ({ user, params, query, body, ip }) =>
      supervision.visitUpload(user, params.id, query.name, body, ip),
    createFinding: ({ user, params, body, ip }) => supervision.createFinding(user, params.id, body, ip),
    wall: ({ user, query }) => reports.wall(user, query),
    weekly: ({ user, query }) => reports.weekly(user, query),
    ranking: ({ user, query }) => reports.ranking(user, query),
    circular: async ({ user, query, ip, reply }) => sendFile(reply, await reports.circular(user, query, ip)),
    settings: ({ user, query }) => supervision.getSettings(user, query.unitId),
    putSettings: ({ user, body, ip }) => supervision.putSettings(user, body, ip),
    awards: ({ user, query }) => stars.list(user, query),
    awardDecisions: ({ user, params }) => stars.decisions(user, params.id),
    revokeAward: ({ user, params, body, ip }) => stars.revoke(user, params.id, body, ip),
    restoreAward: ({ user, params, body, ip }) => stars.restore(user, params.id, body, ip),
    reviews: ({ user, query }) => stars.reviews(user, query),
    decideReview: ({ user, params, body, ip }) => stars.decideReview(user, params.id, body, ip),
    publicRevocations: () => stars.publicRevocations(),
  });
}
