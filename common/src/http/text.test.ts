import { describe, expect, it } from 'vitest';
import { findUnsafeText, textProblem } from './text.ts';

describe('the text rule', () => {
  it('refuses control characters and NUL, allows tab and line breaks', () => {
    expect(textProblem('王德隆村')).toBeNull();
    expect(textProblem('第一行\n第二行\t制表')).toBeNull();
    expect(textProblem('村\u0000名')).toBe('control');
    expect(textProblem('bell\u0007')).toBe('control');
    expect(textProblem('c1\u0085')).toBe('control');
  });

  it('refuses bidirectional overrides and isolates (a file name that reads backwards)', () => {
    expect(textProblem('invoice\u202Efdp.exe')).toBe('bidi');
    expect(textProblem('\u2066name\u2069')).toBe('bidi');
    expect(textProblem('\u200F')).toBe('bidi');
  });

  it('refuses invisible characters, so a reason of four of them is refused', () => {
    expect(textProblem('\u200B\u200C\u200D\u2060')).toBe('invisible');
    expect(textProblem('\uFEFFtext')).toBe('invisible');
  });

  it('finds the path of the first bad string in a nested body', () => {
    expect(findUnsafeText({ a: 'ok', b: [{ c: 'ok' }, { d: 'x\u202Ey' }] })).toEqual({
      path: 'b.1.d',
      problem: 'bidi',
    });
    expect(findUnsafeText({ a: 1, b: null, c: ['fine'] })).toBeNull();
  });
});
