import { z } from 'zod';
import { pageQuery } from '../http/paging.ts';

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  /** The actor's name as people know it (the account's display name); `actorName` is the sign-in name recorded. */
  actorDisplayName: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  oldValue: z.unknown().nullable(),
  newValue: z.unknown().nullable(),
  ip: z.string().nullable(),
  result: z.string(),
});
export type AuditLogEntry = z.infer<typeof auditEntrySchema>;
export const auditListQuerySchema = z.object({
  action: z.string().trim().max(60).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  ...pageQuery(),
});
