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
