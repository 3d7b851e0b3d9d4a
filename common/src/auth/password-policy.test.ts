import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';

describe('password policy', () => {
  it('needs 12–128 characters, three of four classes, and not a common password', () => {
    expect(passwordProblem('Ab1!Ab1!Ab1')).toBe('too_short');
    expect(passwordProblem('Ab1!'.repeat(33))).toBe('too_long');
    expect(passwordProblem('abcdefghijkl')).toBe('too_simple');
    expect(passwordProblem('abcdefghijk1')).toBe('too_simple');
    expect(passwordProblem('Aa123456789!')).toBe('blocklisted');
    expect(passwordProblem('Lkjfhwe-Gorp7')).toBeNull();
    expect(passwordProblem('Demo-Pass-2026!')).toBeNull();
  });

  // Issue 13 item 8: the probe's passwords that the composition rule let through.
  it('refuses trivial patterns: repeats, few distinct characters, keyboard and counting runs', () => {
    expect(passwordProblem('aaaaaaaaaaaA1')).toBe('trivial');
    expect(passwordProblem('Qwerty123456!')).toBe('trivial');
    expect(passwordProblem('Abcdefghijk1')).toBe('trivial');
    expect(passwordProblem('Ab1!Ab1!Ab1!Ab1!')).toBe('trivial'); // 4 distinct characters
    expect(passwordProblem('Zuo-98765-Lan')).toBe('trivial'); // a descending run
    expect(passwordProblem('Zuo-Lan-Ye-2026')).toBeNull();
  });

  it('refuses a password that contains the username, in any case', () => {
    expect(passwordProblem('Township-2026!', { username: 'township' })).toBe('contains_username');
    expect(passwordProblem('My-TOWNSHIP-key9', { username: 'township' })).toBe('contains_username');
    expect(passwordProblem('Zuo-Lan-Ye-2026', { username: 'township' })).toBeNull();
  });
});
