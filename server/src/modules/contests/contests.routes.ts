import { fileHeaders } from '../../kernel/file-store.ts';
import { contestsContract } from '@fivestar/common';
import { serve } from '../../http/serve.ts';
import type { ZApp } from '../../http/route.ts';
import type { BracketService } from './bracket.service.ts';
import type { ReportService } from './report.service.ts';
import type { ResultsService } from './results.service.ts';
import type { RoundsService } from './rounds.service.ts';
import type { SheetsService } from './sheets.service.ts';

export function contestsRoutes(
  app: ZApp,
  s: {
    rounds: RoundsService;
    sheets: SheetsService;
    results: ResultsService;
    report: ReportService;
    bracket: BracketService;
  },
) {
  serve(app, contestsContract, {
    list: ({ user, query }) => s.rounds.list(user, query),
    templates: () => s.rounds.templates(),
    mine: ({ user }) => s.rounds.mine(user),
    create: ({ user, body, ip }) => s.rounds.create(user, body, ip),
    get: ({ user, params }) => s.rounds.get(user, params.id),
    score: async ({ user, params, body, request, reply, ip }) => {
      const key = request.headers['idempotency-key'];
      const { sheet, replayed } = await s.sheets.score(
        user,
        params.id,
        body,
        typeof key === 'string' ? key : null,
        ip,
      );
      // A replay answers the first sheet with 200 (the contract's 201 is for a new one).
      if (replayed) await reply.status(200).send(sheet);
      return sheet;
    },
    uploadPhoto: ({ user, params, body, ip }) => s.sheets.uploadPhoto(user, params.id, body, ip),
    photo: async ({ user, params, reply }) => {
      const p = await s.sheets.photo(user, params.id);
      fileHeaders(reply, { mime: p.contentType });
      return p.bytes;
    },
    sheets: ({ user, params, query }) => s.sheets.sheets(user, params.id, query),
    correct: ({ user, params, body, ip }) => s.sheets.correct(user, params.id, params.sheetId, body, ip),
    close: ({ user, params, ip }) => s.results.close(user, params.id, ip),
    advance: ({ user, params, ip }) => s.bracket.advance(user, params.id, ip),
    results: ({ user, params }) => s.results.results(user, params.id),
    report: async ({ user, params, reply, ip }) => {
      const pdf = await s.report.pdf(user, params.id, ip);
      reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="contest-${params.id}.pdf"`)
        .header('cache-control', 'no-store');
      return pdf;
    },
  });
}
