import { addWorkingDays, chinaDate, type WorkCalendar } from '../calendar/calendar.rules.ts';
import { isValidMobile, maskPhone } from '../identity/identity.ts';
import type { PublicityStatus } from './publicity.schemas.ts';

/**
 * The last day of a notice's window: the `workingDays`-th working day after `startsOn` (the first day does not
 * count, as in the star ratings' notice: a notice posted in the afternoon still gets its full working days).
 */
export function publicityEndsOn(startsOn: string, workingDays: number, cal: WorkCalendar): string {
  return addWorkingDays(startsOn, workingDays, cal);
}

/** Open through the whole of its last day in China; ended from the next day. */
export function publicityStatus(endsOn: string, now: number): PublicityStatus {
  return chinaDate(now) <= endsOn ? 'open' : 'ended';
}

/**
 * An objector's contact as the officers see it by default: a mobile number as 138****5678, anything else with only
 * its first and last characters.
 */
export function maskContact(contact: string): string {
  const c = contact.trim();
  if (isValidMobile(c)) return maskPhone(c);
  const chars = [...c];
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 6))}${chars[chars.length - 1]}`;
}
