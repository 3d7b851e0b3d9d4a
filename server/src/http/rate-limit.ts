import type { Clock } from '../clock.ts';
import { AppError } from './errors.ts';

/** 429 with the seconds to wait, sent as `Retry-After` by the error handler. */
export function rateLimited(retryAfterSeconds: number): AppError {
  const err = new AppError('rate_limited');
  err.retryAfter = retryAfterSeconds;
  return err;
}

/** A fixed-window counter per key, on the injected clock (used for sign-in attempts per IP). */
export function createRateLimiter({
  clock,
  limit,
  windowMs,
}: {
  clock: Clock;
  limit: number;
  windowMs: number;
}) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one hit; false when the key is over its limit in the current window. */
    hit(key: string): boolean {
      const now = clock.now();
      const w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        if (windows.size > 10_000) windows.clear();
        windows.set(key, { start: now, count: 1 });
        return true;
      }
      w.count++;
      return w.count <= limit;
    },

    /** Seconds until the key's current window ends (for `Retry-After`); at least 1. */
    retryAfterSeconds(key: string): number {
      const w = windows.get(key);
      if (!w) return 1;
      return Math.max(1, Math.ceil((w.start + windowMs - clock.now()) / 1000));
    },

    /** Counts one hit and throws 429 with `Retry-After` when the key is over its limit. */
    take(key: string): void {
      if (!this.hit(key)) throw rateLimited(this.retryAfterSeconds(key));
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
