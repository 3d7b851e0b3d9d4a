import { PASSWORD_CHANGE_ROUTES, ROUTE_ACCESS, routeKey } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { allJobs } from '../src/kernel/jobs.ts';
import { settingsOf } from '../src/kernel/settings.ts';
import { jobsModule } from '../src/modules/jobs/index.ts';
import { createJobRunner } from '../src/modules/jobs/jobs.service.ts';
import { createWorld, type Village, type World } from './builders.ts';
import { TEST_PASSWORD, type Session } from './test-app.ts';

const DAY = 24 * 60 * 60 * 1000;
/** Every daily job, in the order the runner takes them (the modules' lists). */
const JOB_NAMES = allJobs(settingsOf()).map((j) => j.name);
const NEW_PASSWORD = 'Fresh-Pass-2027!';
/** What the retention job leaves of a party's name and of free text (docs/retention.md). */
const ANONYMISED_NAME = '某某';
const ANONYMISED_TEXT = '（已匿名化）';

describe('daily jobs', () => {
  let w: World;
  afterEach(async () => w.close());

  const jobs = () => w.app.module(jobsModule);
  const auditRows = (action: string) =>
    w.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const activeUsers = async () =>
    Number(
      (
        await w.database.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow()
      ).n,
    );

  describe('the runner', () => {
    it('runs each job once per day even when triggered twice, by one process or two', async () => {
      w = await createWorld();
      const first = await jobs().runDue();
      expect(JOB_NAMES).toEqual(expect.arrayContaining(['accounts.disable_idle', 'disputes.anonymise']));
      expect(first.map((o) => o.outcome)).toEqual(JOB_NAMES.map(() => 'ran'));
      const again = await jobs().run('accounts.disable_idle');
      expect(again.outcome).toBe('skipped');
      // A second server process sharing the database: its runner finds the day claimed.
      const other = createJobRunner({
        db: w.database.db,
        audit: w.app.audit,
        clock: w.clock,
        jobs: allJobs(settingsOf()),
      });
      expect((await other.runDue()).map((o) => o.outcome)).toEqual(JOB_NAMES.map(() => 'skipped'));

      // Next day, two processes at once: exactly one runs each job.
      w.clock.advance(DAY);
      const [a, b] = await Promise.all([jobs().runDue(), other.runDue()]);
      const ran = [...a!, ...b!].filter((o) => o.outcome === 'ran').map((o) => o.name);
      expect(ran.sort()).toEqual([...JOB_NAMES].sort());

      const runs = await w.database.db.selectFrom('job_runs').selectAll().orderBy('day').execute();
      expect(runs).toHaveLength(2 * JOB_NAMES.length);
      expect(runs.every((r) => r.status === 'ok' && r.finished_at !== null)).toBe(true);
      const audited = await auditRows('job.run');
      expect(audited).toHaveLength(2 * JOB_NAMES.length);
      expect(JSON.parse(audited[0]!.new_value!)).toMatchObject({ trigger: 'schedule', counts: {} });
      expect(audited.every((r) => r.actor_name === 'system:jobs')).toBe(true);

      // --force runs again the same day (the on-demand `jobs:run --force`).
      expect((await jobs().run('accounts.disable_idle', { force: true })).outcome).toBe('ran');
    });

    it('a failed run rolls its work back, is audited as failed, and may be taken again the same day', async () => {
      w = await createWorld();
      await w.user({ role: 'auditor', unit: await w.township(), displayName: 'before' });
      let fail = true;
      const name = 'accounts.disable_idle';
      const runner = createJobRunner({
        db: w.database.db,
        audit: w.app.audit,
        clock: w.clock,
        jobs: [
          {
            name,
            setting: {},
            async run({ trx }) {
              const changed = await trx.updateTable('users').set({ display_name: 'changed' }).execute();
              if (fail) throw new Error('boom');
              return { n: Number(changed[0]!.numUpdatedRows) };
            },
          },
        ],
      });
      expect(await runner.run(name)).toMatchObject({ outcome: 'failed', error: 'boom' });
      const names = await w.database.db.selectFrom('users').select('display_name').execute();
      expect(names).toEqual([{ display_name: 'before' }]);
      expect((await runner.status())[0]!.lastRun).toMatchObject({ status: 'failed', error: 'boom' });
      expect((await auditRows('job.run')).map((r) => r.result)).toEqual(['fail']);
      fail = false;
      expect(await runner.run(name)).toMatchObject({ outcome: 'ran', counts: { n: 1 } });
      expect(await runner.run(name)).toMatchObject({ outcome: 'skipped' });
    });

    it('shows the last run of each job to the audit reader, not to others', async () => {
      w = await createWorld();
      const village = await w.village();
      const auditor = await w.user({ role: 'auditor', unit: village.township });
      const worker = await w.gridWorker(village);
      await jobs().runDue();
      const res = await (await w.login(auditor)).get('/api/jobs');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.map((j: { name: string }) => j.name)).toEqual(JOB_NAMES);
      expect(body[0]).toMatchObject({
        setting: { days: 90 },
        lastRun: { status: 'ok', counts: { disabled: 0 } },
      });
      expect(body[1].setting).toEqual({ years: 3 });
      expect((await (await w.login(worker)).get('/api/jobs')).statusCode).toBe(403);
    });
  });

  describe('idle accounts (item 8)', () => {
    it('disables accounts with no sign-in for more than 90 days, audits each, and spares re-enabled ones', async () => {
      w = await createWorld();
      const village = await w.village();
      await w.user({ role: 'township_admin', unit: village.township, username: 'township' });
      const secretary = await w.user({ role: 'village_secretary', unit: village, username: 'secretary01' });
      for (let i = 0; i < 3; i++) await w.gridWorker(village);
      await w.user({ role: 'auditor', unit: village.township });

      expect((await jobs().run('accounts.disable_idle')).outcome).toBe('ran');
      expect(await auditRows('user.disable_idle')).toHaveLength(0);
      const before = await activeUsers();
      expect(before).toBe(6);

      w.clock.advance(60 * DAY);
      await w.login('township'); // signs in on day 60
      w.clock.advance(31 * DAY); // day 91: everyone else has been idle 91 days
      const result = await jobs().run('accounts.disable_idle');
      expect(result).toEqual({
        name: 'accounts.disable_idle',
        outcome: 'ran',
        counts: { disabled: before - 1 },
      });
      expect(await activeUsers()).toBe(1);
      await expect(w.login('secretary01')).rejects.toThrow(/401/);

      const rows = await auditRows('user.disable_idle');
      expect(rows).toHaveLength(before - 1);
      const row = rows.find((r) => r.object_id === String(secretary.id))!;
      expect(row).toMatchObject({ actor_name: 'system:jobs', object_type: 'user', result: 'ok' });
      expect(JSON.parse(row.new_value!)).toEqual({ status: 'disabled', idleDays: 90 });

      // The township admin (its password now 91 days old) changes it, then re-enables the secretary.
      const township = await w.login('township');
      expect(
        (
          await township.post('/api/me/password', {
            currentPassword: TEST_PASSWORD,
            newPassword: NEW_PASSWORD,
          })
        ).statusCode,
      ).toBe(204);
      expect((await township.patch(`/api/users/${secretary.id}`, { status: 'active' })).statusCode).toBe(200);
      w.clock.advance(DAY);
      expect(await jobs().run('accounts.disable_idle')).toMatchObject({ counts: { disabled: 0 } });
      expect((await (await w.login('secretary01')).get('/api/me')).statusCode).toBe(200);
    });
  });

  describe('password ageing (item 8)', () => {
    const urlOf = (key: string) => key.split(' ')[1]!.replace(/:[a-zA-Z]+/g, '1');

    it('new accounts are fresh; a password older than 90 days limits the session to changing it', async () => {
      w = await createWorld();
      await w.gridWorker(await w.village(), { username: 'grid001' });
      const fresh = await w.login('grid001');
      expect((await fresh.get('/api/me')).json().user.mustChangePassword).toBe(false);

      w.clock.advance(91 * DAY);
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'grid001', password: TEST_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.mustChangePassword).toBe(true);
      const s = await w.login('grid001');
      expect((await s.get('/api/me')).json().user.mustChangePassword).toBe(true);

      // Every other protected route answers 403 password_expired.
      let checked = 0;
      for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
        if (access === 'public' || PASSWORD_CHANGE_ROUTES.map(routeKey).includes(key)) continue;
        const [method] = key.split(' ');
        const r = await s.request(method!, urlOf(key), method === 'GET' ? undefined : {});
        expect(r.statusCode, key).toBe(403);
        expect(r.json().error.code, key).toBe('password_expired');
        checked++;
      }
      expect(checked).toBeGreaterThan(50);

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
      w = await createWorld();
      const village = await w.village();
      const admin = await w.user({ role: 'township_admin', unit: village.township });
      const { id } = await w.gridWorker(village, { username: 'grid002' });
      const township = await w.login(admin);
      expect(
        (await township.post(`/api/users/${id}/reset-password`, { password: NEW_PASSWORD })).statusCode,
      ).toBe(204);
      const worker = await w.login('grid002', NEW_PASSWORD);
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
    /**
     * A township with one village: its grid worker reports, the centre dispatches and closes, the secretary
     * mediates. Passwords do not age here (the clock moves years), so the same accounts keep working.
     */
    async function township() {
      w = await createWorld({ settings: { passwordMaxAgeDays: 3650 } });
      const village = await w.village({ name: '前房村' });
      await w.gridWorker(village, { username: 'grid001' });
      await w.user({ role: 'village_secretary', unit: village, username: 'secretary01' });
      await w.user({ role: 'grid_centre', unit: village.township, username: 'centre' });
      return village;
    }

    /** Fresh sessions (the clock moves past the idle timeout between steps). */
    const sessions = async () => ({
      grid001: await w.login('grid001'),
      secretary: await w.login('secretary01'),
      centre: await w.login('centre'),
    });

    /** A dispute between two named parties, reported now; left open unless `close`. */
    async function dispute(village: Village, parties: [string, string], close: boolean) {
      const s = await sessions();
      const created = await s.grid001.post('/api/grid/events', {
        class: 'dispute',
        typeCode: 'dispute.neighbour',
        unitId: village.id,
        place: `${village.name}东头 ${parties[0]}家门口`,
        lat: 35.8,
        lng: 115.5,
        description: `${parties[0]}与${parties[1]}因宅基地边界发生争执`,
        parties: [
          { name: parties[0], role: 'applicant', phone: '13912345678' },
          { name: parties[1], role: 'respondent' },
        ],
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().event.id as number;
      if (!close) return id;
      const step = async (who: Session, action: string, body: Record<string, unknown> = {}) => {
        const res = await who.post(`/api/grid/events/${id}/${action}`, body);
        expect(res.statusCode, `${action} ${res.body}`).toBe(200);
      };
      await step(s.centre, 'accept');
      await step(s.centre, 'dispatch', { handlerUnitId: village.id });
      await step(s.secretary, 'mediation', { step: 'start', mediatorName: '村调委会王主任' });
      await step(s.secretary, 'mediation', { step: 'session', note: `${parties[0]}、${parties[1]}到场` });
      await step(s.secretary, 'mediation', {
        step: 'agreement',
        agreement: `${parties[0]}与${parties[1]}同意以原界桩为界`,
      });
      await step(s.secretary, 'reply', { reason: `${parties[0]}与${parties[1]}达成协议` });
      await step(s.centre, 'verify');
      await step(s.secretary, 'mediation', { step: 'follow_up', note: '回访已履行' });
      await step(s.secretary, 'mediation', { step: 'archive' });
      await step(s.centre, 'close');
      return id;
    }

    const disputeRows = (ids: number[]) =>
      w.database.db
        .selectFrom('grid_events')
        .select(['id', 'anonymised_at', 'place', 'description', 'agreement', 'lat', 'org_unit_id', 'status'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
    const partiesOf = (ids: number[]) =>
      w.database.db
        .selectFrom('grid_event_parties')
        .selectAll()
        .where('event_id', 'in', ids)
        .orderBy('id')
        .execute();

    it('anonymises disputes closed more than 3 years ago, keeps audit rows, and audits counts only', async () => {
      const village = await township();
      const oldIds = [
        await dispute(village, ['张三', '李四'], true),
        await dispute(village, ['王五', '赵六'], true),
      ];
      const namesBefore = (await partiesOf(oldIds)).map((p) => p.name);
      expect(namesBefore).toEqual(['张三', '李四', '王五', '赵六']);
      const openId = await dispute(village, ['孙七', '周八'], false);
      w.clock.advance(3 * 366 * DAY);
      const recentId = await dispute(village, ['吴九', '郑十'], true);
      const now = w.clock.now();
      const old = (await disputeRows(oldIds)).filter((e) => e.status === 'closed');
      expect(old).toHaveLength(2);
      const recentParties = await partiesOf([openId, recentId]);
      const auditBefore = await w.database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

      const result = await jobs().run('disputes.anonymise');
      expect(result).toMatchObject({
        outcome: 'ran',
        counts: { disputes: old.length, parties: namesBefore.length },
      });

      for (const e of await disputeRows(oldIds)) {
        expect(e.anonymised_at).toBe(now);
        expect(e.place).toBe('前房村');
        expect(e.description).toBe(ANONYMISED_TEXT);
        expect(e.lat).toBeNull();
        expect(e.agreement).toBe(ANONYMISED_TEXT);
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
      const log = await w.database.db
        .selectFrom('grid_event_log')
        .select('reason')
        .where('event_id', 'in', oldIds)
        .where('reason', 'is not', null)
        .execute();
      expect(log.length).toBeGreaterThan(0);
      expect(log.every((l) => l.reason === ANONYMISED_TEXT)).toBe(true);
      // The open dispute and the one closed recently are untouched.
      expect(await partiesOf([openId, recentId])).toEqual(recentParties);
      expect((await disputeRows([openId, recentId])).map((e) => e.anonymised_at)).toEqual([null, null]);

      // Audit rows: all earlier ones kept unchanged, one per anonymised dispute with counts, no personal data.
      const auditAfter = await w.database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
      expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
      const rows = await auditRows('grid.dispute_anonymise');
      expect(rows.map((r) => Number(r.object_id)).sort((a, b) => a - b)).toEqual(oldIds);
      const text = JSON.stringify(rows);
      for (const name of namesBefore) expect(text).not.toContain(name);
      expect(JSON.parse(rows[0]!.new_value!)).toMatchObject({ parties: 2, retentionYears: 3 });
      expect((await w.app.audit.verify(w.database.db)).ok).toBe(true);

      // The dispute still reads through the API, anonymised.
      const centre = await w.login('centre');
      const detail = await centre.get(`/api/grid/events/${oldIds[0]}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.body).toContain(ANONYMISED_NAME);
      for (const name of namesBefore) expect(detail.body).not.toContain(name);
    });

    it('with the clock moved 3 years on, the disputes closed since are anonymised too; open ones never', async () => {
      const village = await township();
      const closedId = await dispute(village, ['张三', '李四'], true);
      const openId = await dispute(village, ['王五', '赵六'], false);
      expect(await jobs().run('disputes.anonymise')).toMatchObject({ counts: { disputes: 0, parties: 0 } });
      const openParties = await partiesOf([openId]);
      const pending = (await disputeRows([closedId])).filter((e) => e.anonymised_at === null);
      expect(pending).toHaveLength(1);

      w.clock.advance(3 * 366 * DAY);
      const result = await jobs().run('disputes.anonymise');
      expect(result).toMatchObject({ outcome: 'ran', counts: { disputes: pending.length } });
      expect((await disputeRows([closedId])).every((e) => e.anonymised_at !== null)).toBe(true);
      expect(await partiesOf([openId])).toEqual(openParties);
      // Nothing left: the next day's run counts zero.
      w.clock.advance(DAY);
      expect(await jobs().run('disputes.anonymise')).toMatchObject({ counts: { disputes: 0, parties: 0 } });
    });
  });
});
