import { describe, expect, it } from 'vitest';
import { wrapUnits } from '../../src/modules/ratings/documents.pdf.ts';

/** One width per character: enough to see where lines break. */
const measure = (s: string) => [...s].length;

describe('the certificate sentence wraps between characters, never inside the star’s name', () => {
  const units = [...'在2026年度“五星”支部创建工作中，经评定，被命名为', '“产业兴旺星”。'];

  it('moves the whole quoted name to the next line when it does not fit', () => {
    const lines = wrapUnits(units, 30, 2, measure);
    expect(lines.join('')).toBe(units.join(''));
    expect(lines.at(-1)).toBe('“产业兴旺星”。');
    expect(lines.every((l, i) => measure(l) <= 30 - (i === 0 ? 2 : 0))).toBe(true);
  });

  it('keeps it on the line when it fits, and every width works', () => {
    for (let width = 8; width <= 60; width++) {
      const lines = wrapUnits(units, width, 2, measure);
      expect(lines.join('')).toBe(units.join(''));
      expect(lines.filter((l) => l.includes('产业兴旺星'))).toHaveLength(1);
      expect(lines.some((l) => l.includes('“产业兴旺星”。'))).toBe(true);
    }
    expect(wrapUnits(units, 60, 2, measure)).toHaveLength(1);
  });
});
