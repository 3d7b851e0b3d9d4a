import { existsSync, readFileSync } from 'node:fs';
import { mkdirDurably, writeDurably } from './files/durable.ts';
import { join } from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import type { Env } from './config/env.ts';
import { assertDurable, openDatabase, type DbHandle } from './db/database.ts';
import { migrateApp } from './kernel/migrations.ts';
import { syncBuiltinRoles } from './modules/users/index.ts';
import { deriveKeys, type Keys } from './security/crypto.ts';

/** The instance secret: FIVESTAR_SECRET, else `<data dir>/secret.key` (created once, mode 0600). Never in the DB. */
export function loadKeys(env: Pick<Env, 'FIVESTAR_SECRET' | 'FIVESTAR_DATA_DIR'>): Keys {
  if (env.FIVESTAR_SECRET) return deriveKeys(Buffer.from(env.FIVESTAR_SECRET, 'hex'));
  const file = join(env.FIVESTAR_DATA_DIR, 'secret.key');
  if (!existsSync(file)) {
    mkdirDurably(env.FIVESTAR_DATA_DIR);
    writeDurably(file, randomBytes(32).toString('hex') + '\n');
  }
  return deriveKeys(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
}

/** Opens, checks and migrates the configured database. */
export async function openMigrated(env: Env): Promise<DbHandle> {
  const handle = openDatabase(env.DATABASE_URL);
  await assertDurable(handle, env.DATABASE_URL === ':memory:', env.FIVESTAR_UNSAFE_DURABILITY === 'accept');
  await migrateApp(handle);
  await syncBuiltinRoles(handle.db);
  return handle;
}

/** A random password that meets the policy (4 classes, 16 characters). */
export function generatePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#%+=?'];
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  const all = sets.join('');
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
