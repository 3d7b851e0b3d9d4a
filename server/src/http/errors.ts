import type { ErrorCode, FieldError } from '@fivestar/common';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  precondition_required: 428,
  unprocessable: 422,
  rate_limited: 429,
  account_locked: 423,
  invalid_credentials: 401,
  password_policy: 400,
  password_expired: 403,
  mfa_required: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
  unavailable: 503,
  conflict_of_interest: 403,
};

/**
 * An error the API reports to the caller. `messageKey` is translated into the caller's language by the error
 * handler (http/messages.ts); field messages may be keys too.
 */
export class AppError extends Error {
  readonly statusCode: number;
  /** A 429's seconds to wait (`Retry-After`). */
  retryAfter?: number;
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: string = code,
    readonly fields?: FieldError[],
    /** Values for `{name}` placeholders in the message (e.g. who changed a record, and when). */
    readonly params?: Record<string, string>,
  ) {
    super(messageKey);
    this.statusCode = STATUS[code];
  }
}

export const notFound = () => new AppError('not_found');
export const forbidden = () => new AppError('forbidden');
export const conflict = (key: string, field?: string) =>
  new AppError('conflict', key, field ? [{ path: field, message: key }] : undefined);
export const invalidField = (path: string, key: string) =>
  new AppError('validation_failed', 'validation_failed', [{ path, message: key }]);
