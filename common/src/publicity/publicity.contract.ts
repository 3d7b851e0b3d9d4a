import { defineContract, route } from '../contract.ts';
import { publicityAddresses } from './publicity.addresses.ts';
import { idParamSchema, pageOf } from '../http/paging.ts';
import {
  contactRevealedSchema,
  contactRevealSchema,
  publicityListQuerySchema,
  publicityNoticeSchema,
  publicityObjectionAckSchema,
  publicityObjectionCreateSchema,
  publicityResolveSchema,
  publicitySummarySchema,
  staffObjectionQuerySchema,
  staffObjectionSchema,
} from './publicity.schemas.ts';

/**
 * 公示: the public notices any module publishes through the publicity service, the public's objections and their
 * handling. Notices are published by the modules themselves (in their own transactions), so there is no publish
 * route here. The public routes need no sign-in and carry nothing personal.
 */
export const publicityContract = defineContract('publicity', {
  notices: route({
    ...publicityAddresses.notices,
    access: 'public',
    query: publicityListQuerySchema,
    response: pageOf(publicitySummarySchema),
    summary: 'Current and recent public notices, newest first',
  }),
  notice: route({
    ...publicityAddresses.notice,
    access: 'public',
    params: idParamSchema,
    response: publicityNoticeSchema,
  }),
  object: route({
    ...publicityAddresses.object,
    access: 'public',
    params: idParamSchema,
    body: publicityObjectionCreateSchema,
    response: publicityObjectionAckSchema,
    status: 201,
    summary: 'An objection to the notice or one of its items, while it is open (rate-limited per address)',
  }),
  objections: route({
    method: 'GET',
    path: '/api/publicity/objections',
    access: 'publicity:handle',
    query: staffObjectionQuerySchema,
    response: pageOf(staffObjectionSchema),
    summary: "Objections to the notices of the caller's units (contacts masked)",
  }),
  resolve: route({
    method: 'POST',
    path: '/api/publicity/objections/:id/resolve',
    access: 'publicity:handle',
    params: idParamSchema,
    body: publicityResolveSchema,
    response: staffObjectionSchema,
  }),
  revealContact: route({
    method: 'POST',
    path: '/api/publicity/objections/:id/contact',
    access: 'pii:view',
    params: idParamSchema,
    body: contactRevealSchema,
    response: contactRevealedSchema,
    summary:
      "The objector's contact unmasked, for a caller who also handles objections; with a reason, audited",
  }),
});
