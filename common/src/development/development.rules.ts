import { addCalendarDays } from '../calendar/calendar.rules.ts';
import { isCivilDate } from '../calendar/calendar.schemas.ts';

/**
 * Rules of the development registries, pure and shared by the server and the web:
 * - the labour registry is everyone aged 16 to 60 (both included) on a given day, the age from the birth date in
 *   the ID number — never typed;
 * - a placement is followed up 3 and 6 months after the day the person started work;
 * - a person counts once per campaign period, however often they sign in.
 */

/** The labour age window (docs/programme.md §8: 劳动力 16–60 周岁). Kept here, in one place, for the registry and its tests. */
export const LABOUR_AGE = { min: 16, max: 60 } as const;

/** Completed years of age on `on` for someone born on `birth` (both 'YYYY-MM-DD'); a birthday counts from its day. */
export function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) >= birth.slice(5) ? years : years - 1;
}

/**
 * The birth dates of the labour registry on `on`, as a half-open range for an index: born after `bornAfter` and on
 * or before `bornOnOrBefore`. Someone is 16 from their 16th birthday; someone is 60 until the day before their 61st.
 * A 29 February birthday comes on 1 March in common years (the date comparison does it: '02-28' < '02-29').
 */
export function labourBirthRange(on: string, window = LABOUR_AGE) {
  const y = Number(on.slice(0, 4));
  const md = on.slice(4);
  return {
    bornOnOrBefore: `${String(y - window.min).padStart(4, '0')}${md}`,
    bornAfter: `${String(y - window.max - 1).padStart(4, '0')}${md}`,
  };
}

export function inLabourAge(birth: string, on: string, window = LABOUR_AGE): boolean {
  const age = ageOn(birth, on);
  return age >= window.min && age <= window.max;
}

/** `date` plus `months` calendar months; a day the month does not have becomes its last day (31 Aug + 6 → 29 Feb). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The follow-ups of a placement (回访): 3 and 6 months after the start of work. */
export const FOLLOW_UP_MONTHS = [3, 6] as const;
export type FollowUpStage = (typeof FOLLOW_UP_MONTHS)[number];

export function followUpDates(placedOn: string): { m3: string; m6: string } {
  return { m3: addMonths(placedOn, 3), m6: addMonths(placedOn, 6) };
}

/**
 * Whether a follow-up may be recorded on `on`: not before it is due, the 6-month one only after the 3-month one,
 * each once. Returns the reason it may not, or null.
 */
export function followUpProblem(
  placement: { placedOn: string; m3DoneOn: string | null; m6DoneOn: string | null },
  stage: FollowUpStage,
  on: string,
): 'not_due' | 'already_done' | 'out_of_order' | null {
  const due = followUpDates(placement.placedOn);
  if (stage === 3) {
    if (placement.m3DoneOn) return 'already_done';
    if (on < due.m3) return 'not_due';
  } else {
    if (placement.m6DoneOn) return 'already_done';
    if (!placement.m3DoneOn) return 'out_of_order';
    if (on < due.m6) return 'not_due';
  }
  return null;
}

/** Every follow-up due on or before `on` and not done (for the clerk's to-do list). */
export function followUpsDue(
  placement: { placedOn: string; m3DoneOn: string | null; m6DoneOn: string | null },
  on: string,
): FollowUpStage[] {
  const due = followUpDates(placement.placedOn);
  const out: FollowUpStage[] = [];
  if (!placement.m3DoneOn && due.m3 <= on) out.push(3);
  if (!placement.m6DoneOn && due.m6 <= on) out.push(6);
  return out;
}

/**
 * People counted once per campaign period: the number of distinct (campaign, person) pairs among sign-ins. The
 * server keeps one row per pair (a unique index), so this is what its count is; the function states the rule.
 */
export function countOncePerPeriod(signins: readonly { campaignId: number; personKey: string }[]): number {
  return new Set(signins.map((s) => `${s.campaignId}\u0000${s.personKey}`)).size;
}

/** Cross-field rules of a record (beyond each field's own): the key of the field at fault and the message key. */
export function recordProblems(
  registry: string,
  v: Record<string, unknown>,
): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const before = (a: string, b: string, message = 'development.err.date_order') => {
    const x = v[a];
    const y = v[b];
    if (typeof x === 'string' && typeof y === 'string' && isCivilDate(x) && isCivilDate(y) && y < x)
      out.push({ field: b, message });
  };
  if (registry === 'trainingSessions') before('startDate', 'endDate');
  if (registry === 'welfarePosts') before('payFrom', 'payTo');
  if (registry === 'cleaners') before('since', 'until');
  if (registry === 'campaigns') before('periodFrom', 'periodTo');
  if (registry === 'serviceCentres') {
    if (v.status === 'built' && !v.builtOn)
      out.push({ field: 'builtOn', message: 'development.err.built_on' });
    if (v.status !== 'built' && v.builtOn)
      out.push({ field: 'builtOn', message: 'development.err.built_on_not_built' });
    before('plannedOn', 'builtOn');
  }
  return out;
}

/** Whether [from, to] and [a, b] share a day (b null: open-ended). */
export const overlaps = (from: string, to: string, a: string, b: string | null) =>
  a <= to && (b === null || b >= from);

/** The day before `date` (for half-open ranges of civil dates). */
export const dayBefore = (date: string) => addCalendarDays(date, -1);

/** 元 → 万元, two decimals. */
export const yuanToWan = (yuan: number) => Math.round(yuan / 100) / 100;
