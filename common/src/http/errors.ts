import { z } from 'zod';

/**
 * Stable error codes returned in `{ error: { code, message, fields? } }`.
 * Clients switch on `code`; `message` is in the caller's language.
 */
export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  'precondition_failed',
  'precondition_required',
  'unprocessable',
  'rate_limited',
  'account_locked',
  'invalid_credentials',
  'password_policy',
  'password_expired',
  'mfa_required',
  'payload_too_large',
  'unsupported_media_type',
  'internal',
  'unavailable',
  'conflict_of_interest',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    fields: z.array(fieldErrorSchema).optional(),
    requestId: z.string().optional(),
    /** What the message names, e.g. who changed a record and when (a 412's `by`, `at`). */
    params: z.record(z.string(), z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
