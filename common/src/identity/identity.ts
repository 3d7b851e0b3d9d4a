/**
 * Chinese resident identity numbers (GB 11643-1999) and mobile phone numbers: validation and masking.
 * Masking formats are the project's choice (docs/security.md item 16): 410926********1234 and 138****5678.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character (0-9 or X) for the first 17 digits of an ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdNumberProblem = 'format' | 'birth_date' | 'checksum';

/** Why an ID number is invalid, or null when it is valid (18 characters, a real birth date that is not after
 * `today`, correct check digit). */
export function idNumberProblem(raw: string, today: Date = new Date()): IdNumberProblem | null {
  const id = raw.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return 'birth_date';
  }
  // Nobody is born in the future (the probe stored a birth date of 2099).
  if (date.getTime() > Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) {
    return 'birth_date';
  }
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return 'checksum';
  return null;
}

export function isValidIdNumber(raw: string): boolean {
  return idNumberProblem(raw) === null;
}

/** Normalises (upper-case X, trimmed) an ID number. */
export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** 410926199001011234 → 410926********1234 */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

export const MOBILE_RE = /^1[3-9]\d{9}$/;

export function isValidMobile(raw: string): boolean {
  return MOBILE_RE.test(raw);
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

/** Birth date (YYYY-MM-DD) and gender encoded in a valid ID number. */
export function idNumberFacts(id: string): { birthDate: string; gender: 'male' | 'female' } {
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}
