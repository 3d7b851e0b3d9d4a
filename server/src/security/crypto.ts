import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Keys derived from the one instance secret (FIVESTAR_SECRET or data/secret.key — never stored in the database):
 * field encryption of personal data (AES-256-GCM), keyed lookup hashes, and the audit chain's HMAC.
 */
export interface Keys {
  pii: Buffer;
  lookup: Buffer;
  audit: Buffer;
}

export function deriveKeys(secret: Buffer): Keys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'fivestar', info, 32));
  return { pii: derive('pii-encryption'), lookup: derive('pii-lookup'), audit: derive('audit-chain') };
}

/** Encrypts a field: base64(iv | tag | ciphertext). */
export function encryptField(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function decryptField(key: Buffer, stored: string): string {
  const raw = Buffer.from(stored, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export function lookupHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** scrypt cost; tests lower it through buildApp's options so a suite stays fast. */
export interface HashCost {
  N: number;
  r: number;
  p: number;
}
export const DEFAULT_HASH_COST: HashCost = { N: 32768, r: 8, p: 1 };

function scryptAsync(password: string, salt: Buffer, cost: HashCost): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `$scrypt$N=…,r=…,p=…$salt$hash` */
export async function hashPassword(password: string, cost: HashCost = DEFAULT_HASH_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, cost);
  return `$scrypt$N=${cost.N},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = /^\$scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/.exec(stored);
  if (!m) return false;
  const cost = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const expected = Buffer.from(m[5]!, 'base64');
  const actual = await scryptAsync(password, Buffer.from(m[4]!, 'base64'), cost);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
