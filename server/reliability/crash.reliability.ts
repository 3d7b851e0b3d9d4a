/**
 * docs/security.md item 33: `kill -9` the server while 50 phones send 1,000 reports; after a restart every report that
 * was answered 201 is stored exactly once, whole (event, key, report log, audit row, county counts), the file passes
 * `PRAGMA integrity_check` and the audit chain verifies. Then every phone sends all its reports again with the same
 * keys: a stored one is replayed (200, same id), a lost one stored now (201), and there is one row per key.
 *
 * On SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set (scripts/test-reliability.sh runs both).
 */
import { describe, expect, it } from 'vitest';
import {
  cliAuditVerify,
  countsAgainstRebuild,
  createStore,
  DESCRIPTION_PREFIX,
  freePort,
  gridWorkers,
  inspectReports,
  integrityCheck,
  loginAll,
  runIntake,
  send,
  startServer,
  stopwatch,
  stopServer,
  submissionsFor,
  tally,
  verifyAudit,
  type ServerProcess,
  type Submission,
} from './harness.ts';

const CLIENTS = 50;
const PER_CLIENT = 20; // 1,000 submissions
const KILL_AFTER = 300; // 201 answers seen before the kill
/** PostgreSQL too when scripts/test-pg.sh provides one (scripts/test-reliability.sh runs through it). */
const engines = ['sqlite', ...(process.env.TEST_DATABASE_URL ? ['postgres' as const] : [])] as const;

/** Everything that must hold in the database after a crash, for the submissions sent so far. */
async function expectWhole(store: Awaited<ReturnType<typeof createStore>>, subs: Submission[]) {
  const found = await inspectReports(store);
  const acked = subs.filter((s) => s.status === 201 || s.status === 200);
  for (const s of acked) {
    const rows = found.byKey.get(s.key) ?? [];
    expect(rows, `acknowledged ${s.key}`).toHaveLength(1);
    expect(rows[0]!.id, s.key).toBe(s.id);
    expect(rows[0]!.place).toBe(`place ${s.key}`);
    expect(rows[0]!.reporterId).toBe(s.client.me!.id);
  }
  // Exactly once, and whole: no key twice, every event with its key row, report log row and audit row.
  const duplicated = [...found.byKey].filter(([, rows]) => rows.length !== 1).map(([key]) => key);
  expect(duplicated).toEqual([]);
  const partial = found.events.filter(
    (e) =>
      found.logs.get(e.id) !== 1 ||
      found.audits.get(e.id) !== 1 ||
      found.keyRows.get(e.description.slice(DESCRIPTION_PREFIX.length))?.eventId !== e.id,
  );
  expect(partial.map((e) => e.id)).toEqual([]);
  expect(found.orphanKeys).toEqual([]);
  const counts = await countsAgainstRebuild(store);
  expect(counts.stored).toEqual(counts.rebuilt);
  expect(await integrityCheck(store)).toBe('ok');
  expect(await verifyAudit(store)).toMatchObject({ ok: true });
  return found;
}

describe.each(engines)('kill -9 during 1,000 report submissions from 50 phones (%s)', (engine) => {
  it('every 201 survives exactly once and whole; every key re-sent afterwards ends as one row', async () => {
    const store = await createStore(engine);
    const port = await freePort();
    let server: ServerProcess | null = null;
    const time = stopwatch();
    try {
      server = await startServer(store, port);
      time.lap('first start');
      const clients = await loginAll(server.url, gridWorkers(CLIENTS));
      time.lap('50 logins');
      for (const c of clients) expect(c.me!.unit.level).not.toMatch(/township|district|county/);
      const subs = submissionsFor(clients, PER_CLIENT, 'k9');
      expect(subs).toHaveLength(CLIENTS * PER_CLIENT);

      // Load, and kill -9 once KILL_AFTER reports have been acknowledged.
      const victim = server;
      let created = 0;
      await runIntake(subs, (s) => {
        if (s.status === 201 && ++created === KILL_AFTER) victim.signal('SIGKILL');
      });
      expect((await victim.exited).signal).toBe('SIGKILL');
      time.lap('load until kill -9');
      const first = tally(subs);
      // Before the kill every answer is a 201; after it only network errors (never a 5xx or a 4xx).
      const answered = subs.filter((s) => s.status !== undefined);
      expect(answered.filter((s) => s.status !== 201)).toEqual([]);
      expect(answered.length).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(answered.length).toBeLessThan(subs.length);

      // Restart on the same file.
      server = await startServer(store, port);
      time.lap('restart');
      await expectWhole(store, subs);
      time.lap('inspect');
      const cli = await cliAuditVerify(store);
      expect(cli.code, cli.output).toBe(0);
      expect(cli.output).toMatch(/audit chain intact/);
      time.lap('cli audit:verify');

      // Every phone sends everything again with the same keys (their sessions survived the crash).
      for (const c of clients) c.url = server.url;
      const again = await Promise.all(
        clients.map(async (c) => {
          const out: { s: Submission; status: number; id: number | undefined }[] = [];
          for (const s of subs.filter((x) => x.client === c)) {
            const res = await send(s);
            out.push({ s, status: res.status, id: (res.body as { event?: { id: number } }).event?.id });
          }
          return out;
        }),
      ).then((r) => r.flat());
      const resend: Record<string, number> = {};
      for (const { s, status, id } of again) {
        resend[status] = (resend[status] ?? 0) + 1;
        if (s.status === 201) {
          expect({ key: s.key, status, id }).toEqual({ key: s.key, status: 200, id: s.id });
        } else if (!s.sent) {
          expect({ key: s.key, status }).toEqual({ key: s.key, status: 201 });
        } else {
          // In flight at the kill: stored (replayed now) or lost before its commit (stored now).
          expect([200, 201], s.key).toContain(status);
        }
        s.status = status;
        s.id = id;
      }
      time.lap('re-send 1,000');
      const found = await expectWhole(store, subs);
      expect(found.byKey.size).toBe(subs.length);
      time.lap('inspect again');

      console.log(
        `[reliability] kill -9 (${engine}): first send ${JSON.stringify(first)}; ` +
          `re-send ${JSON.stringify(resend)}; ${found.events.length} rows, one per key; ms ${JSON.stringify(time.phases)}`,
      );
    } finally {
      await stopServer(server);
      await store.dispose();
    }
  });
});
