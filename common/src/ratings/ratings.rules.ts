import {
  addCalendarDays,
  addWorkingDays,
  chinaDate,
  chinaStartOfDay,
  type WorkCalendar,
} from '../calendar/calendar.rules.ts';
import type { ApplicationStatus, Indicator, StandardDefinition } from './ratings.schemas.ts';

/**
 * The rating rules, pure and shared by the server and the web client (docs/programme.md §1–§2):
 * - each star is won or not; a branch's level is the number of stars it holds (0–5);
 * - an indicator passes by its type (boolean, numeric ≥ threshold, evidence files, veto not triggered, derived
 *   fact compared with a threshold); a triggered veto (一票否决) fails the whole star;
 * - the capstone switch: the capstone star (支部过硬星) only with every other star of the standard.
 */

export interface IndicatorInput {
  met?: boolean | null;
  value?: number | null;
  triggered?: boolean | null;
  files?: number;
}
type FactValue = number | boolean | null | undefined;

type IndicatorReason =
  | 'ok'
  | 'not_assessed'
  | 'not_met'
  | 'below_threshold'
  | 'missing_evidence'
  | 'veto'
  | 'fact_unavailable'
  | 'fact_not_met';

export interface IndicatorOutcome {
  code: string;
  ok: boolean;
  reason: IndicatorReason;
}

function compare(left: number, op: '>=' | '<=' | '=', right: number): boolean {
  if (op === '>=') return left >= right;
  if (op === '<=') return left <= right;
  return left === right;
}

export function evaluateIndicator(
  ind: Indicator,
  input: IndicatorInput | undefined,
  facts: Record<string, FactValue> = {},
): IndicatorOutcome {
  const out = (ok: boolean, reason: IndicatorReason) => ({ code: ind.code, ok, reason });
  const files = input?.files ?? 0;
  switch (ind.type) {
    case 'veto':
      if (input?.triggered === true) return out(false, 'veto');
      if (input?.triggered !== false) return out(false, 'not_assessed');
      break;
    case 'derived': {
      const raw = ind.fact ? facts[ind.fact] : undefined;
      if (raw === null || raw === undefined) return out(false, 'fact_unavailable');
      const v = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
      if (!compare(v, ind.op ?? '>=', ind.threshold ?? 0)) return out(false, 'fact_not_met');
      break;
    }
    case 'numeric':
      if (input?.value === null || input?.value === undefined) return out(false, 'not_assessed');
      if (input.value < (ind.threshold ?? 0)) return out(false, 'below_threshold');
      break;
    case 'boolean':
      if (input?.met === null || input?.met === undefined) return out(false, 'not_assessed');
      if (!input.met) return out(false, 'not_met');
      break;
    case 'evidence':
      break;
  }
  if (files < ind.minFiles) return out(false, 'missing_evidence');
  return out(true, 'ok');
}

interface StarEvaluation {
  eligible: boolean;
  vetoed: boolean;
  indicators: IndicatorOutcome[];
}

/** One star against its indicators: eligible when every indicator passes; any triggered veto fails it. */
export function evaluateStar(
  def: StandardDefinition,
  starCode: string,
  inputs: Record<string, IndicatorInput>,
  facts: Record<string, FactValue> = {},
): StarEvaluation {
  const indicators = def.indicators
    .filter((i) => i.starCode === starCode)
    .map((i) => evaluateIndicator(i, inputs[i.code], facts));
  const vetoed = indicators.some((o) => o.reason === 'veto');
  return { eligible: !vetoed && indicators.every((o) => o.ok), vetoed, indicators };
}

/** Whether `star` may be held alongside `held` (the other stars of the same branch and year) under the switch. */
export function capstoneAllows(def: StandardDefinition, star: string, held: Iterable<string>): boolean {
  const cap = def.capstone;
  if (!cap.enabled || cap.starCode === null || star !== cap.starCode) return true;
  const have = new Set(held);
  return def.stars.every((s) => s.code === cap.starCode || have.has(s.code));
}

/** The stars a branch keeps once the capstone rule is applied to a set of candidate stars. */
export function applyCapstone(def: StandardDefinition, candidates: Iterable<string>): string[] {
  const set = new Set(candidates);
  const cap = def.capstone;
  if (
    cap.enabled &&
    cap.starCode !== null &&
    set.has(cap.starCode) &&
    !capstoneAllows(def, cap.starCode, set)
  )
    set.delete(cap.starCode);
  return def.stars.map((s) => s.code).filter((c) => set.has(c));
}

/** Share as a percentage rounded to two decimals (24 of 55 → 43.64). */
export function sharePercent(part: number, whole: number): number {
  if (whole === 0) return 0;
  return Math.round((part / whole) * 10000) / 100;
}

// ---- The cycle ---------------------------------------------------------------------------------------------

export type RatingActor = 'village' | 'township' | 'county' | 'public';

interface Transition {
  action: string;
  actor: RatingActor;
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  needsReason: boolean;
}

/**
 * Every allowed move of a star application (docs/programme.md §3); anything not listed is forbidden. Each level acts
 * only once the level below has finished (DHIS2's approval rule): the township reviews only what the village
 * submitted, the county only what the township recommended, the notice lists only what the county rated.
 */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'submit', actor: 'village', from: ['draft', 'returned'], to: 'submitted', needsReason: false },
  {
    action: 'start_review',
    actor: 'township',
    from: ['submitted'],
    to: 'township_review',
    needsReason: false,
  },
  { action: 'return', actor: 'township', from: ['township_review'], to: 'returned', needsReason: true },
  {
    action: 'recommend',
    actor: 'township',
    from: ['township_review'],
    to: 'county_review',
    needsReason: false,
  },
  { action: 'reject', actor: 'township', from: ['township_review'], to: 'rejected', needsReason: true },
  { action: 'rate', actor: 'county', from: ['county_review'], to: 'rated', needsReason: false },
  { action: 'send_back', actor: 'county', from: ['county_review'], to: 'township_review', needsReason: true },
  {
    action: 'reject',
    actor: 'county',
    from: ['county_review', 'publicity'],
    to: 'rejected',
    needsReason: true,
  },
  { action: 'publish', actor: 'township', from: ['rated'], to: 'publicity', needsReason: false },
  { action: 'object', actor: 'public', from: ['publicity', 'objection'], to: 'objection', needsReason: true },
  { action: 'dismiss_objection', actor: 'township', from: ['objection'], to: 'publicity', needsReason: true },
  {
    action: 'uphold_objection',
    actor: 'township',
    from: ['objection'],
    to: 'township_review',
    needsReason: true,
  },
  { action: 'award', actor: 'county', from: ['publicity'], to: 'awarded', needsReason: false },
  { action: 'revoke', actor: 'county', from: ['awarded'], to: 'revoked', needsReason: true },
];

type RatingTransitionCheck =
  { ok: true; to: ApplicationStatus } | { ok: false; error: 'forbidden_transition' | 'reason_required' };

export function checkTransition(
  from: ApplicationStatus,
  action: string,
  actor: RatingActor,
  reason?: string | null,
): RatingTransitionCheck {
  const t = TRANSITIONS.find((x) => x.action === action && x.actor === actor && x.from.includes(from));
  if (!t) return { ok: false, error: 'forbidden_transition' };
  if (t.needsReason && !(reason && reason.trim())) return { ok: false, error: 'reason_required' };
  return { ok: true, to: t.to };
}

/** The village may edit its self-assessment only before submitting or after a return (data locks once sent). */
export const EDITABLE_STATUSES: readonly ApplicationStatus[] = ['draft', 'returned'];

// ---- Working days -------------------------------------------------------------------------------------------

/**
 * The end of a public notice of `days` working days starting the day after `start`, on the statutory holiday
 * calendar with its swapped working days (调休) — the same calendar as grid time limits. Returns the epoch-ms of
 * midnight China time after the last working day.
 */
export function noticeEndsAt(start: number, days: number, cal: WorkCalendar): number {
  return chinaStartOfDay(addCalendarDays(addWorkingDays(chinaDate(start), days, cal), 1));
}
