import { z } from 'zod';
import { defineContract, route } from '../contract.ts';
import { idParamSchema } from '../http/paging.ts';
import {
  advanceResultSchema,
  closeResultSchema,
  correctionSchema,
  myRoundSchema,
  resultsSchema,
  roundCreateSchema,
  roundDetailSchema,
  roundListItemSchema,
  roundListQuerySchema,
  scoreSubmitSchema,
  sheetParamsSchema,
  sheetSchema,
  sheetsQuerySchema,
  templateSchema,
} from './contests.schemas.ts';

/** A score photo: a JPEG or PNG of at most 2 MB. */
export const CONTEST_PHOTO_MAX = 2 * 1024 * 1024;

/** Inspection rounds and contests: templates, rounds, judges' sheets, corrections, closing and results. */
export const contestsContract = defineContract('contests', {
  list: route({
    method: 'GET',
    path: '/api/contests',
    access: 'contest:read',
    query: roundListQuerySchema,
    response: z.array(roundListItemSchema),
    summary: 'Rounds in the caller’s scope, newest first.',
  }),
  templates: route({
    method: 'GET',
    path: '/api/contests/templates',
    access: 'contest:read',
    response: z.array(templateSchema),
  }),
  mine: route({
    method: 'GET',
    path: '/api/contests/mine',
    access: 'contest:score',
    response: z.array(myRoundSchema),
    summary: 'The judge’s open rounds with their units in lot order and what is scored.',
  }),
  create: route({
    method: 'POST',
    path: '/api/contests',
    access: 'contest:manage',
    body: roundCreateSchema,
    response: roundDetailSchema,
    status: 201,
  }),
  get: route({
    method: 'GET',
    path: '/api/contests/:id',
    access: 'contest:read',
    params: idParamSchema,
    response: roundDetailSchema,
  }),
  score: route({
    method: 'POST',
    path: '/api/contests/:id/scores',
    access: 'contest:score',
    params: idParamSchema,
    body: scoreSubmitSchema,
    response: sheetSchema,
    status: 201,
    summary:
      'A judge’s sheet for one unit, submitted and locked; 200 on a replay of the same Idempotency-Key.',
  }),
  uploadPhoto: route({
    method: 'POST',
    path: '/api/contests/:id/photos',
    access: 'contest:score',
    params: idParamSchema,
    upload: { maxBytes: CONTEST_PHOTO_MAX },
    response: z.object({ id: z.number() }),
    status: 201,
  }),
  photo: route({
    method: 'GET',
    path: '/api/contests/photos/:id',
    access: 'contest:read',
    params: idParamSchema,
    file: true,
  }),
  sheets: route({
    method: 'GET',
    path: '/api/contests/:id/sheets',
    access: 'contest:read',
    params: idParamSchema,
    query: sheetsQuerySchema,
    response: z.array(sheetSchema),
    summary: 'Sheets of a round; a judge sees others’ sheets of a unit only after submitting their own.',
  }),
  correct: route({
    method: 'POST',
    path: '/api/contests/:id/sheets/:sheetId/correct',
    access: 'contest:manage',
    params: sheetParamsSchema,
    body: correctionSchema,
    response: sheetSchema,
  }),
  close: route({
    method: 'POST',
    path: '/api/contests/:id/close',
    access: 'contest:manage',
    params: idParamSchema,
    response: closeResultSchema,
  }),
  advance: route({
    method: 'POST',
    path: '/api/contests/:id/advance',
    access: 'contest:manage',
    params: idParamSchema,
    response: advanceResultSchema,
    summary:
      'A final fed by source rounds: the top places of every closed source not yet advanced join its units (lot drawn again, judges assigned again).',
  }),
  results: route({
    method: 'GET',
    path: '/api/contests/:id/results',
    access: 'contest:read',
    params: idParamSchema,
    response: resultsSchema,
  }),
  report: route({
    method: 'GET',
    path: '/api/contests/:id/report.pdf',
    access: 'contest:read',
    params: idParamSchema,
    file: true,
    summary: 'The on-site meeting report: ranking, formula and photos per unit.',
  }),
});
