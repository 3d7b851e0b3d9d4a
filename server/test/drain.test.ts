import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerDrain } from '../src/http/drain.ts';
import { registerErrorHandler } from '../src/http/error-handler.ts';

// The end-to-end proof is server/reliability/shutdown.reliability.ts (SIGTERM to the real process under load);
// this is the quick regression check of the mechanism over a real socket. It asserts on what the server did, in
// the order it did it — not on when the client happened to notice (a loaded machine reorders that).
describe('graceful stop (drain)', () => {
  it('answers the request in flight (with Connection: close), 503s later ones, then stops listening', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    const drainer = registerDrain(app, { quietMs: 50 });
    // What the server did, in order: each answer once written out, the close once its hooks ran.
    const events: string[] = [];
    app.addHook('onResponse', async (request, reply) => {
      events.push(`answered ${request.url} ${reply.statusCode}`);
    });
    app.addHook('onClose', async () => {
      events.push('closed');
    });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    app.get('/slow', async () => {
      started();
      await held;
      return { ok: true };
    });
    app.get('/fast', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    expect((await fetch(`${url}/fast`)).headers.get('connection')).toBe('keep-alive');
    const slow = fetch(`${url}/slow`);
    await running;
    const drained = drainer.drain();
    expect(drainer.draining).toBe(true);

    const late = await fetch(`${url}/fast`, { headers: { 'accept-language': 'en' } });
    expect(late.status).toBe(503);
    expect(late.headers.get('connection')).toBe('close');
    expect(late.headers.get('retry-after')).toBe('5');
    expect(((await late.json()) as { error: unknown }).error).toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/restart/),
    });
    // Still open while /slow is in flight: only the 503 has been answered since the stop began.
    expect(events).toEqual(['answered /fast 200', 'answered /fast 503']);

    release();
    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(answered.headers.get('connection')).toBe('close');
    expect(await answered.json()).toEqual({ ok: true });

    // It stopped waiting because it went quiet (not at the deadline), after the in-flight answer was written.
    expect(await drained).toBe('quiet');
    expect(events).toEqual(['answered /fast 200', 'answered /fast 503', 'answered /slow 200', 'closed']);
    expect(app.server.listening).toBe(false);
    await expect(fetch(`${url}/fast`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  });

  it('with nothing in flight, stops once quiet rather than at the deadline', async () => {
    const app = Fastify();
    // A deadline far beyond the test's own time limit: only going quiet can end this drain in time.
    const drainer = registerDrain(app, { quietMs: 10, maxWaitMs: 10 * 60_000 });
    app.get('/fast', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    expect(await drainer.drain()).toBe('quiet');
    expect(app.server.listening).toBe(false);
    expect(await drainer.drain()).toBe('already_draining');
  });

  it('gives up waiting at the deadline when a request never finishes', async () => {
    const app = Fastify();
    const drainer = registerDrain(app, { quietMs: 10, maxWaitMs: 100 });
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    // The stop ends the stuck connection only once it has given up waiting and begun to close.
    app.addHook('preClose', async () => app.server.closeAllConnections());
    app.get('/stuck', async () => {
      started();
      await new Promise(() => undefined);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const stuck = fetch(`http://127.0.0.1:${port}/stuck`).catch((err: unknown) => err);
    await running;
    expect(await drainer.drain()).toBe('deadline');
    await stuck;
  });
});
