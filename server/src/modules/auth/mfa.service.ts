import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { AppError } from '../../http/errors.ts';
import {
  decryptField,
  encryptField,
  lookupHash,
  randomToken,
  sha256,
  type Keys,
} from '../../security/crypto.ts';
import type { AuditService } from '../audit/index.ts';
import { loadCurrentUser, type MfaPending, type SessionStore } from './sessions.ts';
import { countFailure } from './lockout.ts';

const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'FiveStar';
/** 32 letters and digits without 0/O and 1/I, so a code read from paper is typed right: 5 bits a character. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function totpOf(secretBase32: string, username: string) {
  return new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A recovery code: ten characters (50 random bits), shown as `XXXXX-XXXXX`. */
function newRecoveryCode(): string {
  let code = '';
  for (const b of randomBytes(10)) code += RECOVERY_ALPHABET[b % 32];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Case, spaces and dashes do not matter when a recovery code is typed. */
const normaliseRecovery = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

/**
 * The second factor (docs/security.md item 4): TOTP (RFC 6238, 6 digits, 30 s, one step either side) for the roles
 * the settings list. The secret is stored encrypted; each accepted code raises `last_step`, so no code works twice;
 * recovery codes are stored as keyed hashes and used once; a device that passed may skip the step for
 * `rememberDays` (its cookie a random id, the table its hash; forgotten on request). Wrong codes count towards the
 * same lock as wrong passwords, and every attempt is audited.
 */
export function createMfaService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  keys: Keys;
  sessions: SessionStore;
  roles: readonly string[];
  rememberDays: number;
}) {
  const { db, clock, audit, keys, sessions } = deps;
  const recoveryHash = (code: string) => lookupHash(keys.lookup, `mfa-recovery:${normaliseRecovery(code)}`);
  const rememberMs = deps.rememberDays * 86_400_000;

  const totpRow = (userId: number) =>
    db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();

  /** The 30-second step a code belongs to, or null when it is not the code of now or the step either side. */
  function stepOf(row: { secret_enc: string }, username: string, code: string, now: number): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const delta = totpOf(decryptField(keys.pii, row.secret_enc), username).validate({
      token: code,
      timestamp: now,
      window: 1,
    });
    return delta === null ? null : Math.floor(now / 30_000) + delta;
  }

  const entry = (user: CurrentUser, action: string, ip: string | null) => ({
    actorId: user.id,
    actorName: user.username,
    action,
    objectType: 'user',
    objectId: user.id,
    ip,
  });

  /** A wrong code: counted with wrong passwords; the fifth locks the account and ends its sessions. */
  async function refuse(user: CurrentUser, ip: string | null): Promise<never> {
    const now = clock.now();
    const lock = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('users')
        .select(['failed_logins', 'locked_until'])
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      return countFailure(trx, audit, {
        account: { id: user.id, username: user.username, ...row },
        now,
        ip,
        reason: 'mfa',
        failure: { ...entry(user, 'auth.mfa', ip), result: 'fail' },
      });
    });
    if (lock) {
      await sessions.destroyAllFor(user.id);
      throw new AppError('account_locked');
    }
    throw new AppError('validation_failed', 'mfa.wrong_code', [{ path: 'code', message: 'mfa.wrong_code' }]);
  }

  async function refuseIfLocked(user: CurrentUser, ip: string | null) {
    const row = await db
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', user.id)
      .executeTakeFirst();
    if (row?.locked_until != null && row.locked_until > clock.now()) {
      await audit.record(db, { ...entry(user, 'auth.mfa', ip), result: 'locked' });
      await sessions.destroyAllFor(user.id);
      throw new AppError('account_locked');
    }
  }

  /** The pending session is replaced by a full one under a new id (no fixation across the step). */
  async function upgrade(user: CurrentUser, pendingIdHash: string, ip: string | null) {
    await sessions.destroy(pendingIdHash);
    const session = await sessions.create(user.id, ip);
    const current = await loadCurrentUser(db, user.id, {
      now: clock.now(),
      maxAgeMs: sessions.passwordMaxAgeMs,
    });
    return { session, user: current! };
  }

  return {
    rememberMs,

    /** What a sign-in with the right password still owes: nothing, a code, or setting up the app first. */
    async owedAtSignIn(userId: number, role: string, deviceToken: string | undefined): Promise<MfaPending> {
      if (!deps.roles.includes(role)) return null;
      const row = await totpRow(userId);
      if (row?.confirmed_at == null) return 'enrol';
      if (deviceToken && rememberMs > 0) {
        const device = await db
          .selectFrom('mfa_devices')
          .select('expires_at')
          .where('id_hash', '=', sha256(deviceToken))
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (device && device.expires_at > clock.now()) return null;
      }
      return 'verify';
    },

    /** The second step: a code from the app or an unused recovery code; `remember` keeps this device for a while. */
    async verify(
      user: CurrentUser,
      pendingIdHash: string,
      code: string,
      remember: boolean,
      ip: string | null,
    ) {
      if (user.mfaPending !== 'verify') throw new AppError('conflict', 'mfa.not_pending');
      await refuseIfLocked(user, ip);
      const row = await totpRow(user.id);
      if (row?.confirmed_at == null) throw new AppError('conflict', 'mfa.not_pending');
      const now = clock.now();
      let via: 'totp' | 'recovery' | null = null;
      const step = stepOf(row, user.username, code, now);
      if (step !== null) {
        // Raised only forwards: the same code (or an older one) is never accepted again.
        const res = await db
          .updateTable('user_totp')
          .set({ last_step: step })
          .where('user_id', '=', user.id)
          .where('last_step', '<', step)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 1) via = 'totp';
      } else if (!/^\d+$/.test(code)) {
        const res = await db
          .updateTable('mfa_recovery_codes')
          .set({ used_at: now })
          .where('user_id', '=', user.id)
          .where('code_hash', '=', recoveryHash(code))
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 1) via = 'recovery';
      }
      if (!via) return refuse(user, ip);
      const device = remember && rememberMs > 0 ? randomToken() : null;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ failed_logins: 0, last_login_at: now })
          .where('id', '=', user.id)
          .execute();
        if (device) {
          await trx
            .insertInto('mfa_devices')
            .values({
              id_hash: sha256(device),
              user_id: user.id,
              created_at: now,
              expires_at: now + rememberMs,
              ip,
            })
            .execute();
        }
        await audit.record(trx, { ...entry(user, 'auth.mfa', ip), newValue: { via, remember: !!device } });
      });
      return { ...(await upgrade(user, pendingIdHash, ip)), device };
    },

    /** A new secret for the app, while none is confirmed (a pending one is replaced). */
    async enrol(user: CurrentUser, ip: string | null) {
      const existing = await totpRow(user.id);
      if (existing?.confirmed_at != null) throw new AppError('conflict', 'mfa.already_enrolled');
      const secret = new Secret({ size: 20 }).base32;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('user_totp').where('user_id', '=', user.id).execute();
        await trx
          .insertInto('user_totp')
          .values({
            user_id: user.id,
            secret_enc: encryptField(keys.pii, secret),
            confirmed_at: null,
            last_step: 0,
            created_at: clock.now(),
          })
          .execute();
        await audit.record(trx, { ...entry(user, 'auth.mfa_enrol', ip), newValue: { stage: 'secret' } });
      });
      const uri = totpOf(secret, user.username).toString();
      const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
      return { secret, uri, qrSvg };
    },

    /** The first code confirms the app; the recovery codes are made now and answered this once. */
    async confirm(user: CurrentUser, sessionIdHash: string, code: string, ip: string | null) {
      await refuseIfLocked(user, ip);
      const row = await totpRow(user.id);
      if (!row) throw new AppError('conflict', 'mfa.no_enrolment');
      if (row.confirmed_at != null) throw new AppError('conflict', 'mfa.already_enrolled');
      const now = clock.now();
      const step = stepOf(row, user.username, code, now);
      if (step === null) return refuse(user, ip);
      const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('user_totp')
          .set({ confirmed_at: now, last_step: step })
          .where('user_id', '=', user.id)
          .execute();
        await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', user.id).execute();
        await trx
          .insertInto('mfa_recovery_codes')
          .values(recoveryCodes.map((c) => ({ user_id: user.id, code_hash: recoveryHash(c), used_at: null })))
          .execute();
        await trx
          .updateTable('users')
          .set({ failed_logins: 0, last_login_at: now })
          .where('id', '=', user.id)
          .execute();
        await audit.record(trx, { ...entry(user, 'auth.mfa_enrol', ip), newValue: { stage: 'confirmed' } });
      });
      const done = user.mfaPending
        ? await upgrade(user, sessionIdHash, ip)
        : { session: null, user: (await loadCurrentUser(db, user.id))! };
      return { ...done, recoveryCodes };
    },

    /** Every remembered device of the caller must pass the step again. */
    /**
     * Forgets an account's authenticator, recovery codes and remembered devices, inside the caller's transaction (an
     * administrator's reset for someone who lost both phone and codes): the next sign-in enrols again.
     */
    async clearFor(trx: DbOrTrx, userId: number): Promise<boolean> {
      const had = await trx.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
      await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
      await trx.deleteFrom('mfa_devices').where('user_id', '=', userId).execute();
      return Number(had.numDeletedRows) > 0;
    },

    async forgetDevices(user: CurrentUser, ip: string | null) {
      await db.transaction().execute(async (trx) => {
        const res = await trx.deleteFrom('mfa_devices').where('user_id', '=', user.id).executeTakeFirst();
        await audit.record(trx, {
          ...entry(user, 'auth.mfa_devices_forget', ip),
          newValue: { devices: Number(res.numDeletedRows) },
        });
      });
    },
  };
}

export type MfaService = ReturnType<typeof createMfaService>;
