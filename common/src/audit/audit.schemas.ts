import { z } from 'zod';

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  oldValue: z.unknown().nullable(),
  newValue: z.unknown().nullable(),
  ip: z.string().nullable(),
  result: z.string(),
});
export const auditListQuerySchema = z.object({
  action: z.string().trim().max(60).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
