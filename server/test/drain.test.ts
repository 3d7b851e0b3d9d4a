import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerDrain } from '../src/http/drain.ts';
import { registerErrorHandler } from '../src/http/error-handler.ts';

// The end-to-end proof is server/reliability/shutdown.reliability.ts (SIGTERM to the real process under load);
// this is the quick regression check of the mechanism over a real socket.
describe('graceful stop (drain)', () => {
  it('answers the request in flight (with Connection: close), 503s later ones, then stops listening', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    const drainer = registerDrain(app, { quietMs: 50 });
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
    const order: string[] = [];
    const drained = drainer.drain().then(() => order.push('drained'));
    expect(drainer.draining).toBe(true);

    const late = await fetch(`${url}/fast`, { headers: { 'accept-language': 'en' } });
    expect(late.status).toBe(503);
    expect(late.headers.get('connection')).toBe('close');
    expect(late.headers.get('retry-after')).toBe('5');
    expect(((await late.json()) as { error: unknown }).error).toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/restart/),
    });

    release();
    const answered = await slow;
    order.push('answered');
    expect(answered.status).toBe(200);
    expect(answered.headers.get('connection')).toBe('close');
    expect(await answered.json()).toEqual({ ok: true });

    await drained;
    expect(order).toEqual(['answered', 'drained']);
    await expect(fetch(`${url}/fast`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  });

  it('with nothing in flight, stops once quiet', async () => {
    const app = Fastify();
    const drainer = registerDrain(app, { quietMs: 10 });
    app.get('/fast', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const started = performance.now();
    await drainer.drain();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(app.server.listening).toBe(false);
  });
});
