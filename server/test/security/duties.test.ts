import { BUILTIN_ROLES, mixesDuties } from '@fivestar/common';
import { afterEach, describe, expect, it } from 'vitest';
import { syncBuiltinRoles } from '../../src/modules/users/index.ts';
import { createWorld, type World } from '../builders.ts';

/** docs/security.md item 13: user administration, audit reading and the business work are separate duties. */
describe('separated duties', () => {
  let w: World;
  afterEach(async () => w?.close());

  it('no built-in role holds user administration together with audit reading', () => {
    const mixed = BUILTIN_ROLES.filter((r) => mixesDuties(r.permissions)).map((r) => r.code);
    expect(mixed).toEqual([]);
    expect(mixesDuties(['user:admin', 'audit:read'])).toBe(true);
  });

  it('a role added to the table with both duties stops the role sync (start-up)', async () => {
    w = await createWorld();
    await w.database.db
      .insertInto('roles')
      .values({
        code: 'super_admin',
        name_zh: '超级管理员',
        name_en: 'Super',
        permissions: JSON.stringify(['user:read', 'user:admin', 'audit:read']),
        builtin: 0,
      })
      .execute();
    await expect(syncBuiltinRoles(w.database.db)).rejects.toThrow(/separated duties: role\(s\) super_admin/);
  });

  it('the township administrator cannot disable, reset, re-role or create an auditor; each attempt is audited', async () => {
    w = await createWorld();
    const village = await w.village();
    const admin = await w.user({ role: 'township_admin', unit: village.township, username: 'township' });
    const auditor = await w.user({ role: 'auditor', unit: village.township, username: 'auditor' });
    const s = await w.login(admin);

    const disable = await s.patch(`/api/users/${auditor.id}`, { status: 'disabled' });
    expect(disable.statusCode).toBe(403);
    const reset = await s.post(`/api/users/${auditor.id}/reset-password`, { password: 'Another-Pass-2026!' });
    expect(reset.statusCode).toBe(403);
    const rerole = await s.patch(`/api/users/${auditor.id}`, { role: 'grid_worker' });
    expect(rerole.statusCode).toBe(403);
    const create = await s.post('/api/users', {
      username: 'auditor2',
      displayName: '第二审计员',
      role: 'auditor',
      unitId: village.township.id,
      password: 'Auditor-Pass-2026!',
    });
    expect(create.statusCode).toBe(400);
    expect(create.json().error.fields[0].path).toBe('role');

    // Nothing changed: the auditor still signs in with the old password and reads the log.
    const a = await w.login(auditor);
    expect((await a.get('/api/audit')).statusCode).toBe(200);
    // The administrator does not read the audit log.
    expect((await s.get('/api/audit')).statusCode).toBe(403);

    const denied = await w.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'object_id', 'result'])
      .where('result', '=', 'denied')
      .orderBy('id')
      .execute();
    expect(denied).toEqual([
      { action: 'user.update', actor_name: 'township', object_id: String(auditor.id), result: 'denied' },
      {
        action: 'user.password_reset',
        actor_name: 'township',
        object_id: String(auditor.id),
        result: 'denied',
      },
      { action: 'user.update', actor_name: 'township', object_id: String(auditor.id), result: 'denied' },
    ]);
  });
});
