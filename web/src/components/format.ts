import { currentLanguage } from '../i18n';

/** Epoch milliseconds as a local date and time in the UI language. */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Intl.DateTimeFormat(currentLanguage(), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(ms));
}

/** Epoch milliseconds (or an ISO time) as a local date in the UI language, in the same form as `formatDateTime`. */
export function formatDate(at: number | string | null | undefined): string {
  if (at === null || at === undefined) return '—';
  const ms = typeof at === 'string' ? Date.parse(at) : at;
  return new Intl.DateTimeFormat(currentLanguage(), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
}
