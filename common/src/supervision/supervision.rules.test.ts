import { describe, expect, it } from 'vitest';
import { CALENDAR_SEED } from '../calendar/calendar-data.ts';
import { calendarOf } from '../calendar/calendar.rules.ts';
import { RURAL_STARS, defaultRuralStandard } from '../ratings/ratings.defaults.ts';
import type { IndicatorOutcome } from '../ratings/ratings.rules.ts';
import {
  DEFAULT_SUPERVISION_SETTINGS as S,
  checkItemTransition,
  closeRefusal,
  escalationUnit,
  extensionRefusal,
  monthBounds,
  parentOfPath,
  rankVillages,
  slipColour,
  slipDates,
  submitRefusal,
  subtractWorkingDays,
  tasksFromShortfalls,
  weekOf,
} from './supervision.rules.ts';

const cal = calendarOf(CALENDAR_SEED);

describe('workflow', () => {
  it('open → submitted → closed; reject and reopen need a reason', () => {
    expect(checkItemTransition('open', 'submit')).toEqual({ ok: true, to: 'submitted' });
    expect(checkItemTransition('submitted', 'close')).toEqual({ ok: true, to: 'closed' });
    expect(checkItemTransition('submitted', 'reject', '')).toEqual({ ok: false, refusal: 'reason_required' });
    expect(checkItemTransition('submitted', 'reject', '照片不清')).toEqual({ ok: true, to: 'open' });
    expect(checkItemTransition('closed', 'reopen')).toEqual({ ok: false, refusal: 'reason_required' });
    expect(checkItemTransition('closed', 'reopen', '复查未达标')).toEqual({ ok: true, to: 'open' });
    expect(checkItemTransition('open', 'progress', '已完成一半')).toEqual({ ok: true, to: 'open' });
  });
  it('forbidden moves are refused', () => {
    expect(checkItemTransition('open', 'close')).toEqual({ ok: false, refusal: 'forbidden_transition' });
    expect(checkItemTransition('closed', 'submit')).toEqual({ ok: false, refusal: 'forbidden_transition' });
    expect(checkItemTransition('closed', 'progress', 'x')).toEqual({
      ok: false,
      refusal: 'forbidden_transition',
    });
    expect(checkItemTransition('submitted', 'reopen', 'x')).toEqual({
      ok: false,
      refusal: 'forbidden_transition',
    });
  });
});

describe('销号', () => {
  const item = { evidenceMin: 2, ownerUserId: 7, checkerUserId: null, submittedBy: 7 };
  it('needs the evidence in', () => {
    expect(closeRefusal(item, 1, 9)).toBe('evidence_missing');
    expect(closeRefusal(item, 2, 9)).toBeNull();
    expect(submitRefusal(2, 1)).toBe('evidence_missing');
    expect(submitRefusal(2, 2)).toBeNull();
  });
  it('needs a checker other than the owner and the submitter', () => {
    expect(closeRefusal(item, 5, 7)).toBe('checker_is_owner');
    expect(closeRefusal({ ...item, ownerUserId: 3 }, 5, 7)).toBe('checker_is_owner');
  });
  it('a named checker only', () => {
    expect(closeRefusal({ ...item, checkerUserId: 11 }, 5, 9)).toBe('not_the_checker');
    expect(closeRefusal({ ...item, checkerUserId: 11 }, 5, 11)).toBeNull();
  });
});

describe('slips on the working-day calendar', () => {
  it('blue counts working days back over the 国庆 holiday', () => {
    // 国庆 2026: 10-01..10-07 off, 10-10 (Sat) worked. Three working days before 10-09: 10-08, 09-30, 09-29.
    expect(subtractWorkingDays('2026-10-12', 1, cal)).toBe('2026-10-10'); // Saturday 调休 is a working day
    expect(subtractWorkingDays('2026-10-09', 3, cal)).toBe('2026-09-29');
    expect(subtractWorkingDays('2026-11-09', 3, cal)).toBe('2026-11-04');
  });
  it('yellow when time used runs ahead of reported progress', () => {
    // 2026-11-02 (Mon) → 2026-11-27 (Fri): 19 working days.
    const base = { startDate: '2026-11-02', deadline: '2026-11-27' };
    const none = slipDates({ ...base, progress: 0 }, S, cal);
    // used > 30 % of 19 → k = floor(5.7)+1 = 6 working days → 2026-11-10
    expect(none.yellowOn).toBe('2026-11-10');
    expect(none.blueOn).toBe('2026-11-24');
    // Reported 80 %: 110 % allowed → never yellow.
    expect(slipDates({ ...base, progress: 80 }, S, cal).yellowOn).toBeNull();
    // 50 %: 80 % of 19 → k = 16 → 2026-11-24
    expect(slipDates({ ...base, progress: 50 }, S, cal).yellowOn).toBe('2026-11-24');
  });
  it('colour: red overdue, then yellow, then blue; none when closed', () => {
    const item = {
      status: 'open' as const,
      deadline: '2026-11-27',
      blueOn: '2026-11-24',
      yellowOn: '2026-11-10',
    };
    expect(slipColour(item, '2026-11-09')).toBeNull();
    expect(slipColour(item, '2026-11-10')).toBe('yellow');
    expect(slipColour({ ...item, yellowOn: null }, '2026-11-24')).toBe('blue');
    expect(slipColour({ ...item, yellowOn: null }, '2026-11-23')).toBeNull();
    expect(slipColour(item, '2026-11-27')).toBe('yellow');
    expect(slipColour(item, '2026-11-28')).toBe('red');
    expect(slipColour({ ...item, status: 'closed' }, '2026-11-28')).toBeNull();
    expect(slipColour({ ...item, status: 'submitted' }, '2026-11-28')).toBe('red');
  });
  it('red items escalate one level up', () => {
    const item = { status: 'open' as const, deadline: '2026-11-27', parentUnitId: 4 };
    expect(escalationUnit(item, '2026-11-27')).toBeNull();
    expect(escalationUnit(item, '2026-11-28')).toBe(4);
    expect(escalationUnit({ ...item, status: 'closed' }, '2026-12-28')).toBeNull();
    expect(parentOfPath('/1/4/9/')).toBe(4);
    expect(parentOfPath('/1/')).toBeNull();
  });
});

describe('extensions', () => {
  it('only to a later date, one pending at a time, never on a closed item', () => {
    const item = { status: 'open' as const, deadline: '2026-11-27' };
    expect(extensionRefusal(item, '2026-11-27', 0)).toBe('not_later');
    expect(extensionRefusal(item, '2026-12-04', 1)).toBe('pending_exists');
    expect(extensionRefusal({ ...item, status: 'closed' }, '2026-12-04', 0)).toBe('closed');
    expect(extensionRefusal(item, '2026-12-04', 0)).toBeNull();
  });
});

describe('tasks from shortfalls', () => {
  const def = defaultRuralStandard();
  it('every indicator of a star not held and not applied for; nothing for held stars', () => {
    const tasks = tasksFromShortfalls(def, ['strong_branch', 'industry', 'ecology', 'civility'], new Map());
    const safety = def.indicators.filter((i) => i.starCode === 'safety');
    expect(tasks.map((t) => t.indicatorCode)).toEqual(safety.map((i) => i.code));
    expect(tasks.every((t) => t.reason === 'not_applied' && t.starCode === 'safety')).toBe(true);
  });
  it('only the failed indicators of an evaluated star', () => {
    const safety = def.indicators.filter((i) => i.starCode === 'safety');
    const outcomes: IndicatorOutcome[] = safety.map((i, n) => ({
      code: i.code,
      ok: n !== 1,
      reason: n !== 1 ? 'ok' : 'missing_evidence',
    }));
    const held = RURAL_STARS.map((s) => s.code).filter((c) => c !== 'safety');
    const tasks = tasksFromShortfalls(def, held, new Map([['safety', outcomes]]));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ indicatorCode: safety[1]!.code, reason: 'missing_evidence' });
    expect(tasks[0]!.evidenceMin).toBeGreaterThanOrEqual(1);
  });
});

describe('monthly ranking', () => {
  const row = (unitId: number, due: number, closedOnTime: number, overdue = 0, closedInMonth = 0) => ({
    unitId,
    due,
    closedOnTime,
    overdue,
    closedInMonth,
  });
  it('ranks by on-time rate, then fewer overdue; top N red, bottom N yellow; nothing due: last, unflagged', () => {
    const r = rankVillages(
      [
        row(1, 10, 5),
        row(2, 10, 10),
        row(3, 10, 8, 1),
        row(4, 10, 8, 0),
        row(5, 0, 0),
        row(6, 10, 2, 5),
        row(7, 4, 4),
      ],
      2,
    );
    expect(r.map((x) => x.unitId)).toEqual([2, 7, 4, 3, 1, 6, 5]);
    expect(r.map((x) => x.rank)).toEqual([1, 1, 3, 4, 5, 6, 7]);
    expect(r.map((x) => x.flag)).toEqual(['red', 'red', null, null, 'yellow', 'yellow', null]);
    expect(r[4]!.rate).toBe(50);
  });
  it('villages tied at a cut share the flag', () => {
    const r = rankVillages(
      [row(1, 6, 6), row(2, 6, 5), row(3, 6, 5), row(4, 6, 5), row(5, 6, 1), row(6, 6, 0)],
      2,
    );
    expect(r.map((x) => [x.unitId, x.rank, x.flag])).toEqual([
      [1, 1, 'red'],
      [2, 2, 'red'],
      [3, 2, 'red'],
      [4, 2, 'red'],
      [5, 5, 'yellow'],
      [6, 6, 'yellow'],
    ]);
  });
  it('never both flags with few villages', () => {
    const r = rankVillages([row(1, 4, 4), row(2, 4, 1), row(3, 4, 2)], 2);
    expect(r.map((x) => x.flag)).toEqual(['red', 'red', 'yellow']);
  });
});

describe('dates', () => {
  it('week and month bounds', () => {
    expect(weekOf('2026-11-04')).toEqual({ start: '2026-11-02', end: '2026-11-08' });
    expect(weekOf('2026-11-08')).toEqual({ start: '2026-11-02', end: '2026-11-08' });
    expect(monthBounds('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
  });
});
