import { z } from 'zod';
import { freeText } from '../identity/free-text.ts';

/**
 * Files on a registry record (the voucher of a collective income entry, a project's photos, a centre's plan):
 * typed by their bytes on the server, kept in the one file store, read and deleted only in the caller's area.
 */
export const DEV_FILE_MAX_BYTES = 10 * 1024 * 1024;

export const devFileSchema = z.object({
  id: z.number(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  createdAt: z.number(),
  uploadedBy: z.string().nullable(),
});
export type DevFile = z.infer<typeof devFileSchema>;

/** The file's name as the browser or phone gave it (stored cleaned; the type is decided by the bytes). */
export const devFileUploadQuerySchema = z.object({ name: freeText(200).default('') });
export const devFileParamSchema = z.object({ fileId: z.coerce.number().int().positive() });
export const devFileQuerySchema = z.object({ view: z.enum(['inline']).optional() });
