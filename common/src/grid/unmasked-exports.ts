import { z } from 'zod';
import { dateSchema } from '../calendar/calendar.schemas.ts';
import { freeText } from '../identity/free-text.ts';

/**
 * Unmasked exports (docs/security.md item 18): a ledger export shows personal numbers masked; one with them in full
 * is asked for with a reason (`pii:export`), approved by another user holding `pii:approve`, and downloaded once by
 * the one who asked. Each step is audited.
 */
export const UNMASKED_EXPORT_KINDS = ['disputes', 'risks'] as const;
export type UnmaskedExportKind = (typeof UNMASKED_EXPORT_KINDS)[number];

export const unmaskedExportCreateSchema = z.strictObject({
  kind: z.enum(UNMASKED_EXPORT_KINDS),
  /** The dispute ledger's period (as its masked export); ignored for risks. */
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  reason: freeText(200, { min: 4 }),
});
export type UnmaskedExportCreate = z.infer<typeof unmaskedExportCreateSchema>;

export const unmaskedExportSchema = z.object({
  id: z.number(),
  kind: z.enum(UNMASKED_EXPORT_KINDS),
  from: z.string().nullable(),
  to: z.string().nullable(),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'downloaded']),
  requestedBy: z.string(),
  requestedAt: z.number(),
  approvedBy: z.string().nullable(),
  approvedAt: z.number().nullable(),
  downloadedAt: z.number().nullable(),
  /** The reader asked for it (only the one who asked downloads it). */
  mine: z.boolean(),
});
export type UnmaskedExport = z.infer<typeof unmaskedExportSchema>;
