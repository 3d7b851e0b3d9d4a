import { describe, expect, it } from 'vitest';
import { chunk, groupBy } from './collections.ts';

describe('groupBy', () => {
  it('keeps the rows’ order in each group and the groups in the order their keys first appear', () => {
    const rows = [
      { unit: 2, n: 'a' },
      { unit: 1, n: 'b' },
      { unit: 2, n: 'c' },
    ];
    const groups = groupBy(rows, (r) => r.unit);
    expect([...groups.keys()]).toEqual([2, 1]);
    expect(groups.get(2)!.map((r) => r.n)).toEqual(['a', 'c']);
    expect(groups.get(1)!.map((r) => r.n)).toEqual(['b']);
    expect(groupBy([], (r: number) => r).size).toBe(0);
  });
});

describe('chunk', () => {
  it('cuts the items into runs of the given size, the last one shorter, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([1, 2], 5)).toEqual([[1, 2]]);
    expect(chunk([], 3)).toEqual([]);
  });
  it('refuses a size that would never end or cut nothing', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
    expect(() => chunk([1], 1.5)).toThrow(RangeError);
  });
});
