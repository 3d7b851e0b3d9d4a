import { describe, expect, it } from 'vitest';
import {
  idCheckChar,
  idNumberFacts,
  idNumberProblem,
  maskIdNumber,
  maskPhone,
  isValidMobile,
} from './identity.ts';

describe('GB 11643 ID numbers', () => {
  it('computes the check character, X included', () => {
    // The standard's own worked example: 11010519491231002X
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('11010519491231002x')).toBeNull();
  });
  it('names what is wrong', () => {
    expect(idNumberProblem('110105194912310021')).toBe('checksum');
    expect(idNumberProblem('11010519491331002X')).toBe('birth_date');
    expect(idNumberProblem('110105190002300020')).toBe('birth_date'); // 30 February
    expect(idNumberProblem('1101051949123100')).toBe('format');
    expect(idNumberProblem('01010519491231002X')).toBe('format');
  });
  it('refuses a birth date after today (issue 13: a 2099 birth date was stored)', () => {
    const first17 = '41092620990101123';
    const future = first17 + idCheckChar(first17);
    expect(idNumberProblem(future)).toBe('birth_date');
    const today = new Date(Date.UTC(2026, 5, 15));
    const born = (ymd: string) => {
      const s = `410926${ymd}123`;
      return s + idCheckChar(s);
    };
    expect(idNumberProblem(born('20260615'), today)).toBeNull();
    expect(idNumberProblem(born('20260616'), today)).toBe('birth_date');
  });
  it('reads the birth date and gender', () => {
    expect(idNumberFacts('11010519491231002X')).toEqual({ birthDate: '1949-12-31', gender: 'female' });
  });
  it('masks as 410926********1234 and 138****5678', () => {
    expect(maskIdNumber('410926199001011234')).toBe('410926********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(isValidMobile('13812345678')).toBe(true);
    expect(isValidMobile('12812345678')).toBe(false);
  });
});
