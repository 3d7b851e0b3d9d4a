import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService } from '../src/modules/audit/index.ts';
import { createWorld, type Unit, type World } from './builders.ts';
import { TEST_KEYS } from './test-app.ts';

describe('the audit chain', () => {
  let ctx: World;
  let township: Unit;
  beforeEach(async () => {
    ctx = await createWorld();
    township = await ctx.township({ name: '张庄镇' });
    await ctx.user({ role: 'township_admin', unit: township, username: 'township' });
    await ctx.user({ role: 'village_secretary', unit: await ctx.village(), username: 'secretary01' });
  });
  afterEach(async () => ctx.close());

  const verify = () =>
    createAuditService({ key: TEST_KEYS.audit, clock: ctx.clock, dialect: ctx.database.dialect }).verify(
      ctx.database.db,
    );

  /** Sign-in, a rename, sign-out, another sign-in: four audit rows, and nothing else writes one here. */
  async function someWrites() {
    const s = await ctx.login('township');
    expect((await s.patch(`/api/org/units/${township.id}`, { name: '张庄镇' })).statusCode).toBe(200);
    expect((await s.post('/api/auth/logout')).statusCode).toBe(204);
    await ctx.login('secretary01');
  }

  /** Edits the table the way someone with file or superuser access would: around the append-only trigger. */
  async function tamper(...statements: string[]) {
    const { db, dialect } = ctx.database;
    if (dialect === 'postgres') {
      await sql.raw('alter table audit_log disable trigger user').execute(db);
      for (const statement of statements) await sql.raw(statement).execute(db);
      await sql.raw('alter table audit_log enable trigger user').execute(db);
    } else {
      await sql.raw('drop trigger audit_log_no_update').execute(db);
      await sql.raw('drop trigger audit_log_no_delete').execute(db);
      for (const statement of statements) await sql.raw(statement).execute(db);
    }
  }

  it('records sign-ins, changes and logouts with actor, IP and old → new, and the chain verifies', async () => {
    await someWrites();
    const rows = await ctx.database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['auth.login', 'org.unit_update', 'auth.logout', 'auth.login']);
    const change = rows[1]!;
    expect(change).toMatchObject({
      actor_name: 'township',
      object_type: 'org_unit',
      object_id: String(township.id),
      ip: '127.0.0.1',
      result: 'ok',
    });
    expect(JSON.parse(change.old_value!)).toEqual({ name: '张庄镇' });
    expect(JSON.parse(change.new_value!)).toEqual({ name: '张庄镇' });
    expect(rows.every((r, i) => i === 0 || r.prev_hash === rows[i - 1]!.hash)).toBe(true);
    expect(await verify()).toEqual({ ok: true, rows: 4 });
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
    const rename = (
      await ctx.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'org.unit_update')
        .executeTakeFirstOrThrow()
    ).id;
    await tamper(`update audit_log set new_value = '{"name":"改过"}' where id = ${rename}`);
    expect(await verify()).toMatchObject({ ok: false, firstBad: { id: rename, reason: 'content changed' } });
  });

  it('a deleted row is caught at the row after it', async () => {
    await someWrites();
    const ids = await auditIds();
    await tamper(`delete from audit_log where id = ${ids[1]}`);
    expect(await verify()).toMatchObject({ ok: false, firstBad: { id: ids[2], reason: 'broken link' } });
  });

  it('two rows swapped are caught at the first of them', async () => {
    await someWrites();
    const ids = await auditIds();
    const [a, b] = [ids[1]!, ids[2]!];
    await tamper(
      `update audit_log set id = -1 where id = ${a}`,
      `update audit_log set id = ${a} where id = ${b}`,
      `update audit_log set id = ${b} where id = -1`,
    );
    expect(await verify()).toMatchObject({ ok: false, firstBad: { id: a, reason: 'broken link' } });
  });

  const auditIds = async () =>
    (await ctx.database.db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);
});

describe('an audit row that cannot be written', () => {
  it('takes the change down with it: the caller gets a 500 and nothing is changed', async () => {
    const lines: string[] = [];
    const log = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const w = await createWorld({ logger: { level: 'error', stream: log } });
    try {
      const township = await w.township({ name: '张庄镇' });
      const admin = await w.user({ role: 'township_admin', unit: township });
      const s = await w.login(admin);
      const before = await w.database.db.selectFrom('audit_log').select('id').execute();
      // The audit table refuses every new row, as a full disk or a broken trigger would.
      if (w.database.dialect === 'postgres') {
        await sql
          .raw(
            `create function audit_log_refuse() returns trigger language plpgsql as
             $$ begin raise exception 'audit unavailable'; end $$`,
          )
          .execute(w.database.db);
        await sql
          .raw(
            'create trigger audit_log_refuse before insert on audit_log execute function audit_log_refuse()',
          )
          .execute(w.database.db);
      } else {
        await sql
          .raw(
            "create trigger audit_log_refuse before insert on audit_log begin select raise(abort, 'audit unavailable'); end",
          )
          .execute(w.database.db);
      }
      const res = await s.patch(`/api/org/units/${township.id}`, { name: '改名镇' });
      expect(res.statusCode).toBe(500);
      const unit = await w.database.db
        .selectFrom('org_units')
        .select('name')
        .where('id', '=', township.id)
        .executeTakeFirstOrThrow();
      expect(unit.name).toBe('张庄镇');
      expect(await w.database.db.selectFrom('audit_log').select('id').execute()).toEqual(before);
      expect(lines.join('')).toContain('audit unavailable');
    } finally {
      await w.close();
    }
  });
});
