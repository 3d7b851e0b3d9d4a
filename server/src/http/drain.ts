import type { FastifyInstance } from 'fastify';
import { sendError } from './error-handler.ts';
import { AppError } from './errors.ts';
import { registerMessages } from './messages.ts';

registerMessages({
  unavailable: { zh: '服务正在重启，请稍后重试', en: 'The server is restarting; please try again shortly' },
});

/** A stopping server closes its idle connections once no request has come for this long… */
export const DRAIN_QUIET_MS = 300;
/** …or this long after the stop began, whichever is first (main.ts gives up on the whole stop at 10 s). */
export const DRAIN_MAX_WAIT_MS = 5_000;

/** Why a drain stopped waiting: all quiet, or the deadline passed with requests still coming or running. */
export type DrainEnd = 'quiet' | 'deadline';

/**
 * Graceful stop (docs/security.md item 40). `app.close()` alone is not enough: Node closes the keep-alive connections
 * that are idle at that instant — a phone writing its next report into one of them gets a connection reset, not an
 * answer — and keeps the busy ones open after their answer until their keep-alive timeout (72 s), long after the
 * process should have exited.
 *
 * Nor is closing the listening socket first: connections the kernel has accepted but the busy event loop has not
 * yet taken (under load there are some) are reset with it.
 *
 * `drain()` instead:
 * 1. answers every request already in flight as usual (a report's 201 only after its group commit) and every
 *    request that arrives from now on, on an open connection or a new one, with 503 + Retry-After (after reading
 *    its body), all with `Connection: close`, so each connection ends cleanly behind its answer;
 * 2. once nothing is in flight and no request has come for DRAIN_QUIET_MS (clients back off on a 503), closes the
 *    server — the listening socket and the connections idle since before the stop — and runs the onClose hooks.
 */
export function registerDrain(
  app: FastifyInstance,
  { quietMs = DRAIN_QUIET_MS, maxWaitMs = DRAIN_MAX_WAIT_MS } = {},
) {
  let draining = false;
  let inFlight = 0;
  let lastRequestAt = 0;
  // Requests that arrive while stopping are refused only once their body has been read: a response sent while the
  // rest of the request is still unread, followed by a close, makes the kernel reset the connection, and the client
  // may see that reset instead of the 503.
  const late = new WeakSet<object>();
  app.addHook('onRequest', async (request, reply) => {
    lastRequestAt = performance.now();
    if (draining) late.add(request);
    inFlight++;
    reply.raw.once('close', () => inFlight--);
  });
  app.addHook('preHandler', async (request, reply) => {
    if (!late.has(request)) return;
    reply.header('connection', 'close').header('retry-after', '5');
    return sendError(reply, request, new AppError('unavailable'));
  });
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });

  /** Waits until nothing is in flight and no request came for `quietMs`, or until the deadline. */
  async function quiet(): Promise<DrainEnd> {
    const deadline = performance.now() + maxWaitMs;
    for (;;) {
      const now = performance.now();
      if (now >= deadline) return 'deadline';
      const wait = inFlight > 0 ? 20 : lastRequestAt + quietMs - now;
      if (wait <= 0) return 'quiet';
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, deadline - now)));
    }
  }

  return {
    get draining() {
      return draining;
    },
    /** Stops the server as described above; resolves once it is closed, saying why it stopped waiting. */
    async drain(): Promise<DrainEnd | 'already_draining'> {
      if (draining) return 'already_draining';
      draining = true;
      lastRequestAt = performance.now();
      const end = await quiet();
      await app.close();
      return end;
    },
  };
}
