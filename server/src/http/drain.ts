import type { FastifyInstance } from 'fastify';
import { sendError } from './error-handler.ts';
import { AppError } from './errors.ts';
import { registerMessages } from './messages.ts';

registerMessages({
  unavailable: { zh: '服务正在重启，请稍后重试', en: 'The server is restarting; please try again shortly' },
});

/** How long a stopping server keeps answering 503 on its open connections after the last request in flight. */
export const DRAIN_GRACE_MS = 300;

/**
 * Graceful stop (security.md item 40). `app.close()` alone is not enough: Node closes the keep-alive connections
 * that are idle at that instant (a phone writing its next report into one of them gets a connection reset, not an
 * answer) and keeps those that are busy open after their answer, until their keep-alive timeout (72 s), long after
 * the process should have exited.
 *
 * `drain()` instead: (1) answers every request that arrives from now on with a 503 and `Connection: close`, and
 * every request already in flight normally but with `Connection: close` too, so no connection stays open behind
 * its last answer; (2) waits until the requests in flight have been answered (a report's 201 goes out only after
 * its group commit), then a short grace in which clients still holding an idle connection get their 503; (3) then
 * closes the server: no new connections, the remaining idle ones closed.
 */
export function registerDrain(app: FastifyInstance, { graceMs = DRAIN_GRACE_MS } = {}) {
  let draining = false;
  let inFlight = 0;
  let settled: (() => void) | null = null;
  app.addHook('onRequest', async (request, reply) => {
    if (draining) {
      reply.header('connection', 'close').header('retry-after', '5');
      return sendError(reply, request, new AppError('unavailable'));
    }
    inFlight++;
    reply.raw.once('close', () => {
      inFlight--;
      if (inFlight === 0) settled?.();
    });
  });
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });
  return {
    get draining() {
      return draining;
    },
    async drain(): Promise<void> {
      draining = true;
      if (inFlight > 0) await new Promise<void>((resolve) => (settled = resolve));
      await new Promise((resolve) => setTimeout(resolve, graceMs));
      await app.close();
    },
  };
}
