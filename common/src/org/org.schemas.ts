import { z } from 'zod';
import { pageQuery } from '../http/paging.ts';

export const ORG_LEVELS = [
  'province',
  'city',
  'county',
  'township',
  'district',
  'village',
  'community',
] as const;
export const orgLevelSchema = z.enum(ORG_LEVELS);
export type OrgLevel = z.infer<typeof orgLevelSchema>;

export const orgUnitSchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  level: orgLevelSchema,
  code: z.string(),
  name: z.string(),
  path: z.string(),
  childCount: z.number(),
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;

export const orgUnitDetailSchema = orgUnitSchema.extend({
  ancestors: z.array(z.object({ id: z.number(), name: z.string(), level: orgLevelSchema })),
  counts: z.object({
    branches: z.number(),
    stations: z.number(),
    gridWorkers: z.number(),
    users: z.number(),
  }),
});
export type OrgUnitDetail = z.infer<typeof orgUnitDetailSchema>;

export const orgUnitListQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
  level: orgLevelSchema.optional(),
  parentId: z.coerce.number().int().positive().optional(),
  ...pageQuery(),
});

export const orgUnitPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
});

export const BRANCH_KINDS = ['rural', 'urban'] as const;
export type BranchKind = (typeof BRANCH_KINDS)[number];
export const BRANCH_ORG_TYPES = ['branch', 'general_branch', 'committee'] as const;
export type BranchOrgType = (typeof BRANCH_ORG_TYPES)[number];
export const STATION_KINDS = ['centre', 'station'] as const;
export type StationKind = (typeof STATION_KINDS)[number];

export const branchSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  name: z.string(),
  kind: z.enum(BRANCH_KINDS),
  orgType: z.enum(BRANCH_ORG_TYPES),
  memberCount: z.number(),
  isRelocationCommunity: z.boolean(),
  districtId: z.number().nullable(),
  districtName: z.string().nullable(),
  secretaryName: z.string().nullable(),
  secretaryPhone: z.string().nullable(),
});
export type Branch = z.infer<typeof branchSchema>;

export const stationSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  name: z.string(),
  kind: z.enum(STATION_KINDS),
  workerCount: z.number(),
});
export type Station = z.infer<typeof stationSchema>;

export const gridWorkerSchema = z.object({
  id: z.number(),
  personId: z.number(),
  name: z.string(),
  phone: z.string().nullable(),
  stationId: z.number(),
  stationName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  username: z.string().nullable(),
});
export type GridWorker = z.infer<typeof gridWorkerSchema>;

export const branchDetailSchema = branchSchema.extend({
  station: stationSchema.nullable(),
  gridWorkers: z.array(gridWorkerSchema),
  ancestors: z.array(z.object({ id: z.number(), name: z.string(), level: orgLevelSchema })),
});
export type BranchDetail = z.infer<typeof branchDetailSchema>;

export const branchListQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  kind: z.enum(BRANCH_KINDS).optional(),
  ...pageQuery(),
});

export const gridListQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  ...pageQuery(100, 500),
});
