import { z } from 'zod';
import { defineContract, route } from '../contract.ts';
import { idParamSchema, pageOf } from '../http/paging.ts';
import {
  cadreLinkCreateSchema,
  cadreLinkSchema,
  householdLinkCreateSchema,
  householdLinkSchema,
  householdListQuerySchema,
  linkListQuerySchema,
  linkVisitCreateSchema,
  linkVisitSchema,
  myLinksSchema,
} from './links.schemas.ts';

/** Linked cadres (三联五帮) and member–household links (1+N+M) with their visit logs. */
export const linksContract = defineContract('links', {
  mine: route({ method: 'GET', path: '/api/links/mine', access: 'authenticated', response: myLinksSchema }),
  cadres: route({
    method: 'GET',
    path: '/api/links/cadres',
    access: 'links:read',
    query: linkListQuerySchema,
    response: z.array(cadreLinkSchema),
  }),
  createCadre: route({
    method: 'POST',
    path: '/api/links/cadres',
    access: 'links:write',
    body: cadreLinkCreateSchema,
    response: cadreLinkSchema,
    status: 201,
  }),
  endCadre: route({
    method: 'POST',
    path: '/api/links/cadres/:id/end',
    access: 'links:write',
    params: idParamSchema,
  }),
  households: route({
    method: 'GET',
    path: '/api/links/households',
    access: 'links:read',
    query: householdListQuerySchema,
    response: pageOf(householdLinkSchema),
  }),
  createHousehold: route({
    method: 'POST',
    path: '/api/links/households',
    access: 'links:write',
    body: householdLinkCreateSchema,
    response: householdLinkSchema,
    status: 201,
  }),
  visits: route({
    method: 'GET',
    path: '/api/links/households/:id/visits',
    access: 'links:read',
    params: idParamSchema,
    response: z.array(linkVisitSchema),
  }),
  logVisit: route({
    method: 'POST',
    path: '/api/links/households/:id/visits',
    access: 'links:visit',
    params: idParamSchema,
    body: linkVisitCreateSchema,
    response: linkVisitSchema,
    status: 201,
  }),
});
