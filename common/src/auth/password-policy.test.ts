import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';

describe('password policy', () => {
  it('needs 12–128 characters, three of four classes, and not a common password', () => {
    expect(passwordProblem('Ab1!Ab1!Ab1')).toBe('too_short');
    expect(passwordProblem('Ab1!'.repeat(33))).toBe('too_long');
    expect(passwordProblem('abcdefghijkl')).toBe('too_simple');
    expect(passwordProblem('abcdefghijk1')).toBe('too_simple');
    expect(passwordProblem('Aa123456789!')).toBe('blocklisted');
    expect(passwordProblem('Abcdefghijk1')).toBeNull();
    expect(passwordProblem('Demo-Pass-2026!')).toBeNull();
  });
});
