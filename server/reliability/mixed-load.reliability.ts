/**
 * docs/security.md item 38: 200 requests at once on SQLite — lists, summaries and details, new reports, the centre's
 * accept and dispatch, sign-ins — and not one 5xx, not one SQLITE_BUSY. The same event accepted twice at once is
 * one 200 and one 409. Afterwards the county counts still equal the rows, and the file and the audit chain verify.
 */
import { chinaDate } from '@fivestar/common';
import { describe, expect, it } from 'vitest';
import {
  Client,
  countsAgainstRebuild,
  createStore,
  freePort,
  gridWorkers,
  integrityCheck,
  loginAll,
  percentile,
  send,
  startServer,
  stopServer,
  stopwatch,
  submissionsFor,
  verifyAudit,
  type Answer,
  type ServerProcess,
} from './harness.ts';

const WAVES = 1;

interface Call {
  kind: string;
  run: () => Promise<Answer>;
}

describe('200 concurrent mixed requests (sqlite)', () => {
  it('no 5xx and no SQLITE_BUSY; each conflict is one 200 and one 409; counts, file and audit chain intact', async () => {
    // Sign-ins here cost what they cost in production (scrypt, 32 MB each).
    const store = await createStore('sqlite', { hash: 'production' });
    const port = await freePort();
    let server: ServerProcess | null = null;
    const time = stopwatch();
    try {
      server = await startServer(store, port);
      const url = server.url;
      time.lap('first start');
      const signedIn = await loginAll(url, [
        'centre',
        'township',
        'county',
        'district1',
        'secretary01',
        'secretary02',
        'secretary03',
        ...gridWorkers(10),
      ]);
      const [centre, township, county, district1] = signedIn as [Client, Client, Client, Client];
      const secretaries = signedIn.slice(4, 7);
      const workers = signedIn.slice(7);
      time.lap('17 logins');
      const today = chinaDate(Date.now());
      const latencies: number[] = [];
      const byKind: Record<string, number[]> = {};
      const statuses: Record<string, Record<number, number>> = {};

      for (let wave = 0; wave < WAVES; wave++) {
        // Events for the centre to act on: 10 to accept twice at once, 10 accepted beforehand to dispatch.
        const prep = submissionsFor(workers, 2, `mix${wave}`);
        const made = await Promise.all(prep.map(send));
        expect(made.map((m) => m.status)).toEqual(prep.map(() => 201));
        const events = made.map((m) => (m.body as { event: { id: number; unitId: number } }).event);
        const toAccept = events.slice(0, 10);
        const toDispatch = events.slice(10, 20);
        for (const e of toDispatch)
          expect((await centre.request('POST', `/api/grid/events/${e.id}/accept`, {})).status).toBe(200);

        const reports = submissionsFor(workers, 4, `mixw${wave}`);
        const readers = [centre, township, county, district1, ...secretaries, ...workers.slice(0, 5)];
        const calls: Call[] = [
          ...reports.map((s) => ({ kind: 'report', run: () => send(s) })),
          ...toAccept.flatMap((e) =>
            [0, 1].map(() => ({
              kind: `accept ${e.id}`,
              run: () => centre.request('POST', `/api/grid/events/${e.id}/accept`, {}),
            })),
          ),
          ...toDispatch.map((e) => ({
            kind: 'dispatch',
            run: () =>
              centre.request('POST', `/api/grid/events/${e.id}/dispatch`, { handlerUnitId: e.unitId }),
          })),
          ...Array.from({ length: 20 }, (_, i) => ({
            kind: 'login',
            run: () => new Client(url, `secretary${String(10 + i + wave * 20).padStart(2, '0')}`).login(),
          })),
          ...Array.from({ length: 40 }, (_, i) => {
            const who = readers[i % readers.length]!;
            const filters = ['', '&status=reported', '&class=dispute', '&q=reliability', '&sort=-reportedAt'];
            return {
              kind: 'list',
              run: () =>
                who.request('GET', `/api/grid/events?page=${1 + (i % 3)}&pageSize=50${filters[i % 5]}`),
            };
          }),
          ...Array.from({ length: 30 }, (_, i) => {
            const who = [county, centre, township][i % 3]!;
            const from = ['2023-01-01', `${today.slice(0, 4)}-01-01`, today][i % 3]!;
            return {
              kind: 'summary',
              run: () => who.request('GET', `/api/grid/summary?from=${from}&to=${today}`),
            };
          }),
          ...Array.from({ length: 30 }, (_, i) => ({
            kind: 'detail',
            run: () => centre.request('GET', `/api/grid/events/${events[i % events.length]!.id}`),
          })),
          ...[
            '/api/me',
            '/api/grid/events/overdue',
            '/api/grid/map',
            '/api/health',
            '/api/grid/types',
          ].flatMap((path) =>
            [0, 1].map((i) => ({ kind: 'other', run: () => [centre, county][i]!.request('GET', path) })),
          ),
        ];
        expect(calls).toHaveLength(200);

        const answers = await Promise.all(
          calls.map(async (c) => {
            const a = await c.run();
            latencies.push(a.ms);
            const kind = c.kind.startsWith('accept') ? 'accept' : c.kind;
            (byKind[kind] ??= []).push(a.ms);
            return { ...c, ...a };
          }),
        );
        for (const a of answers) {
          const kind = a.kind.startsWith('accept') ? 'accept' : a.kind;
          statuses[kind] ??= {};
          statuses[kind][a.status] = (statuses[kind][a.status] ?? 0) + 1;
        }
        expect(answers.filter((a) => a.status >= 500).map((a) => [a.kind, a.status, a.body])).toEqual([]);
        const expected = (kind: string, status: number) =>
          expect(
            answers.filter((a) => a.kind === kind && a.status !== status).map((a) => [a.status, a.body]),
            kind,
          ).toEqual([]);
        for (const [kind, status] of [
          ['report', 201],
          ['dispatch', 200],
          ['login', 200],
          ['list', 200],
          ['summary', 200],
          ['detail', 200],
          ['other', 200],
        ] as const)
          expected(kind, status);
        for (const e of toAccept) {
          const pair = answers.filter((a) => a.kind === `accept ${e.id}`).map((a) => a.status);
          expect(pair.sort(), `accept ${e.id} twice`).toEqual([200, 409]);
        }
      }
      time.lap(`${WAVES} × 200`);

      expect(server.output()).not.toMatch(/SQLITE_BUSY|database is locked/i);
      const counts = await countsAgainstRebuild(store);
      expect(counts.stored).toEqual(counts.rebuilt);
      expect(await integrityCheck(store)).toBe('ok');
      expect(await verifyAudit(store)).toMatchObject({ ok: true });
      time.lap('inspect');

      console.log(
        `[reliability] ${WAVES} × 200 mixed: ${JSON.stringify(statuses)}; latency p50 ${Math.round(percentile(latencies, 50))} ms, ` +
          `p99 ${Math.round(percentile(latencies, 99))} ms, max ${Math.round(Math.max(...latencies))} ms; ` +
          `p99 by kind ${JSON.stringify(Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, Math.round(percentile(v, 99))])))}; ` +
          `ms ${JSON.stringify(time.phases)}`,
      );
    } finally {
      await stopServer(server);
      await store.dispose();
    }
  });
});
