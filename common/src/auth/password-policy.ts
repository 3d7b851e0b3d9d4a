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

export type PasswordProblem = 'too_short' | 'too_long' | 'too_simple' | 'blocklisted';

export function passwordProblem(pw: string): PasswordProblem | null {
  if (pw.length < PASSWORD_MIN) return 'too_short';
  if (pw.length > PASSWORD_MAX) return 'too_long';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(pw)).length;
  if (classes < 3) return 'too_simple';
  if (BLOCKLIST.has(pw.toLowerCase())) return 'blocklisted';
  return null;
}
