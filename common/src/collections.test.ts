import { describe, expect, it } from 'vitest';
import { groupBy } from './collections.ts';

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
