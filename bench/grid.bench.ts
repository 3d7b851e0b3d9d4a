import { copyFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chinaDate } from '@fivestar/common';
import type { Insertable } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { openDatabase } from '../server/src/db/database.ts';
import type { Database } from '../server/src/db/schema.ts';
import { migrateApp } from '../server/src/kernel/migrations.ts';
import { gridModule } from '../server/src/modules/grid/index.ts';
import { firstUserAt, timeIt, type Bench } from './bench-kit.ts';

const INTAKE_REPORTS = 300;
const CONCURRENT = 32;
const CONCURRENT_REPORTS = 2000;

/**
 * Grid events at province scale (build the database with `seed:scale --events N`; BENCH_EVENTS sets N for the
 * runner). Intake through the real API (validation, idempotency key, event + log + audit in one transaction,
 * duplicate hints, the detail answer) against a bare one-row insert-and-commit of the same event in the same run;
 * then the centre's list (filters, sort, paging) and the summary at township, county and province scope.
 */
export const gridBench: Bench = async ({ dbFile, keys }) => {
  // Intake writes; it runs on a copy so that every run starts from the same database.
  const cached = openDatabase(`file:${dbFile}`);
  await migrateApp({ db: cached.db, dialect: 'sqlite' });
  await cached.close();
  const workFile = dbFile.replace(/\.db$/, '.work.db');
  for (const suffix of ['-wal', '-shm']) rmSync(workFile + suffix, { force: true });
  copyFileSync(dbFile, workFile);
  const handle = openDatabase(`file:${workFile}`);
  const { db } = handle;
  const events = Number(
    (
      await db
        .selectFrom('grid_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

  const worker = await db
    .selectFrom('users as u')
    .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
    .select(['u.id', 'u.username', 'o.id as unit_id', 'o.path'])
    .where('u.role_code', '=', 'grid_worker')
    .orderBy('u.id')
    .limit(1)
    .executeTakeFirstOrThrow();

  // Baseline: the bare insert of one event row in its own transaction, as many times as the API intake runs.
  const now = Date.now();
  const bareRow: Insertable<Database['grid_events']> = {
    class: 'event',
    type_code: 'public_service.road',
    org_unit_id: worker.unit_id,
    unit_path: worker.path,
    grid_id: null,
    place: '基准',
    lat: null,
    lng: null,
    occurred_at: null,
    description: 'bench baseline',
    scale: 'small',
    people_involved: 0,
    source: 'grid_worker',
    campaign_id: null,
    campaign_sub_category: null,
    reporter_id: worker.id,
    reporter_name: worker.username,
    status: 'reported',
    stage_started_at: now,
    yellow_at: now,
    due_at: now,
    extension_days: 0,
    manual_supervision: 'normal',
    escalated_to: null,
    handler_unit_id: null,
    handler_dept: null,
    duplicate_of: null,
    reported_at: now,
    accepted_at: null,
    replied_at: null,
    closed_at: null,
    closed_on_time: null,
    escalated: 0,
    mediation_status: 'none',
    mediator_name: null,
    mediation_sessions: 0,
    agreement: null,
    referred_to: null,
    follow_up_at: null,
    archived_at: null,
    updated_at: now,
  };
  const phase = (what: string) => console.error(`  grid bench: ${what}…`);
  phase('bare inserts');
  const bareIds: number[] = [];
  let t = performance.now();
  for (let i = 0; i < INTAKE_REPORTS; i++) {
    const row = await db
      .transaction()
      .execute((trx) =>
        trx.insertInto('grid_events').values(bareRow).returning('id').executeTakeFirstOrThrow(),
      );
    bareIds.push(row.id);
  }
  const bareMs = (performance.now() - t) / INTAKE_REPORTS;
  for (let i = 0; i < bareIds.length; i += 500)
    await db
      .deleteFrom('grid_events')
      .where('id', 'in', bareIds.slice(i, i + 500))
      .execute();

  // Intake through the API, as phones send it: first one grid worker reporting one report after another, then
  // CONCURRENT workers (each in their own village) syncing at once, which is what group commit is for.
  phase('signing in the phones');
  const app = await buildApp({ database: handle, keys, logger: false });
  await app.ready();
  const workers = await db
    .selectFrom('users as u')
    .select(['u.username', 'u.org_unit_id'])
    .where('u.role_code', '=', 'grid_worker')
    .orderBy('u.id')
    .limit(CONCURRENT * 10)
    .execute();
  const sessions = new Map<number, { cookie: string; csrf: string; unitId: number }>();
  for (const [i, w] of workers.entries()) {
    if (sessions.has(w.org_unit_id) || sessions.size === CONCURRENT) continue;
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: `10.0.${i >> 8}.${i & 255}`,
      payload: { username: w.username, password: process.env.FIVESTAR_DEMO_PASSWORD ?? 'Scale-Bench-2026!' },
    });
    if (login.statusCode !== 200) throw new Error(`bench login failed: ${login.statusCode} ${login.body}`);
    sessions.set(w.org_unit_id, {
      cookie: String(login.headers['set-cookie']).split(';')[0]!,
      csrf: login.json().csrfToken as string,
      unitId: w.org_unit_id,
    });
  }
  const phones = [...sessions.values()];
  // Reports spread over the dictionary's event types, as a village's reports are.
  const TYPES = (
    await db
      .selectFrom('grid_event_types')
      .select('code')
      .where('class', '=', 'event')
      .where('parent_code', 'is not', null)
      .where('active', '=', 1)
      .orderBy('code')
      .execute()
  ).map((t) => t.code);
  const run = `${Date.now()}`;
  const report = async (phone: (typeof phones)[number], i: number) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/grid/events',
      headers: { cookie: phone.cookie, 'x-csrf-token': phone.csrf, 'idempotency-key': `bench-${run}-${i}` },
      payload: {
        class: 'event',
        typeCode: TYPES[Math.abs(i) % TYPES.length],
        unitId: phone.unitId,
        place: `基准 ${i}`,
        description: 'bench intake',
      },
    });
    if (res.statusCode !== 201) throw new Error(`intake failed: ${res.statusCode} ${res.body}`);
  };
  phase('intake, one phone');
  for (let i = 0; i < 20; i++) await report(phones[0]!, -1 - i);
  t = performance.now();
  for (let i = 0; i < INTAKE_REPORTS; i++) await report(phones[0]!, i);
  const apiMs = (performance.now() - t) / INTAKE_REPORTS;
  phase(`intake, ${phones.length} phones at once`);
  let next = INTAKE_REPORTS;
  const end = next + CONCURRENT_REPORTS;
  t = performance.now();
  await Promise.all(
    phones.map(async (phone) => {
      while (next < end) await report(phone, next++);
    }),
  );
  const concurrentMs = (performance.now() - t) / CONCURRENT_REPORTS;
  const commits = handle.commits.stats();
  await app.close();

  // The list and the summary through the module's services, without HTTP.
  const services = await buildApp({ database: handle, keys, logger: false });
  const grid = services.module(gridModule);
  const userAt = (level: string) => firstUserAt(db, level);
  const rows = [
    {
      label: `intake through the API, one phone (${INTAKE_REPORTS} in a row)`,
      ms: apiMs,
      ratio: apiMs / bareMs,
      note: `${(1000 / apiMs).toFixed(0)}/s vs bare ${(1000 / bareMs).toFixed(0)}/s`,
    },
    {
      label: `intake through the API, ${phones.length} phones at once`,
      ms: concurrentMs,
      ratio: concurrentMs / bareMs,
      note: `${(1000 / concurrentMs).toFixed(0)}/s; ${commits.writes} writes in ${commits.batches} commits, largest ${commits.largest}`,
    },
  ];
  const to = chinaDate(Date.now());
  const from = chinaDate(Date.now() - 365 * 86_400_000);
  for (const level of ['township', 'county', 'province'] as const) {
    phase(`list and summary, ${level}`);
    const user = await userAt(level);
    const list = await timeIt(
      () =>
        grid.events.list(user, {
          status: ['reported', 'accepted', 'dispatched', 'in_handling'],
          class: 'event',
          sort: '-reportedAt',
          page: 3,
          pageSize: 50,
        }),
      10,
    );
    rows.push({
      label: `centre list, ${level} (open, sorted, page 3 + total)`,
      ms: list,
      ratio: list / bareMs,
      note: '',
    });
    const summary = await timeIt(() => grid.stats.summary(user, from, to), 5, 1);
    rows.push({ label: `summary, ${level} (one year)`, ms: summary, ratio: summary / bareMs, note: '' });
  }
  await handle.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(workFile + suffix, { force: true });
  return {
    name: `Grid events (SQLite, ${events.toLocaleString('en')} events)`,
    baseline: { label: 'bare insert + commit of one event row', ms: bareMs },
    rows,
  };
};
