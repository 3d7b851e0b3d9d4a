import type { Clock } from '../clock.ts';

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
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
