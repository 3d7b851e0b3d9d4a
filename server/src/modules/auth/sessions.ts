import type { OrgLevel, Permission } from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import { prepared } from '../../db/prepared.ts';
import type { Database } from '../../db/schema.ts';
import type { ResolvedSession } from '../../http/access.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { randomToken, sha256 } from '../../security/crypto.ts';

/**
 * THE session cookie's name — every reader and writer calls this. Behind TLS (COOKIE_SECURE=true) it carries the
 * `__Host-` prefix, which browsers accept only with Secure, Path=/ and no Domain, so no sibling host or plain-http
 * page can set or shadow it (ASVS 3.4.4). Over plain http on a township LAN browsers drop Secure cookies, so the
 * plain name stays there.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-fivestar_sid' : 'fivestar_sid';
}
/** The cookie of a device remembered for the second step (same prefix rule as the session's). */
export function deviceCookieName(secure: boolean): string {
  return secure ? '__Host-fivestar_device' : 'fivestar_device';
}
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export type Resolved = ResolvedSession;

function currentUserQuery(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .innerJoin('roles as r', 'r.code', 'u.role_code')
    .innerJoin('org_units as o', 'o.id', 'u.org_unit_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.status',
      'u.password_changed_at',
      'u.must_change_password',
      'r.code as role',
      'r.name_zh',
      'r.name_en',
      'r.permissions',
      'o.id as unit_id',
      'o.name as unit_name',
      'o.level as unit_level',
      'o.path as unit_path',
    ]);
}

type CurrentUserRow = Awaited<ReturnType<ReturnType<typeof currentUserQuery>['executeTakeFirstOrThrow']>>;

/** Default maximum password age (docs/security.md item 8; FIVESTAR_PASSWORD_MAX_AGE_DAYS). */
export const DEFAULT_PASSWORD_MAX_AGE_MS = 90 * 24 * 60 * 60 * 1000;

/** A password must be changed when an administrator reset it or it is older than the maximum age. */
export function passwordMustChange(
  row: { password_changed_at: number; must_change_password: number },
  now: number,
  maxAgeMs: number,
): boolean {
  return row.must_change_password === 1 || now - row.password_changed_at > maxAgeMs;
}

export type MfaPending = 'verify' | 'enrol' | null;

function toCurrentUser(
  row: CurrentUserRow,
  mustChangePassword = false,
  mfaPending: MfaPending = null,
): CurrentUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    roleName: row.name_zh,
    roleNameEn: row.name_en,
    permissions: JSON.parse(row.permissions) as Permission[],
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitLevel: row.unit_level as OrgLevel,
    unitPath: row.unit_path,
    mustChangePassword,
    mfaPending,
  };
}

/** Loads the caller (user, role, permissions, unit) for a user id; null when the user is not active. With a clock
 * reading and the maximum age, `mustChangePassword` is worked out too (else false). */
export async function loadCurrentUser(
  db: Db,
  userId: number,
  passwordAge?: { now: number; maxAgeMs: number },
): Promise<CurrentUser | null> {
  const row = await currentUserQuery(db).where('u.id', '=', userId).executeTakeFirst();
  if (!row || row.status !== 'active') return null;
  return toCurrentUser(
    row,
    passwordAge ? passwordMustChange(row, passwordAge.now, passwordAge.maxAgeMs) : false,
  );
}

/** Every request: the session and its user in one read. */
const sessionWithUser = prepared<{ idHash: string }, CurrentUserRow & SessionFields>((db, arg) =>
  currentUserQuery(db)
    .innerJoin('sessions as s', 's.user_id', 'u.id')
    .select(['s.created_at', 's.last_seen_at', 's.csrf_token', 's.mfa_pending'])
    .where('s.id_hash', '=', arg('idHash')),
);
type SessionFields = {
  created_at: number;
  last_seen_at: number;
  csrf_token: string;
  mfa_pending: string | null;
};

/** Sessions live in the database (several server processes can share one PostgreSQL); the cookie holds a random id
 * and the table only its hash. */
export function createSessionStore({
  db,
  clock,
  passwordMaxAgeMs = DEFAULT_PASSWORD_MAX_AGE_MS,
}: {
  db: Db;
  clock: Clock;
  passwordMaxAgeMs?: number;
}) {
  return {
    passwordMaxAgeMs,

    /** A new session; `mfaPending` when it still owes its second step (it then reaches only MFA_PENDING_ROUTES). */
    async create(userId: number, ip: string | null, mfaPending: MfaPending = null) {
      const id = randomToken();
      const csrfToken = randomToken();
      const now = clock.now();
      await db
        .insertInto('sessions')
        .values({
          id_hash: sha256(id),
          user_id: userId,
          csrf_token: csrfToken,
          created_at: now,
          last_seen_at: now,
          ip,
          mfa_pending: mfaPending,
        })
        .execute();
      return { id, csrfToken };
    },

    async resolve(cookie: string): Promise<Resolved> {
      const idHash = sha256(cookie);
      const row = await sessionWithUser.first(db, { idHash });
      if (!row) return { kind: 'none' };
      const now = clock.now();
      if (now - row.last_seen_at > IDLE_TIMEOUT_MS || now - row.created_at > ABSOLUTE_TIMEOUT_MS) {
        await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
        return { kind: 'expired' };
      }
      if (row.status !== 'active') {
        await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
        return { kind: 'none' };
      }
      if (now - row.last_seen_at > TOUCH_INTERVAL_MS) {
        await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
      }
      return {
        kind: 'ok',
        user: toCurrentUser(
          row,
          passwordMustChange(row, now, passwordMaxAgeMs),
          row.mfa_pending as MfaPending,
        ),
        idHash,
        csrfToken: row.csrf_token,
      };
    },

    async destroy(idHash: string) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    async destroyAllFor(userId: number, exceptIdHash?: string) {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
      await q.execute();
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
