import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService } from '../src/modules/audit/audit.service.ts';
import { createTestApp, login, TEST_KEYS, type TestContext } from './test-app.ts';

describe('the audit chain', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestApp();
  });
  afterEach(async () => ctx.close());

  const verify = () =>
    createAuditService({ key: TEST_KEYS.audit, clock: ctx.clock, dialect: ctx.database.dialect }).verify(
      ctx.database.db,
    );

  async function someWrites() {
    const s = await login(ctx.app, 'township');
    await s.patch('/api/org/units/4', { name: '张庄镇' });
    await s.post('/api/auth/logout');
    await login(ctx.app, 'secretary01');
  }

  /** Edits the table the way someone with file or superuser access would: around the append-only trigger. */
  async function tamper(statement: string) {
    const { db, dialect } = ctx.database;
    if (dialect === 'postgres') {
      await sql.raw('alter table audit_log disable trigger user').execute(db);
      await sql.raw(statement).execute(db);
      await sql.raw('alter table audit_log enable trigger user').execute(db);
    } else {
      await sql.raw('drop trigger audit_log_no_update').execute(db);
      await sql.raw('drop trigger audit_log_no_delete').execute(db);
      await sql.raw(statement).execute(db);
    }
  }

  it('records sign-ins, changes and logouts with actor, IP and old → new, and the chain verifies', async () => {
    await someWrites();
    const rows = await ctx.database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual([
      'seed.demo',
      'auth.login',
      'org.unit_update',
      'auth.logout',
      'auth.login',
    ]);
    const change = rows[2]!;
    expect(change).toMatchObject({
      actor_name: 'township',
      object_type: 'org_unit',
      object_id: '4',
      ip: '127.0.0.1',
    });
    expect(JSON.parse(change.old_value!)).toEqual({ name: '张庄镇' });
    expect(await verify()).toEqual({ ok: true, rows: 5 });
  });

  it('the application’s own connection cannot update or delete audit rows', async () => {
    await someWrites();
    await expect(ctx.database.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(ctx.database.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });

  it('an edited row is caught and named', async () => {
    await someWrites();
    const third = (
      await ctx.database.db
        .selectFrom('audit_log')
        .select('id')
        .orderBy('id')
        .offset(2)
        .limit(1)
        .executeTakeFirstOrThrow()
    ).id;
    await tamper(`update audit_log set new_value = '{"name":"改过"}' where id = ${third}`);
    expect(await verify()).toMatchObject({ ok: false, firstBad: { id: third, reason: 'content changed' } });
  });

  it('a deleted row is caught at the row after it', async () => {
    await someWrites();
    const ids = (await ctx.database.db.selectFrom('audit_log').select('id').orderBy('id').execute()).map(
      (r) => r.id,
    );
    await tamper(`delete from audit_log where id = ${ids[1]}`);
    expect(await verify()).toMatchObject({ ok: false, firstBad: { id: ids[2], reason: 'broken link' } });
  });
});
