import { z } from 'zod';
import { defineContract, route } from '../contract.ts';
import { orgTreeAddresses } from './org.addresses.ts';
import { idParamSchema, pageOf } from '../http/paging.ts';
import {
  branchDetailSchema,
  branchListQuerySchema,
  branchSchema,
  gridListQuerySchema,
  gridWorkerSchema,
  orgUnitDetailSchema,
  orgUnitListQuerySchema,
  orgUnitPatchSchema,
  orgUnitSchema,
  stationSchema,
} from './org.schemas.ts';

/** The organisation tree, party branches, grid stations and their workers. */
export const orgContract = defineContract('org', {
  units: route({
    method: 'GET',
    path: '/api/org/units',
    access: 'org:read',
    query: orgUnitListQuerySchema,
    response: pageOf(orgUnitSchema),
  }),
  unit: route({
    method: 'GET',
    path: '/api/org/units/:id',
    access: 'org:read',
    params: idParamSchema,
    response: orgUnitDetailSchema,
  }),
  children: route({
    ...orgTreeAddresses.children,
    access: 'org:read',
    params: idParamSchema,
    response: z.array(orgUnitSchema),
  }),
  renameUnit: route({
    method: 'PATCH',
    path: '/api/org/units/:id',
    access: 'org:write',
    params: idParamSchema,
    body: orgUnitPatchSchema,
    response: orgUnitDetailSchema,
  }),
  branches: route({
    method: 'GET',
    path: '/api/org/branches',
    access: 'org:read',
    query: branchListQuerySchema,
    response: pageOf(branchSchema),
  }),
  branch: route({
    method: 'GET',
    path: '/api/org/branches/:id',
    access: 'org:read',
    params: idParamSchema,
    response: branchDetailSchema,
  }),
  stations: route({
    method: 'GET',
    path: '/api/grid/stations',
    access: 'grid:read',
    query: gridListQuerySchema,
    response: pageOf(stationSchema),
  }),
  workers: route({
    method: 'GET',
    path: '/api/grid/workers',
    access: 'grid:read',
    query: gridListQuerySchema,
    response: pageOf(gridWorkerSchema),
  }),
});
