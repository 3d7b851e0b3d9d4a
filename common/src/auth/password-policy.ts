/**
 * Password policy: 12–128 characters, at least 3 of 4 classes (lower, upper, digit, symbol) — 等保 complexity —
 * and not on the blocklist of common passwords (ASVS 2.1.7).
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

const BLOCKLIST = new Set(
  [
    'aa123456789!',
    'password1234',
    'password123!',
    'passw0rd1234',
    'qwerty123456',
    'admin1234567',
    'admin@123456',
    'abc123456789',
    'p@ssw0rd1234',
    'welcome12345',
    'iloveyou1234',
    '1qaz2wsx3edc',
    '1qaz@wsx3edc',
    'qwer1234asdf',
    'zhangsan1234',
  ].map((p) => p.toLowerCase()),
);

export type PasswordProblem =
  'too_short' | 'too_long' | 'too_simple' | 'blocklisted' | 'trivial' | 'contains_username';

/** Rows of the keyboard and the alphabet and digits, forwards; a password may not hold 5 or more in a row of
 * any of them (either direction): `qwerty`, `asdfg`, `12345`, `abcde`, `98765`. */
const SEQUENCES = [
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  '1qaz2wsx3edc',
];
const RUN = 5;

/** Trivial patterns a composition rule lets through: one character 4+ times in a row (`aaaaaaaaaaaA1`), fewer
 * than 6 distinct characters, or a keyboard/alphabet/digit run of 5 (`Qwerty123456!`). */
export function isTrivialPassword(pw: string): boolean {
  const lower = pw.toLowerCase();
  if (/(.)\1{3}/u.test(lower)) return true;
  if (new Set(lower).size < 6) return true;
  for (const seq of SEQUENCES) {
    for (const line of [seq, [...seq].reverse().join('')]) {
      for (let i = 0; i + RUN <= line.length; i++) if (lower.includes(line.slice(i, i + RUN))) return true;
    }
  }
  return false;
}

/** The first rule a password breaks, or null. With `username`, a password containing it (any case) is refused. */
export function passwordProblem(pw: string, context: { username?: string } = {}): PasswordProblem | null {
  if (pw.length < PASSWORD_MIN) return 'too_short';
  if (pw.length > PASSWORD_MAX) return 'too_long';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(pw)).length;
  if (classes < 3) return 'too_simple';
  if (BLOCKLIST.has(pw.toLowerCase())) return 'blocklisted';
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && pw.toLowerCase().includes(username)) return 'contains_username';
  if (isTrivialPassword(pw)) return 'trivial';
  return null;
}
