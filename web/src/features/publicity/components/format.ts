import { currentLanguage } from '../../../i18n';

/** A civil date 'YYYY-MM-DD' in the UI language (2026年11月9日 / 9 Nov 2026). */
export function formatDay(date: string): string {
  return new Intl.DateTimeFormat(currentLanguage(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** An ISO instant as a local date and time in the UI language. */
export function formatInstant(iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(currentLanguage(), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

export const STATUS_COLOR = { open: 'orange', upheld: 'red', dismissed: 'green' } as const;
