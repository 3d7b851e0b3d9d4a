import { PASSWORD_CHANGE_ROUTES, ROUTE_ACCESS, routeKey } from '@fivestar/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allJobs } from '../src/kernel/jobs.ts';
import { settingsOf } from '../src/kernel/settings.ts';
import { ANONYMISED_NAME, ANONYMISED_TEXT, yearsBefore } from '../src/modules/grid/dispute-retention.job.ts';
import { jobsModule } from '../src/modules/jobs/index.ts';
import { createJobRunner } from '../src/modules/jobs/jobs.service.ts';
import { createTestApp, idOf, login, TEST_PASSWORD, type TestContext } from './test-app.ts';

const DAY = 24 * 60 * 60 * 1000;
const NEW_PASSWORD = 'Fresh-Pass-2027!';

describe('daily jobs', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestApp();
  });
  afterEach(async () => ctx.close());

  const jobs = () => ctx.app.module(jobsModule);
  const auditRows = (action: string) =>
    ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const activeUsers = async () =>
    (
      await ctx.database.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow()
    ).n;

  describe('the runner', () => {
    it('runs each job once per day even when triggered twice, by one process or two', async () => {
      const first = await jobs().runDue();
      expect(first.map((o) => o.outcome)).toEqual(['ran', 'ran']);
      const again = await jobs().run('accounts.disable_idle');
      expect(again.outcome).toBe('skipped');
      // A second server process sharing the database: its runner finds the day claimed.
      const other = createJobRunner({
        db: ctx.database.db,
        audit: ctx.app.audit,
        clock: ctx.clock,
        jobs: allJobs(settingsOf()),
      });
      expect((await other.runDue()).map((o) => o.outcome)).toEqual(['skipped', 'skipped']);

      // Next day, two processes at once: exactly one runs each job.
      ctx.clock.advance(DAY);
      const [a, b] = await Promise.all([jobs().runDue(), other.runDue()]);
      const ran = [...a!, ...b!].filter((o) => o.outcome === 'ran').map((o) => o.name);
      expect(ran.sort()).toEqual(['accounts.disable_idle', 'disputes.anonymise']);

      const runs = await ctx.database.db.selectFrom('job_runs').selectAll().orderBy('day').execute();
      expect(runs).toHaveLength(4);
      expect(runs.every((r) => r.status === 'ok' && r.finished_at !== null)).toBe(true);
      const audited = await auditRows('job.run');
      expect(audited).toHaveLength(4);
      expect(JSON.parse(audited[0]!.new_value!)).toMatchObject({ trigger: 'schedule', counts: {} });
      expect(audited.every((r) => r.actor_name === 'system:jobs')).toBe(true);

      // --force runs again the same day (the on-demand `jobs:run --force`).
      expect((await jobs().run('accounts.disable_idle', { force: true })).outcome).toBe('ran');
    });

    it('a failed run rolls its work back, is audited as failed, and may be taken again the same day', async () => {
      let fail = true;
      const name = 'accounts.disable_idle';
      const runner = createJobRunner({
        db: ctx.database.db,
        audit: ctx.app.audit,
        clock: ctx.clock,
        jobs: [
          {
            name,
            setting: {},
            async run({ trx }) {
              await trx.updateTable('users').set({ display_name: 'changed' }).execute();
              if (fail) throw new Error('boom');
              return { n: 1 };
            },
          },
        ],
      });
      expect(await runner.run(name)).toMatchObject({ outcome: 'failed', error: 'boom' });
      const changed = await ctx.database.db
        .selectFrom('users')
        .select('id')
        .where('display_name', '=', 'changed')
        .execute();
      expect(changed).toHaveLength(0);
      expect((await runner.status())[0]!.lastRun).toMatchObject({ status: 'failed', error: 'boom' });
      expect((await auditRows('job.run')).map((r) => r.result)).toEqual(['fail']);
      fail = false;
      expect(await runner.run(name)).toMatchObject({ outcome: 'ran', counts: { n: 1 } });
      expect(await runner.run(name)).toMatchObject({ outcome: 'skipped' });
    });

    it('shows the last run of each job to the audit reader, not to others', async () => {
      await jobs().runDue();
      const auditor = await login(ctx.app, 'auditor');
      const res = await auditor.get('/api/jobs');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.map((j: { name: string }) => j.name)).toEqual([
        'accounts.disable_idle',
        'disputes.anonymise',
      ]);
      expect(body[0]).toMatchObject({
        setting: { days: 90 },
        lastRun: { status: 'ok', counts: { disabled: 0 } },
      });
      expect(body[1].setting).toEqual({ years: 3 });
      expect((await (await login(ctx.app, 'grid001')).get('/api/jobs')).statusCode).toBe(403);
    });
  });

  describe('idle accounts (item 8)', () => {
    it('disables accounts with no sign-in for more than 90 days, audits each, and spares re-enabled ones', async () => {
      expect((await jobs().run('accounts.disable_idle')).outcome).toBe('ran');
      expect(await auditRows('user.disable_idle')).toHaveLength(0);
      const before = await activeUsers();

      ctx.clock.advance(60 * DAY);
      await login(ctx.app, 'township'); // signs in on day 60
      ctx.clock.advance(31 * DAY); // day 91: everyone else has been idle 91 days
      const result = await jobs().run('accounts.disable_idle');
      expect(result).toEqual({
        name: 'accounts.disable_idle',
        outcome: 'ran',
        counts: { disabled: before - 1 },
      });
      expect(await activeUsers()).toBe(1);
      await expect(login(ctx.app, 'secretary01')).rejects.toThrow(/401/);

      const rows = await auditRows('user.disable_idle');
      expect(rows).toHaveLength(before - 1);
      const secretaryId = await idOf(ctx.database, 'users', { username: 'secretary01' });
      const row = rows.find((r) => r.object_id === String(secretaryId))!;
      expect(row).toMatchObject({ actor_name: 'system:jobs', object_type: 'user', result: 'ok' });
      expect(JSON.parse(row.new_value!)).toEqual({ status: 'disabled', idleDays: 90 });

      // The township admin (its password now 91 days old) changes it, then re-enables the secretary.
      const township = await login(ctx.app, 'township');
      expect(
        (
          await township.post('/api/me/password', {
            currentPassword: TEST_PASSWORD,
            newPassword: NEW_PASSWORD,
          })
        ).statusCode,
      ).toBe(204);
      expect((await township.patch(`/api/users/${secretaryId}`, { status: 'active' })).statusCode).toBe(200);
      ctx.clock.advance(DAY);
      expect(await jobs().run('accounts.disable_idle')).toMatchObject({ counts: { disabled: 0 } });
      await expect(login(ctx.app, 'secretary01')).resolves.toBeTruthy();
    });
  });

  describe('password ageing (item 8)', () => {
    const urlOf = (key: string) => key.split(' ')[1]!.replace(/:[a-zA-Z]+/g, '1');

    it('demo accounts are fresh; a password older than 90 days limits the session to changing it', async () => {
      const fresh = await login(ctx.app, 'grid001');
      expect((await fresh.get('/api/me')).json().user.mustChangePassword).toBe(false);

      ctx.clock.advance(91 * DAY);
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'grid001', password: TEST_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.mustChangePassword).toBe(true);
      const s = await login(ctx.app, 'grid001');
      expect((await s.get('/api/me')).json().user.mustChangePassword).toBe(true);

      // Every other protected route answers 403 password_expired.
      for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
        if (access === 'public' || PASSWORD_CHANGE_ROUTES.map(routeKey).includes(key)) continue;
        const [method] = key.split(' ');
        const r = await s.request(method!, urlOf(key), method === 'GET' ? undefined : {});
        expect(r.statusCode, key).toBe(403);
        expect(r.json().error.code, key).toBe('password_expired');
      }

      const same = await s.post('/api/me/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: TEST_PASSWORD,
      });
      expect(same.statusCode).toBe(400);
      expect(same.json().error.fields[0].path).toBe('newPassword');
      expect(
        (await s.post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }))
          .statusCode,
      ).toBe(204);
      expect((await s.get('/api/me')).json().user.mustChangePassword).toBe(false);
      expect((await s.get('/api/org/units')).statusCode).toBe(200);
    });

    it('an administrator’s reset forces a change at the next sign-in', async () => {
      const township = await login(ctx.app, 'township');
      const id = await idOf(ctx.database, 'users', { username: 'grid002' });
      expect(
        (await township.post(`/api/users/${id}/reset-password`, { password: NEW_PASSWORD })).statusCode,
      ).toBe(204);
      const worker = await login(ctx.app, 'grid002', NEW_PASSWORD);
      expect((await worker.get('/api/me')).json().user.mustChangePassword).toBe(true);
      const denied = await worker.get('/api/grid/events');
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.code).toBe('password_expired');
      expect(
        (
          await worker.post('/api/me/password', {
            currentPassword: NEW_PASSWORD,
            newPassword: 'Own-Pass-2027!x',
          })
        ).statusCode,
      ).toBe(204);
      expect((await worker.get('/api/grid/events')).statusCode).toBe(200);
    });
  });

  describe('dispute retention (item 21)', () => {
    const closedDisputes = (before: number) =>
      ctx.database.db
        .selectFrom('grid_events')
        .select(['id', 'anonymised_at', 'place', 'description', 'agreement', 'lat', 'org_unit_id'])
        .where('class', '=', 'dispute')
        .where('status', '=', 'closed')
        .where('closed_at', '<', before)
        .orderBy('id')
        .execute();
    const partiesOf = (ids: number[]) =>
      ctx.database.db.selectFrom('grid_event_parties').selectAll().where('event_id', 'in', ids).execute();

    it('anonymises disputes closed more than 3 years ago, keeps audit rows, and audits counts only', async () => {
      const now = ctx.clock.now();
      const old = await closedDisputes(yearsBefore(now, 3));
      expect(old.length).toBeGreaterThan(0);
      const oldIds = old.map((e) => e.id);
      const namesBefore = (await partiesOf(oldIds)).map((p) => p.name);
      const recent = await ctx.database.db
        .selectFrom('grid_events')
        .select('id')
        .where('class', '=', 'dispute')
        .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', yearsBefore(now, 3))]))
        .execute();
      expect(recent.length).toBeGreaterThan(0);
      const recentParties = await partiesOf(recent.map((e) => e.id));
      const auditBefore = await ctx.database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

      const result = await jobs().run('disputes.anonymise');
      expect(result).toMatchObject({
        outcome: 'ran',
        counts: { disputes: old.length, parties: namesBefore.length },
      });

      const after = await closedDisputes(yearsBefore(now, 3));
      const units = new Map(
        (await ctx.database.db.selectFrom('org_units').select(['id', 'name']).execute()).map((u) => [
          u.id,
          u.name,
        ]),
      );
      for (const e of after) {
        expect(e.anonymised_at).toBe(now);
        expect(e.place).toBe(units.get(e.org_unit_id));
        expect(e.description).toBe(ANONYMISED_TEXT);
        expect(e.lat).toBeNull();
        if (e.agreement !== null) expect(e.agreement).toBe(ANONYMISED_TEXT);
      }
      for (const p of await partiesOf(oldIds)) {
        expect(p).toMatchObject({
          name: ANONYMISED_NAME,
          id_number_enc: null,
          id_number_hash: null,
          id_number_masked: null,
          phone_enc: null,
          phone_masked: null,
        });
      }
      // The recent disputes are untouched.
      expect(await partiesOf(recent.map((e) => e.id))).toEqual(recentParties);

      // Audit rows: all earlier ones kept unchanged, one per anonymised dispute with counts, no personal data.
      const auditAfter = await ctx.database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
      expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
      const rows = await auditRows('grid.dispute_anonymise');
      expect(rows.map((r) => Number(r.object_id)).sort((a, b) => a - b)).toEqual(oldIds);
      const text = JSON.stringify(rows);
      for (const name of namesBefore) expect(text).not.toContain(name);
      expect(JSON.parse(rows[0]!.new_value!)).toMatchObject({ parties: 2, retentionYears: 3 });
      expect((await ctx.app.audit.verify(ctx.database.db)).ok).toBe(true);

      // The dispute still reads through the API, anonymised.
      const centre = await login(ctx.app, 'centre');
      const detail = await centre.get(`/api/grid/events/${oldIds[0]}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.body).toContain(ANONYMISED_NAME);
      for (const name of namesBefore) expect(detail.body).not.toContain(name);
    });

    it('with the clock moved 3 years on, the disputes closed since are anonymised too; open ones never', async () => {
      await jobs().run('disputes.anonymise');
      const open = await ctx.database.db
        .selectFrom('grid_events')
        .select('id')
        .where('class', '=', 'dispute')
        .where('closed_at', 'is', null)
        .execute();
      const openParties = await partiesOf(open.map((e) => e.id));
      const closedNow = await closedDisputes(ctx.clock.now() + 1);
      const pending = closedNow.filter((e) => e.anonymised_at === null);
      expect(pending.length).toBeGreaterThan(0);

      ctx.clock.advance(3 * 366 * DAY);
      const result = await jobs().run('disputes.anonymise');
      expect(result).toMatchObject({ outcome: 'ran', counts: { disputes: pending.length } });
      expect((await closedDisputes(ctx.clock.now())).every((e) => e.anonymised_at !== null)).toBe(true);
      if (open.length) expect(await partiesOf(open.map((e) => e.id))).toEqual(openParties);
      // Nothing left: the next day's run counts zero.
      ctx.clock.advance(DAY);
      expect(await jobs().run('disputes.anonymise')).toMatchObject({ counts: { disputes: 0, parties: 0 } });
    });
  });
});
