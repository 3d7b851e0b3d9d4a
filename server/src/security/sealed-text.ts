import { maskPersonalNumber, replacePersonalNumbers, SEALED_RE } from '@fivestar/common';
import { decryptField, encryptField, type Keys } from './crypto.ts';

/**
 * Personal numbers in free text (docs/security.md item 16). At write time each ID number or mobile number found in a
 * `freeText()` field is replaced by a sealed token ⟦pii:…⟧ holding it encrypted with the personal-data key, so the
 * database (and its WAL, backups and audit rows) never holds it in clear. On the way out every token becomes the
 * masked number, or the original for a reader holding `pii:view`: JSON answers in one hook (app.ts), files (Excel
 * exports) through `openDeep` before the workbook is built.
 */
export function sealText(keys: Keys, text: string): string {
  return replacePersonalNumbers(text, (n) => `⟦pii:${encryptField(keys.pii, n.value)}⟧`);
}

/** A text with its sealed numbers opened: masked, or the original when `reveal`. */
export function openText(keys: Keys, text: string, reveal: boolean): string {
  if (!text.includes('⟦pii:')) return text;
  return text.replace(SEALED_RE, (_token, sealed: string) => {
    try {
      const original = decryptField(keys.pii, sealed);
      return reveal ? original : maskPersonalNumber(original);
    } catch {
      return '****';
    }
  });
}

/** Every string inside a value opened (objects and arrays copied, the rest kept). */
export function openDeep<T>(keys: Keys, value: T, reveal: boolean): T {
  if (typeof value === 'string') return openText(keys, value, reveal) as T;
  if (Array.isArray(value)) return value.map((v) => openDeep(keys, v, reveal)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, openDeep(keys, v, reveal)])) as T;
  return value;
}

/** Whether a reader sees the numbers in free text unmasked. */
export const revealsText = (user: { permissions: readonly string[] } | null | undefined) =>
  !!user?.permissions.includes('pii:view');
