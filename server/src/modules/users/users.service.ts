import {
  isAuditAccount,
  mixesDuties,
  type OrgLevel,
  type Role,
  type User,
  type UserCreate,
  type UserPatch,
  type UserStatus,
} from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import { hashPassword, verifyPassword, type HashCost } from '../../security/crypto.ts';
import { fetchPage } from '../../db/paginate.ts';
import { containsLike } from '../../security/pinyin.ts';
import { inScope, pathInScope, requireUnitInScope } from '../../security/scope.ts';
import type { AuditService } from '../audit/index.ts';
import { assertPasswordPolicy } from '../auth/index.ts';
import type { MfaService, SessionStore } from '../auth/index.ts';

export function createUsersService(deps: {
  /** The org module's counts hold accounts per unit: a new account or a move changes them. */
  orgChanged: (trx: DbOrTrx) => Promise<void>;
  db: Db;
  audit: AuditService;
  clock: Clock;
  sessions: SessionStore;
  /** The auth module's second factor: an administrator's reset clears it. */
  mfa: Pick<MfaService, 'clearFor'>;
  hashCost: HashCost;
}) {
  const { db, audit, clock, sessions } = deps;

  function userQuery() {
    return db
      .selectFrom('users as u')
      .innerJoin('roles as r', 'r.code', 'u.role_code')
      .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
      .leftJoin('user_totp as m', 'm.user_id', 'u.id')
      .select([
        'm.confirmed_at as authenticator_at',
        'u.id',
        'u.username',
        'u.display_name',
        'u.role_code',
        'r.name_zh as role_name',
        'u.org_unit_id',
        'o.name as unit_name',
        'o.level as unit_level',
        'u.status',
        'u.locked_until',
        'u.last_login_at',
        'u.created_at',
      ]);
  }
  type Row = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;
  const toUser = (r: Row): User => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role_code,
    roleName: r.role_name,
    unitId: r.org_unit_id,
    unitName: r.unit_name,
    unitLevel: r.unit_level as OrgLevel,
    status: r.status,
    locked: r.locked_until !== null && r.locked_until > clock.now(),
    hasAuthenticator: r.authenticator_at !== null,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
  });

  async function get(user: CurrentUser, id: number): Promise<User> {
    const row = await userQuery()
      .where('u.id', '=', id)
      .where(inScope('u.org_unit_id', user))
      .executeTakeFirst();
    if (!row) throw notFound();
    return toUser(row);
  }

  /** A caller may grant only a role whose permissions they hold themselves. */
  async function requireGrantable(user: CurrentUser, roleCode: string) {
    const role = await db.selectFrom('roles').selectAll().where('code', '=', roleCode).executeTakeFirst();
    const perms = role ? (JSON.parse(role.permissions) as string[]) : [];
    if (!role || !perms.every((p) => (user.permissions as string[]).includes(p))) {
      throw new AppError('validation_failed', 'validation_failed', [
        { path: 'role', message: 'user.role_too_strong' },
      ]);
    }
    if (mixesDuties(perms)) {
      throw new AppError('validation_failed', 'validation_failed', [
        { path: 'role', message: 'user.duties_mixed' },
      ]);
    }
    return perms;
  }

  /**
   * Separated duties: a user administrator may not act on an account that reads the audit log (disable it, reset
   * its password, change its role or unit). The attempt is refused with 403 and recorded as `denied`.
   */
  async function refuseAuditAccount(user: CurrentUser, target: User, action: string, ip: string) {
    const role = await db
      .selectFrom('roles')
      .select('permissions')
      .where('code', '=', target.role)
      .executeTakeFirst();
    if (!role || !isAuditAccount(JSON.parse(role.permissions) as string[])) return;
    await audit.record(db, {
      actorId: user.id,
      actorName: user.username,
      action,
      objectType: 'user',
      objectId: target.id,
      newValue: { role: user.role, reason: 'separated_duties' },
      ip,
      result: 'denied',
    });
    throw new AppError('forbidden', 'user.audit_account');
  }

  return {
    get,

    async roles(): Promise<Role[]> {
      const rows = await db.selectFrom('roles').selectAll().orderBy('code').execute();
      return rows.map((r) => ({
        code: r.code,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        permissions: JSON.parse(r.permissions) as Role['permissions'],
      }));
    },

    async list(
      user: CurrentUser,
      query: {
        q?: string;
        role?: string;
        unitId?: number;
        status?: UserStatus;
        page: number;
        pageSize: number;
      },
    ) {
      let q = userQuery().where(pathInScope('o.path', user));
      if (query.role) q = q.where('u.role_code', '=', query.role);
      if (query.unitId) q = q.where('u.org_unit_id', '=', query.unitId);
      if (query.status) q = q.where('u.status', '=', query.status);
      if (query.q) {
        const text = query.q;
        q = q.where((eb) => eb.or([containsLike('u.username', text), containsLike('u.display_name', text)]));
      }
      return fetchPage(q, query, (q) => q.orderBy('u.id'), toUser);
    },

    async create(user: CurrentUser, input: UserCreate, ip: string) {
      await requireUnitInScope(db, user, input.unitId);
      await requireGrantable(user, input.role);
      assertPasswordPolicy(input.password, 'password', input.username);
      const taken = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', input.username)
        .executeTakeFirst();
      if (taken) throw conflict('user.duplicate_username', 'username');
      const hash = await hashPassword(input.password, deps.hashCost);
      const now = clock.now();
      const id = await db.transaction().execute(async (trx) => {
        await deps.orgChanged(trx);
        const row = await trx
          .insertInto('users')
          .values({
            username: input.username,
            display_name: input.displayName,
            password_hash: hash,
            role_code: input.role,
            org_unit_id: input.unitId,
            person_id: null,
            status: 'active',
            failed_logins: 0,
            locked_until: null,
            password_changed_at: now,
            // The administrator chose this password: the user sets their own at the first sign-in.
            must_change_password: 1,
            last_login_at: null,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'user.create',
          objectType: 'user',
          objectId: row.id,
          newValue: { username: input.username, role: input.role, unitId: input.unitId },
          ip,
        });
        return row.id;
      });
      return get(user, id);
    },

    async update(user: CurrentUser, id: number, patch: UserPatch, ip: string) {
      const before = await get(user, id);
      await refuseAuditAccount(user, before, 'user.update', ip);
      if (id === user.id && (patch.role || patch.unitId || patch.status)) {
        throw new AppError('validation_failed', 'user.self_change', [
          { path: 'role', message: 'user.self_change' },
        ]);
      }
      // Only an administrator who could grant the target's current role may change that account.
      await requireGrantable(user, before.role);
      if (patch.role) await requireGrantable(user, patch.role);
      if (patch.unitId) await requireUnitInScope(db, user, patch.unitId);
      const changes = {
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.role !== undefined ? { role_code: patch.role } : {}),
        ...(patch.unitId !== undefined ? { org_unit_id: patch.unitId } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
      };
      if (Object.keys(changes).length === 0) return before;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ ...changes, updated_at: clock.now() })
          .where('id', '=', id)
          .execute();
        if (patch.unitId !== undefined) await deps.orgChanged(trx);
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'user.update',
          objectType: 'user',
          objectId: id,
          oldValue: {
            displayName: before.displayName,
            role: before.role,
            unitId: before.unitId,
            status: before.status,
          },
          newValue: patch,
          ip,
        });
      });
      if (patch.status === 'disabled' || patch.role || patch.unitId) await sessions.destroyAllFor(id);
      return get(user, id);
    },

    async resetPassword(user: CurrentUser, id: number, password: string, ip: string) {
      const target = await get(user, id);
      await refuseAuditAccount(user, target, 'user.password_reset', ip);
      await requireGrantable(user, target.role);
      assertPasswordPolicy(password, 'password', target.username);
      const current = await db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (await verifyPassword(password, current.password_hash)) {
        throw new AppError('validation_failed', 'validation_failed', [
          { path: 'password', message: 'password.same_as_current' },
        ]);
      }
      const hash = await hashPassword(password, deps.hashCost);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            password_hash: hash,
            password_changed_at: clock.now(),
            // The administrator knows this password: the user must set their own at the next sign-in.
            must_change_password: 1,
            failed_logins: 0,
            locked_until: null,
            updated_at: clock.now(),
          })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'user.password_reset',
          objectType: 'user',
          objectId: id,
          ip,
        });
      });
      await sessions.destroyAllFor(id);
    },

    /**
     * Someone lost both their authenticator and their recovery codes: the administrator clears the second factor
     * (same duties and grants as a password reset); the next sign-in enrols a new authenticator.
     */
    async resetMfa(user: CurrentUser, id: number, ip: string) {
      const target = await get(user, id);
      await refuseAuditAccount(user, target, 'user.mfa_reset', ip);
      // One's own second factor is never cleared by oneself: another administrator does it.
      if (id === user.id) {
        throw new AppError('validation_failed', 'user.self_mfa_reset', [
          { path: 'id', message: 'user.self_mfa_reset' },
        ]);
      }
      await requireGrantable(user, target.role);
      await db.transaction().execute(async (trx) => {
        const had = await deps.mfa.clearFor(trx, id);
        await audit.record(trx, {
          actorId: user.id,
          actorName: user.username,
          action: 'user.mfa_reset',
          objectType: 'user',
          objectId: id,
          newValue: { hadAuthenticator: had },
          ip,
        });
      });
      await sessions.destroyAllFor(id);
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
