import { z } from 'zod';
import { defineContract, route } from '../contract.ts';

export const healthSchema = z.object({
  status: z.literal('ok'),
  db: z.enum(['sqlite', 'postgres']),
  version: z.string(),
  // Public on purpose (monitoring reads it without a session): times only — no path, file or size.
  backup: z
    .object({ latestAt: z.string().nullable(), ageHours: z.number().nullable(), ok: z.boolean() })
    .optional(),
});
export type Health = z.infer<typeof healthSchema>;

/** The platform's own routes: health for monitoring, the OpenAPI document. */
export const systemContract = defineContract('system', {
  health: route({ method: 'GET', path: '/api/health', access: 'public', response: healthSchema }),
  openapi: route({ method: 'GET', path: '/api/openapi.json', access: 'public', file: true }),
});
