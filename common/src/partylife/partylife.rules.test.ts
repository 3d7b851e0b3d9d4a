import { describe, expect, it } from 'vitest';
import {
  cappedPoints,
  capPeriodKey,
  complianceOf,
  DEFAULT_FREQUENCIES,
  quorumOf,
  quotaFor,
  windowOf,
  windowsIn,
  windowWarning,
} from './partylife.rules.ts';

describe('windows across month, quarter and year ends', () => {
  it('a month window runs to its last day (February of a leap year too)', () => {
    expect(windowOf('month', '2024-02-10')).toEqual({
      key: '2024-02',
      start: '2024-02-01',
      end: '2024-02-29',
    });
    expect(windowOf('month', '2023-02-28')!.end).toBe('2023-02-28');
  });
  it('a quarter holds its three months; the day after a quarter is the next one', () => {
    expect(windowOf('quarter', '2023-03-31')).toEqual({
      key: '2023-Q1',
      start: '2023-01-01',
      end: '2023-03-31',
    });
    expect(windowOf('quarter', '2023-04-01')!.key).toBe('2023-Q2');
    expect(windowOf('quarter', '2023-12-31')!.end).toBe('2023-12-31');
    expect(windowOf('year', '2023-07-01')!.key).toBe('2023');
    expect(windowOf('none', '2023-07-01')).toBeNull();
  });
  it('windows in a range: closed ones end by the last day, the running one is open', () => {
    const m = windowsIn('month', '2023-01-01', '2023-08-06');
    expect(m.closed.map((w) => w.key)).toEqual([
      '2023-01',
      '2023-02',
      '2023-03',
      '2023-04',
      '2023-05',
      '2023-06',
      '2023-07',
    ]);
    expect(m.open!.key).toBe('2023-08');
    const q = windowsIn('quarter', '2023-01-01', '2023-08-06');
    expect(q.closed.map((w) => w.key)).toEqual(['2023-Q1', '2023-Q2']);
    expect(q.open!.key).toBe('2023-Q3');
    // A range starting mid-window leaves that window out; ending on a window's last day closes it.
    expect(windowsIn('quarter', '2023-02-15', '2023-06-30').closed.map((w) => w.key)).toEqual(['2023-Q2']);
    expect(windowsIn('month', '2023-03-31', '2023-03-31').closed).toEqual([]);
    expect(windowsIn('year', '2023-01-01', '2023-12-31').closed.map((w) => w.key)).toEqual(['2023']);
  });
  it('compliance counts a closed window as due, and an open one only once something is held in it', () => {
    const only = {
      ...DEFAULT_FREQUENCIES,
      group: 'none',
      lecture: 'none',
      theme_day: 'none',
      life_meeting: 'none',
      appraisal: 'none',
    } as const;
    // committee monthly (Jan–Jul closed, Aug open) + assembly quarterly (Q1, Q2 closed, Q3 open)
    const none = complianceOf(only, '2023-01-01', '2023-08-06', {});
    expect(none).toEqual({ due: 9, met: 0 });
    const some = complianceOf(only, '2023-01-01', '2023-08-06', {
      committee: new Set(['2023-01', '2023-03', '2023-08']),
      assembly: new Set(['2023-Q2']),
    });
    expect(some).toEqual({ due: 10, met: 4 });
  });
  it('the frequency engine warns within warnDays of a window end when nothing is held, across a quarter end', () => {
    expect(windowWarning('quarter', '2023-03-25', 7, new Set())).toMatchObject({
      key: '2023-Q1',
      daysLeft: 6,
    });
    expect(windowWarning('quarter', '2023-03-23', 7, new Set())).toBeNull();
    expect(windowWarning('quarter', '2023-03-25', 7, new Set(['2023-Q1']))).toBeNull();
    expect(windowWarning('month', '2023-04-30', 7, new Set(['2023-03']))).toMatchObject({
      key: '2023-04',
      daysLeft: 0,
    });
    expect(windowWarning('none', '2023-04-30', 7, new Set())).toBeNull();
  });
});

describe('quorum', () => {
  it('more than half of those who should attend, leave counted among them', () => {
    expect(quorumOf(['present', 'present', 'leave', 'absent'], 0.5).quorate).toBe(false);
    expect(quorumOf(['present', 'present', 'present', 'leave', 'absent'], 0.5)).toEqual({
      expected: 5,
      present: 3,
      leave: 1,
      absent: 1,
      quorate: true,
    });
    expect(quorumOf([], 0.5).quorate).toBe(false);
  });
});

describe('points', () => {
  it('a cap per period: what is left of it, never below zero; no cap: all of it', () => {
    expect(cappedPoints(2, 3, 0)).toBe(2);
    expect(cappedPoints(2, 3, 2)).toBe(1);
    expect(cappedPoints(2, 3, 3)).toBe(0);
    expect(cappedPoints(2, null, 100)).toBe(2);
  });
  it('cap periods are the month, quarter or year of the day earned', () => {
    expect(capPeriodKey('quarter', '2023-06-30')).toBe('2023-Q2');
    expect(capPeriodKey('quarter', '2023-07-01')).toBe('2023-Q3');
    expect(capPeriodKey('year', '2024-01-01')).toBe('2024');
  });
});

describe('honour quotas', () => {
  it('base plus one per `per` members; village rounds: the base alone', () => {
    expect(quotaFor({ base: 1, per: 20 }, 59)).toBe(3);
    expect(quotaFor({ base: 1, per: 20 }, 19)).toBe(1);
    expect(quotaFor({ base: 3, per: null }, 500)).toBe(3);
  });
});
