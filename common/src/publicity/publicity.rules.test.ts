import { describe, expect, it } from 'vitest';
import { calendarOf } from '../calendar/calendar.rules.ts';
import { maskContact, publicityEndsOn, publicityStatus } from './publicity.rules.ts';

const cal = calendarOf([
  { date: '2026-10-01', kind: 'holiday' },
  { date: '2026-10-02', kind: 'holiday' },
  { date: '2026-10-10', kind: 'workday' },
]);

describe('publicity rules', () => {
  it('ends the window on the n-th working day after the start, skipping weekends and holidays', () => {
    expect(publicityEndsOn('2026-11-02', 5, cal)).toBe('2026-11-09');
    expect(publicityEndsOn('2026-11-06', 1, cal)).toBe('2026-11-09');
    // 1–2 October off, the 10th (a Saturday) worked.
    expect(publicityEndsOn('2026-09-30', 3, cal)).toBe('2026-10-07');
    expect(publicityEndsOn('2026-10-08', 2, cal)).toBe('2026-10-10');
  });

  it('is open through the whole of its last day in China', () => {
    const lastEvening = Date.parse('2026-11-09T15:59:59Z'); // 23:59:59 in China
    expect(publicityStatus('2026-11-09', lastEvening)).toBe('open');
    expect(publicityStatus('2026-11-09', lastEvening + 1000)).toBe('ended');
  });

  it('masks a mobile number and any other contact', () => {
    expect(maskContact('13812345678')).toBe('138****5678');
    expect(maskContact('zhang@example.cn')).toBe('z******n');
    expect(maskContact('老张')).toBe('**');
    expect(maskContact('王')).toBe('*');
  });
});
