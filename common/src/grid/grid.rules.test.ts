import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarOf,
  CALENDAR_SEED,
  chinaStartOfDay,
  isWorkingDay,
  workingDaysBetween,
} from '../calendar/index.ts';
import {
  allowedActions,
  deadlineFor,
  EVENT_STATUSES,
  type EventStatus,
  GRID_ACTION_NAMES,
  GRID_ACTIONS,
  mediationNext,
  mediationOpen,
  mediationSteps,
  supervisionLevel,
  transition,
} from './grid.rules.ts';

const cal = calendarOf(CALENDAR_SEED);

describe('the event state machine', () => {
  it('walks the main path reported → … → closed', () => {
    let s: EventStatus = 'reported';
    for (const action of ['accept', 'dispatch', 'start', 'reply', 'verify', 'close'] as const) {
      const t = transition(s, action, 'note');
      expect(t.ok, `${s} --${action}`).toBe(true);
      if (t.ok) s = t.to;
    }
    expect(s).toBe('closed');
  });

  it('forbids every action not declared from a state', () => {
    const forbidden: [string, string][] = [];
    for (const from of EVENT_STATUSES) {
      for (const action of GRID_ACTION_NAMES) {
        const declared = (GRID_ACTIONS[action].from as readonly string[]).includes(from);
        const t = transition(from, action, 'reason');
        expect(t.ok, `${from} --${action}`).toBe(declared);
        if (!declared) forbidden.push([from, action]);
      }
    }
    // Spot checks of transitions that must never happen.
    expect(forbidden).toContainEqual(['reported', 'close']);
    expect(forbidden).toContainEqual(['reported', 'dispatch']);
    expect(forbidden).toContainEqual(['dispatched', 'verify']);
    expect(forbidden).toContainEqual(['closed', 'accept']);
    expect(forbidden).toContainEqual(['closed', 'supervise']);
    expect(forbidden).toContainEqual(['invalid', 'accept']);
    expect(forbidden).toContainEqual(['recalled', 'accept']);
    expect(forbidden).toContainEqual(['accepted', 'recall']);
    expect(forbidden).toContainEqual(['replied', 'close']);
  });

  it('terminal states allow nothing; reasons are required where declared', () => {
    for (const s of ['closed', 'recalled', 'invalid'] as const) expect(allowedActions(s)).toEqual([]);
    expect(transition('replied', 'return', '  ')).toEqual({ ok: false, reason: 'reason_required' });
    expect(transition('reported', 'invalidate')).toEqual({ ok: false, reason: 'reason_required' });
    expect(transition('accepted', 'supervise', '督办')).toEqual({ ok: true, to: 'accepted' });
  });

  it('mediation goes start → sessions → agreement|referral → follow-up → archive', () => {
    expect(mediationNext('none', 'start')).toBe('mediating');
    expect(mediationNext('mediating', 'session')).toBe('mediating');
    expect(mediationNext('mediating', 'agreement')).toBe('agreement');
    expect(mediationNext('mediating', 'referral')).toBe('referred');
    expect(mediationNext('agreement', 'follow_up')).toBe('followed_up');
    expect(mediationNext('followed_up', 'archive')).toBe('archived');
    expect(mediationNext('none', 'archive')).toBeNull();
    expect(mediationNext('agreement', 'archive')).toBeNull();
    expect(mediationNext('archived', 'session')).toBeNull();
  });

  it('offers the mediation steps that can come next, while the dispute is accepted and open', () => {
    expect(mediationSteps('none')).toEqual(['start']);
    expect(mediationSteps('mediating')).toEqual(['session', 'agreement', 'referral']);
    expect(mediationSteps('referred')).toEqual(['follow_up']);
    expect(mediationSteps('followed_up')).toEqual(['archive']);
    expect(mediationSteps('archived')).toEqual([]);
    expect(EVENT_STATUSES.filter(mediationOpen)).toEqual([
      'accepted',
      'dispatched',
      'in_handling',
      'replied',
      'verified',
      'returned',
      'escalated',
    ]);
  });
});

describe('working days on the statutory calendar', () => {
  it('knows the 2024 Spring Festival block and its 调休 Sundays', () => {
    expect(isWorkingDay('2024-02-09', cal)).toBe(true); // Friday before
    for (const d of ['2024-02-10', '2024-02-12', '2024-02-16', '2024-02-17'])
      expect(isWorkingDay(d, cal)).toBe(false);
    expect(isWorkingDay('2024-02-04', cal)).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2024-02-18', cal)).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2024-02-19', cal)).toBe(true);
  });

  it('adds working days across the Spring Festival', () => {
    // Friday 2024-02-09 + 1 working day = Sunday 2024-02-18 (调休), not Monday 2024-02-12.
    expect(addWorkingDays('2024-02-09', 1, cal)).toBe('2024-02-18');
    expect(addWorkingDays('2024-02-09', 2, cal)).toBe('2024-02-19');
    // 2023: holidays 01-21…01-27, 调休 Saturday 01-28 and Sunday 01-29.
    expect(addWorkingDays('2023-01-20', 1, cal)).toBe('2023-01-28');
    expect(addWorkingDays('2023-01-20', 3, cal)).toBe('2023-01-30');
    expect(workingDaysBetween('2024-02-08', '2024-02-19', cal)).toBe(3); // 09, 18, 19
  });

  it('counts a 调休 Saturday as a working day', () => {
    // Labour Day 2023: 04-29…05-03 off; Saturday 05-06 is a working day.
    expect(isWorkingDay('2023-05-06', cal)).toBe(true);
    expect(addWorkingDays('2023-05-05', 1, cal)).toBe('2023-05-06');
    expect(addWorkingDays('2023-04-28', 1, cal)).toBe('2023-05-04');
    // National Day 2024: Saturday 10-12 is a working day.
    expect(addWorkingDays('2024-10-11', 1, cal)).toBe('2024-10-12');
    // An ordinary Saturday is not.
    expect(addWorkingDays('2024-03-08', 1, cal)).toBe('2024-03-11');
  });

  it('computes deadlines, yellow at 70 % and red when overdue', () => {
    const start = chinaStartOfDay('2024-03-04') + 9 * 3600_000; // Monday 09:00 in China
    const d = deadlineFor(start, { days: 10, calendarDays: false }, cal);
    expect(d.dueDate).toBe('2024-03-18');
    expect(d.yellowAt).toBe(chinaStartOfDay('2024-03-13')); // 7 working days
    expect(supervisionLevel(d.yellowAt - 1, d)).toBe('normal');
    expect(supervisionLevel(d.yellowAt, d)).toBe('yellow');
    expect(supervisionLevel(d.dueAt, d)).toBe('yellow');
    expect(supervisionLevel(d.dueAt + 1, d)).toBe('red');
    expect(supervisionLevel(start, d, 'red')).toBe('red');
    const cal30 = deadlineFor(start, { days: 30, calendarDays: true }, cal);
    expect(cal30.dueDate).toBe('2024-04-03');
    const ext = deadlineFor(start, { days: 10, calendarDays: false }, cal, 2);
    expect(ext.dueDate).toBe('2024-03-20');
  });

  it('ships 2023–2027, with 2027 marked provisional', () => {
    const years = new Set(CALENDAR_SEED.map((d) => d.date.slice(0, 4)));
    expect([...years].sort()).toEqual(['2023', '2024', '2025', '2026', '2027']);
    expect(CALENDAR_SEED.filter((d) => d.date.startsWith('2027')).every((d) => d.provisional)).toBe(true);
  });
});
