/**
 * Several server processes on one database behave as one (issue 14 item 10): two real server processes share one
 * database (PostgreSQL, and an SQLite file in WAL mode) and one files folder (FIVESTAR_FILES_DIR).
 *   - a time limit set through one process is counted by the other within a second (its versioned cache,
 *     kernel/cache-versions.ts) — polled with a deadline, no fixed sleep;
 *   - an evidence file uploaded through one downloads, byte for byte, through the other.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_EVIDENCE } from '../src/modules/ratings/demo/demo-evidence.ts';
import { Client, createStore, freePort, startServer, stopServer, type ServerProcess } from './harness.ts';

const engines = ['sqlite', ...(process.env.TEST_DATABASE_URL ? ['postgres' as const] : [])] as const;
const DAY = 86_400_000;

describe.each(engines)('two server processes on one %s database', (engine) => {
  it('a setting changed through one is used by the other within a second; a file uploaded through one downloads through the other', async () => {
    const store = await createStore(engine);
    const env = { FIVESTAR_FILES_DIR: join(store.dataDir, 'shared-files'), FIVESTAR_JOBS: 'off' };
    let a: ServerProcess | null = null;
    let b: ServerProcess | null = null;
    try {
      a = await startServer(store, await freePort(), env);
      b = await startServer(store, await freePort(), env);
      const centre = await Client.login(a.url, 'centre');
      const phone = await Client.login(b.url, 'grid001');
      let n = 0;
      /** Days from report to the acceptance deadline of a report made through process B. */
      const acceptDays = async () => {
        const res = await phone.request('POST', '/api/grid/events', {
          class: 'event',
          typeCode: 'public_service.road',
          unitId: phone.me!.unit.id,
          place: `两进程 ${n++}`,
          description: 'two processes',
        });
        expect(res.status).toBe(201);
        const event = (res.body as { event: { reportedAt: number; dueAt: number } }).event;
        return (event.dueAt - event.reportedAt) / DAY;
      };
      expect(await acceptDays()).toBeLessThan(20); // B has read (and cached) the limits: a working day or so
      const set = await centre.request('POST', '/api/grid/time-limits', {
        class: 'event',
        stage: 'accept',
        days: 40,
        calendarDays: true,
      });
      expect(set.status).toBe(200);
      const changedAt = performance.now();
      let days = await acceptDays();
      while (days < 39 && performance.now() - changedAt < 1_000) days = await acceptDays();
      expect(days).toBeGreaterThanOrEqual(39);
      const seenAfterMs = performance.now() - changedAt;
      console.log(
        `${engine}: process B used the new time limit ${seenAfterMs.toFixed(0)} ms after A's answer`,
      );
      expect(seenAfterMs).toBeLessThan(1_000);

      // Evidence uploaded through A, downloaded through B.
      const db = store.db().db;
      const target = await db
        .selectFrom('star_applications as a')
        .innerJoin('indicator_results as r', 'r.application_id', 'a.id')
        .innerJoin('users as u', 'u.org_unit_id', 'a.org_unit_id')
        .select(['a.id', 'r.code', 'u.username'])
        .where('a.status', 'in', ['draft', 'returned'])
        .where('r.review', '!=', 'accepted')
        .where('u.role_code', '=', 'village_secretary')
        .orderBy('a.id')
        .executeTakeFirstOrThrow();
      const onA = await Client.login(a.url, target.username);
      const onB = await Client.login(b.url, target.username);
      const body = DEMO_EVIDENCE.body;
      const up = await onA.upload(
        `/api/ratings/applications/${target.id}/evidence?indicator=${encodeURIComponent(target.code)}&name=two.png`,
        body,
      );
      expect(up.status).toBe(201);
      const got = await onB.download(`/api/ratings/evidence/${(up.body as { id: number }).id}`);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/png');
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.bytes.equals(body)).toBe(true);
    } finally {
      await stopServer(a);
      await stopServer(b);
      await store.dispose();
    }
  });
});
