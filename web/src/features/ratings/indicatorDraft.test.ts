import { describe, expect, it } from 'vitest';
import { defaultRuralStandard, standardDefinitionSchema } from '@fivestar/common';
import {
  addIndicator,
  buildIndicator,
  indicatorErrors,
  moveIndicator,
  nextIndicatorCode,
  removeIndicator,
} from './indicatorDraft';

describe('the standard draft editor', () => {
  it('numbers new codes per star and uses a given suffix', () => {
    const def = defaultRuralStandard();
    expect(nextIndicatorCode(def, 'industry')).toBe('industry.item_1');
    const one = buildIndicator(def, { starCode: 'industry', title: 'A', type: 'boolean', verified: false });
    const def2 = addIndicator(def, one);
    expect(nextIndicatorCode(def2, 'industry')).toBe('industry.item_2');
    expect(nextIndicatorCode(def2, 'industry', ' cooperatives ')).toBe('industry.cooperatives');
  });

  it('builds a numeric indicator the schema accepts and keeps only the fields its type uses', () => {
    const def = defaultRuralStandard();
    const ind = buildIndicator(def, {
      starCode: 'ecology',
      title: ' 垃圾分类覆盖率 ',
      type: 'numeric',
      threshold: 80,
      unit: '%',
      fact: 'branch.member_count',
      op: '=',
      verified: false,
      note: '',
    });
    expect(ind).toMatchObject({
      code: 'ecology.item_1',
      title: '垃圾分类覆盖率',
      threshold: 80,
      unit: '%',
      fact: null,
      op: null,
      minFiles: 0,
      note: null,
    });
    const next = addIndicator(def, ind);
    expect(standardDefinitionSchema.safeParse(next).success).toBe(true);
    // Placed after the last indicator of its own star.
    const pos = next.indicators.findIndex((i) => i.code === ind.code);
    expect(next.indicators[pos - 1]!.starCode).toBe('ecology');
    expect(next.indicators[pos + 1]?.starCode).not.toBe('ecology');
  });

  it('derived indicators default to ≥ and evidence ones to one file', () => {
    const def = defaultRuralStandard();
    const d = buildIndicator(def, {
      starCode: 'safety',
      title: 'x',
      type: 'derived',
      fact: 'branch.grid_workers',
      threshold: 3,
      verified: true,
    });
    expect(d).toMatchObject({ fact: 'branch.grid_workers', op: '>=', threshold: 3, minFiles: 0 });
    const e = buildIndicator(def, { starCode: 'safety', title: 'y', type: 'evidence', verified: true });
    expect(e).toMatchObject({ minFiles: 1, threshold: null, unit: null });
  });

  it('removes and moves indicators within their star', () => {
    const def = defaultRuralStandard();
    const first = def.indicators[0]!;
    const second = def.indicators[1]!;
    expect(first.starCode).toBe(second.starCode);
    const moved = moveIndicator(def, second.code, -1);
    expect(moved.indicators.slice(0, 2).map((i) => i.code)).toEqual([second.code, first.code]);
    expect(moveIndicator(def, first.code, -1)).toBe(def);
    const removed = removeIndicator(def, first.code);
    expect(removed.indicators).toHaveLength(def.indicators.length - 1);
    expect(removed.indicators.some((i) => i.code === first.code)).toBe(false);
  });

  it('puts server field errors on the indicator that was sent at that index', () => {
    const def = defaultRuralStandard();
    const { byCode, other } = indicatorErrors(def, [
      { path: 'definition.indicators.2.fact', message: '未登记的系统事实' },
      { path: 'definition.indicators.2.threshold', message: '缺少' },
      { path: 'definition.noticeWorkingDays', message: '过大' },
      { path: 'definition.indicators.999.title', message: '?' },
    ]);
    expect(byCode).toEqual({
      [def.indicators[2]!.code]: [
        { field: 'fact', message: '未登记的系统事实' },
        { field: 'threshold', message: '缺少' },
      ],
    });
    expect(other.map((f) => f.path)).toEqual([
      'definition.noticeWorkingDays',
      'definition.indicators.999.title',
    ]);
  });
});
