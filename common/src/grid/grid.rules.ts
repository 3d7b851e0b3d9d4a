import {
  addCalendarDays,
  addWorkingDays,
  chinaDate,
  chinaStartOfDay,
  type WorkCalendar,
} from '../calendar/calendar.rules.ts';

/**
 * Grid governance rules shared by server and web (docs/programme.md §4): the event workflow as one explicit state
 * machine, the dispute mediation steps and the time-limit / supervision arithmetic (on the working-day calendar).
 * Pure functions only.
 */

export const EVENT_CLASSES = ['event', 'dispute'] as const;
export type EventClass = (typeof EVENT_CLASSES)[number];

export const EVENT_STATUSES = [
  'reported',
  'accepted',
  'dispatched',
  'in_handling',
  'replied',
  'verified',
  'closed',
  'returned',
  'recalled',
  'escalated',
  'invalid',
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** States an event never leaves. */
export const TERMINAL_STATUSES: readonly EventStatus[] = ['closed', 'recalled', 'invalid'];
/** Open = still someone's work (every non-terminal state). */
export const OPEN_STATUSES: readonly EventStatus[] = EVENT_STATUSES.filter(
  (s) => !TERMINAL_STATUSES.includes(s),
);
/** Reports that count for nothing: withdrawn by the reporter, or found invalid (merged duplicates included). */
export const VOID_STATUSES: readonly EventStatus[] = ['recalled', 'invalid'];

export const SUPERVISION_LEVELS = ['normal', 'yellow', 'red'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export const EVENT_SOURCES = ['grid_worker', 'hotline', 'resident', 'campaign'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** The states in which the handling unit owes the centre an answer (回复). */
export const AWAITING_REPLY_STATUSES: readonly EventStatus[] = ['dispatched', 'in_handling', 'returned'];

/**
 * Whether `unitId` owes an answer on the event: it was dispatched to that unit, or to nobody by name and the event is
 * that unit's own (the SQL form is in the grid's to-dos and the board's `awaiting=me` filter).
 */
export function awaitsReplyFrom(
  e: { status: EventStatus; unitId: number; handlerUnitId: number | null },
  unitId: number,
): boolean {
  if (!AWAITING_REPLY_STATUSES.includes(e.status)) return false;
  return e.handlerUnitId === unitId || (e.handlerUnitId === null && e.unitId === unitId);
}

/** Who may take an action: the permission of its route (grid.contract.ts declares one route per action). */
export type GridActionPermission = 'grid:report' | 'grid:handle' | 'grid:dispatch';

export interface ActionRule {
  from: readonly EventStatus[];
  /** null: the state does not change (督办, extension). */
  to: EventStatus | null;
  permission: GridActionPermission;
  reasonRequired: boolean;
}

/**
 * The workflow: reported → accepted → dispatched → in_handling → replied → verified → closed, with
 * returned (回退, the centre sends a reply back), recalled (the reporter withdraws before acceptance),
 * escalated (to the township or county), invalid (also used for merged duplicates), 督办 and extensions.
 * Any action not listed from a state is forbidden.
 */
export const GRID_ACTIONS = {
  accept: { from: ['reported'], to: 'accepted', permission: 'grid:dispatch', reasonRequired: false },
  dispatch: {
    from: ['accepted', 'escalated'],
    to: 'dispatched',
    permission: 'grid:dispatch',
    reasonRequired: false,
  },
  start: {
    from: ['dispatched', 'returned'],
    to: 'in_handling',
    permission: 'grid:handle',
    reasonRequired: false,
  },
  reply: {
    from: ['dispatched', 'in_handling', 'returned'],
    to: 'replied',
    permission: 'grid:handle',
    reasonRequired: true,
  },
  verify: { from: ['replied'], to: 'verified', permission: 'grid:dispatch', reasonRequired: false },
  close: { from: ['verified'], to: 'closed', permission: 'grid:dispatch', reasonRequired: false },
  return: { from: ['replied'], to: 'returned', permission: 'grid:dispatch', reasonRequired: true },
  recall: { from: ['reported'], to: 'recalled', permission: 'grid:report', reasonRequired: true },
  escalate: {
    from: ['accepted', 'dispatched', 'in_handling', 'returned'],
    to: 'escalated',
    permission: 'grid:dispatch',
    reasonRequired: true,
  },
  invalidate: {
    from: ['reported', 'accepted'],
    to: 'invalid',
    permission: 'grid:dispatch',
    reasonRequired: true,
  },
  supervise: {
    from: OPEN_STATUSES,
    to: null,
    permission: 'grid:dispatch',
    reasonRequired: true,
  },
  extend: { from: OPEN_STATUSES, to: null, permission: 'grid:dispatch', reasonRequired: true },
} as const satisfies Record<string, ActionRule>;
export type GridAction = keyof typeof GRID_ACTIONS;
export const GRID_ACTION_NAMES = Object.keys(GRID_ACTIONS) as GridAction[];

export type EventTransitionCheck =
  { ok: true; to: EventStatus } | { ok: false; reason: 'forbidden_transition' | 'reason_required' };

/** Where `action` takes an event in `from`, or why it may not. */
export function transition(
  from: EventStatus,
  action: GridAction,
  reason?: string | null,
): EventTransitionCheck {
  const rule: ActionRule = GRID_ACTIONS[action];
  if (!rule.from.includes(from)) return { ok: false, reason: 'forbidden_transition' };
  if (rule.reasonRequired && !reason?.trim()) return { ok: false, reason: 'reason_required' };
  return { ok: true, to: rule.to ?? from };
}

/** Actions allowed from a state (for the UI's buttons). */
export function allowedActions(from: EventStatus): GridAction[] {
  return GRID_ACTION_NAMES.filter((a) => (GRID_ACTIONS[a].from as readonly string[]).includes(from));
}

// ---------------------------------------------------------------------------------------------------------------
// Dispute mediation (人民调解): mediator assigned → sessions → agreement or referral → follow-up visit → archive.

export const MEDIATION_STATUSES = [
  'none',
  'mediating',
  'agreement',
  'referred',
  'followed_up',
  'archived',
] as const;
export type MediationStatus = (typeof MEDIATION_STATUSES)[number];
export const MEDIATION_STEPS = ['start', 'session', 'agreement', 'referral', 'follow_up', 'archive'] as const;
export type MediationStep = (typeof MEDIATION_STEPS)[number];

const MEDIATION_RULES: Record<MediationStep, { from: readonly MediationStatus[]; to: MediationStatus }> = {
  start: { from: ['none'], to: 'mediating' },
  session: { from: ['mediating'], to: 'mediating' },
  agreement: { from: ['mediating'], to: 'agreement' },
  referral: { from: ['mediating'], to: 'referred' },
  follow_up: { from: ['agreement', 'referred'], to: 'followed_up' },
  archive: { from: ['followed_up'], to: 'archived' },
};

export function mediationNext(from: MediationStatus, step: MediationStep): MediationStatus | null {
  const rule = MEDIATION_RULES[step];
  return rule.from.includes(from) ? rule.to : null;
}

/** The steps mediation can take next from `from` (for the UI's buttons). */
export function mediationSteps(from: MediationStatus): MediationStep[] {
  return MEDIATION_STEPS.filter((step) => mediationNext(from, step) !== null);
}

/** A dispute is mediated once the centre has accepted it and until it is finished. */
export function mediationOpen(status: EventStatus): boolean {
  return status !== 'reported' && OPEN_STATUSES.includes(status);
}

// ---------------------------------------------------------------------------------------------------------------
// Time limits and supervision.

export interface TimeLimit {
  days: number;
  /** Calendar days (e.g. the one-month mediation norm) rather than working days. */
  calendarDays: boolean;
}

/** Yellow once 70 % of the limit is used; red when overdue. */
export const YELLOW_SHARE = 0.7;

export interface Deadline {
  /** Yellow from this instant (start of the day on which 70 % of the limit is reached). */
  yellowAt: number;
  /** Due at the end of this day in China; overdue after it. */
  dueAt: number;
  dueDate: string;
}

/** The deadline of a stage that starts at `startMs`, with `extraDays` of approved extension. */
const DAY_MS = 86_400_000;

export function deadlineFor(startMs: number, limit: TimeLimit, cal: WorkCalendar, extraDays = 0): Deadline {
  const start = chinaDate(startMs);
  const total = limit.days + extraDays;
  const add = (n: number) => (limit.calendarDays ? addCalendarDays(start, n) : addWorkingDays(start, n, cal));
  const dueDate = add(total);
  const yellowDate = add(Math.ceil(total * YELLOW_SHARE));
  return { yellowAt: chinaStartOfDay(yellowDate), dueAt: chinaStartOfDay(dueDate) + DAY_MS - 1, dueDate };
}

/** The automatic level at `now`, raised by any manual 督办 level. */
export function supervisionLevel(
  now: number,
  deadline: { yellowAt: number | null; dueAt: number | null },
  manual: SupervisionLevel = 'normal',
): SupervisionLevel {
  let auto: SupervisionLevel = 'normal';
  if (deadline.dueAt !== null && now > deadline.dueAt) auto = 'red';
  else if (deadline.yellowAt !== null && now >= deadline.yellowAt) auto = 'yellow';
  return SUPERVISION_LEVELS.indexOf(manual) > SUPERVISION_LEVELS.indexOf(auto) ? manual : auto;
}

/** The stage whose clock runs in a state, or null when no clock runs. */
export function stageOf(status: EventStatus): 'accept' | 'handle' | 'verify' | null {
  if (status === 'reported') return 'accept';
  if (['accepted', 'dispatched', 'in_handling', 'returned', 'escalated'].includes(status)) return 'handle';
  if (status === 'replied' || status === 'verified') return 'verify';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Duplicates and 三零.

/** Great-circle distance in metres. */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

/** A nearby open report of the same type counts as a possible duplicate within this radius and window. */
export const DUPLICATE_RADIUS_M = 300;
export const DUPLICATE_WINDOW_DAYS = 3;
/** At most this many nearby reports are shown (the most recent); a phone screen holds about that many. */
export const DUPLICATE_HINTS_MAX = 10;

/** A latitude/longitude box that holds every point within `metres` of `p` (a cheap index-friendly pre-filter). */
export function boundingBox(p: { lat: number; lng: number }, metres: number) {
  const dLat = (metres / 6_371_000) * (180 / Math.PI);
  const dLng = dLat / Math.max(Math.cos((p.lat * Math.PI) / 180), 0.01);
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng };
}

/** The record kinds that break 三零 (docs/programme.md §4): a petition, an injury accident, a criminal/major case. */
export const THREE_ZERO_KINDS = ['petition', 'accident', 'case'] as const;
export type ThreeZeroKind = (typeof THREE_ZERO_KINDS)[number];
