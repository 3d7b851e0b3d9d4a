import {
  branchDetailSchema,
  branchListQuerySchema,
  branchSchema,
  gridListQuerySchema,
  gridWorkerSchema,
  idParamSchema,
  orgUnitDetailSchema,
  orgUnitListQuerySchema,
  orgUnitPatchSchema,
  orgUnitSchema,
  pageOf,
  stationSchema,
} from '@fivestar/common';
import { z } from 'zod';
import { actor, type ZApp } from '../../http/route.ts';
import type { OrgService } from './org.service.ts';

export function orgRoutes(app: ZApp, { org }: { org: OrgService }) {
  const tags = ['org'];
  app.get(
    '/api/org/units',
    { schema: { tags, querystring: orgUnitListQuerySchema, response: { 200: pageOf(orgUnitSchema) } } },
    async (request) => org.listUnits(actor(request), request.query),
  );
  app.get(
    '/api/org/units/:id',
    { schema: { tags, params: idParamSchema, response: { 200: orgUnitDetailSchema } } },
    async (request) => org.getUnit(actor(request), request.params.id),
  );
  app.get(
    '/api/org/units/:id/children',
    { schema: { tags, params: idParamSchema, response: { 200: z.array(orgUnitSchema) } } },
    async (request) => org.children(actor(request), request.params.id),
  );
  app.patch(
    '/api/org/units/:id',
    {
      schema: {
        tags,
        params: idParamSchema,
        body: orgUnitPatchSchema,
        response: { 200: orgUnitDetailSchema },
      },
    },
    async (request) => {
      const user = actor(request);
      if (request.body.name === undefined) return org.getUnit(user, request.params.id);
      return org.renameUnit(user, request.params.id, request.body.name, request.ip);
    },
  );
  app.get(
    '/api/org/branches',
    { schema: { tags, querystring: branchListQuerySchema, response: { 200: pageOf(branchSchema) } } },
    async (request) => org.listBranches(actor(request), request.query),
  );
  app.get(
    '/api/org/branches/:id',
    { schema: { tags, params: idParamSchema, response: { 200: branchDetailSchema } } },
    async (request) => org.getBranch(actor(request), request.params.id),
  );
  app.get(
    '/api/grid/stations',
    {
      schema: { tags: ['grid'], querystring: gridListQuerySchema, response: { 200: pageOf(stationSchema) } },
    },
    async (request) => org.listStations(actor(request), request.query),
  );
  app.get(
    '/api/grid/workers',
    {
      schema: {
        tags: ['grid'],
        querystring: gridListQuerySchema,
        response: { 200: pageOf(gridWorkerSchema) },
      },
    },
    async (request) => org.listWorkers(actor(request), request.query),
  );
}
