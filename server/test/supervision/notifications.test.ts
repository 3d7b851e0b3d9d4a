import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationsModule, RETRY_DELAYS_MS, signBody } from '../../src/modules/notifications/index.ts';
import { createWorld, type World } from '../builders.ts';

/** A local receiver on 127.0.0.1 that answers with the next status of a script and records what it got. */
async function receiver(statuses: number[]) {
  const got: { body: string; headers: IncomingMessage['headers'] }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ body, headers: req.headers });
      res.statusCode = statuses.shift() ?? 200;
      res.end('{"errcode":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/robot`, got, close: () => new Promise((r) => server.close(r)) };
}

let worlds: World[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  for (const w of worlds) await w.close();
  worlds = [];
});

describe('notifications', () => {
  it('a unit webhook gets signed JSON; a failure is retried with back-off on the clock; every attempt is logged', async () => {
    const w = await createWorld();
    worlds.push(w);
    const village = await w.village();
    const township = await w.user({ role: 'township_admin', unit: village.township });
    const secretary = await w.user({ role: 'village_secretary', unit: village });
    const rx = await receiver([500]);
    closers.push(rx.close);
    let ts = await w.login(township);
    const secret = 'a-very-secret-robot-key';
    const put = await ts.request('PUT', '/api/notifications/hooks', {
      unitId: village.township.id,
      url: rx.url,
      secret,
      enabled: true,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ hasSecret: true, enabled: true });
    expect(JSON.stringify(put.json())).not.toContain(secret);
    const bad = await ts.request('PUT', '/api/notifications/hooks', {
      unitId: village.township.id,
      url: 'ftp://x',
      enabled: true,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('url');

    // An item for the secretary: the inbox gets it; the township's hook is not told of an assignment (no unit path),
    // but an extension request goes to the township office and its hook.
    const item = await ts.post('/api/supervision/items', {
      unitId: village.id,
      year: 2026,
      list: 'task',
      starCode: 'ecology',
      title: '整治坑塘',
      ownerUserId: secretary.id,
      deadline: '2026-11-27',
    });
    expect(item.statusCode, item.body).toBe(201);
    const ss = await w.login(secretary);
    const inbox = (await ss.get('/api/notifications')).json();
    expect(inbox).toMatchObject({ unread: 1, total: 1 });
    expect(inbox.items[0]).toMatchObject({
      kind: 'supervision.assigned',
      path: `/supervision/items/${item.json().id}`,
    });
    expect((await ss.post(`/api/notifications/${inbox.items[0].id}/read`)).statusCode).toBe(204);
    expect((await ss.get('/api/notifications?unread=true')).json().total).toBe(0);
    // Someone else's message answers 404.
    expect((await ts.post(`/api/notifications/${inbox.items[0].id}/read`)).statusCode).toBe(404);

    await ss.post(`/api/supervision/items/${item.json().id}/extensions`, {
      deadline: '2026-12-11',
      reason: '下雨',
    });
    const notifications = w.app.module(notificationsModule);
    await notifications.deliverDue();
    expect(rx.got).toHaveLength(1);
    let log = (await ts.get('/api/notifications/deliveries')).json();
    expect(log.items[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
    expect(log.items[0].nextAttemptAt).toBe(w.clock.now() + RETRY_DELAYS_MS[0]!);
    // Not due yet: nothing is sent.
    w.clock.advance(RETRY_DELAYS_MS[0]! - 1000);
    await notifications.deliverDue();
    expect(rx.got).toHaveLength(1);
    w.clock.advance(1000);
    await notifications.deliverDue();
    expect(rx.got).toHaveLength(2);
    ts = await w.login(township);
    log = (await ts.get('/api/notifications/deliveries')).json();
    expect(log.items[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 });
    // The receiver can check the signature over the exact body.
    const { body, headers } = rx.got[1]!;
    expect(headers['x-fivestar-signature']).toBe(`sha256=${signBody(secret, body)}`);
    expect(headers['content-type']).toContain('application/json');
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({ msgtype: 'markdown', fivestar: { kind: 'supervision.extension' } });
    expect(payload.markdown.text).toContain('延期');
  });

  it('after the last back-off a delivery is failed; an unreachable receiver is logged, not thrown', async () => {
    const w = await createWorld();
    worlds.push(w);
    const village = await w.village();
    const township = await w.user({ role: 'township_admin', unit: village.township });
    const rx = await receiver([]);
    await rx.close(); // nothing listens there now
    const ts = await w.login(township);
    const hook = await ts.request('PUT', '/api/notifications/hooks', {
      unitId: village.township.id,
      url: rx.url,
      enabled: true,
    });
    const test = await ts.post(`/api/notifications/hooks/${hook.json().id}/test`);
    expect(test.statusCode, test.body).toBe(200);
    expect(test.json()).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
    expect(test.json().lastError).toBeTruthy();
    const notifications = w.app.module(notificationsModule);
    for (const delay of RETRY_DELAYS_MS) {
      w.clock.advance(delay);
      await notifications.deliverDue();
    }
    const row = await w.database.db.selectFrom('notify_deliveries').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'failed',
      attempts: RETRY_DELAYS_MS.length + 1,
      next_attempt_at: null,
    });
    // A village secretary cannot see or set hooks.
    const sec = await w.login(await w.user({ role: 'village_secretary', unit: village }));
    expect((await sec.get('/api/notifications/hooks')).statusCode).toBe(403);
  });
});
