import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idCheckChar } from './identity.ts';
import {
  findPersonalNumbers,
  freeText,
  mapFreeText,
  maskPersonalNumber,
  replacePersonalNumbers,
} from './free-text.ts';

const VALID_ID = '419901197505051236';
const kinds = (text: string) => findPersonalNumbers(text).map((n) => [n.kind, n.value]);

describe('personal numbers in free text', () => {
  it('finds an ID number only with a valid check digit and a real birth date', () => {
    expect(idCheckChar(VALID_ID.slice(0, 17))).toBe('6');
    expect(kinds(`身份证${VALID_ID}`)).toEqual([['id', VALID_ID]]);
    expect(kinds('身份证419901197505051237')).toEqual([]); // wrong check digit
    expect(kinds('编号419901197513051236')).toEqual([]); // month 13
    expect(kinds('11010519491231002x号')).toEqual([['id', '11010519491231002x']]);
    expect(kinds(`订单9${VALID_ID}`)).toEqual([]); // inside a longer number
  });

  it('finds mainland mobiles inside Chinese text, with +86 or grouped, and not other 11-digit numbers', () => {
    expect(kinds(`身份证${VALID_ID} 电话13987654321，请联系`)).toEqual([
      ['id', VALID_ID],
      ['phone', '13987654321'],
    ]);
    expect(kinds('电话：+86 139-8765-4321。')).toEqual([['phone', '+86 139-8765-4321']]);
    expect(kinds('座机03712345678')).toEqual([]); // a landline
    expect(kinds('12812345678')).toEqual([]); // no such mobile prefix
    expect(kinds('流水号139876543210')).toEqual([]); // 12 digits
    expect(kinds('20260101123')).toEqual([]);
  });

  it('replaces and masks', () => {
    const masked = replacePersonalNumbers(`张三${VALID_ID}，13987654321`, (n) => maskPersonalNumber(n.value));
    expect(masked).toBe('张三419901********1236，139****4321');
    expect(maskPersonalNumber('+86 139-8765-4321')).toBe('139****4321');
  });

  it('freeText() fields are found through wrappers, arrays and records; others are left alone', () => {
    const schema = z.object({
      description: freeText(2000, { min: 1 }),
      note: freeText(500).optional(),
      steps: z.array(z.object({ note: freeText(200) })),
      code: z.string().max(20),
    });
    const value = schema.parse({
      description: 'a 13987654321',
      steps: [{ note: 'b 13987654321' }],
      code: '13987654321',
    });
    mapFreeText(schema, value, (t) => t.replace(/\d+/g, '#'));
    expect(value).toEqual({ description: 'a #', steps: [{ note: 'b #' }], code: '13987654321' });
  });
});
