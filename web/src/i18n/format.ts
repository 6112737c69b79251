import type { Language } from './index';

/** A time zone Intl accepts, or undefined (the device's own zone). */
export function safeTimeZone(timeZone: string | null | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

function toDate(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Date and time of an instant in the user's language and time zone. */
export function formatDateTime(value: string | Date, lang: Language, timeZone?: string | null): string {
  const date = toDate(value);
  if (!date) return '';
  return new Intl.DateTimeFormat(lang, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: safeTimeZone(timeZone),
  }).format(date);
}

/** Only the date of an instant, in the user's language and time zone. */
export function formatDate(value: string | Date, lang: Language, timeZone?: string | null): string {
  const date = toDate(value);
  if (!date) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: safeTimeZone(timeZone) }).format(
    date,
  );
}

export function formatNumber(value: number, lang: Language): string {
  return new Intl.NumberFormat(lang).format(value);
}

/** "in 30 seconds", "in 2 minutes": a wait expressed in the user's language. */
export function formatWait(seconds: number, lang: Language): string {
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'always' });
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return rtf.format(s, 'second');
  if (s < 3600) return rtf.format(Math.ceil(s / 60), 'minute');
  return rtf.format(Math.ceil(s / 3600), 'hour');
}

/** Every IANA time zone the runtime knows, for pickers. */
export function timeZones(): string[] {
  try {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    return ['UTC'];
  }
}
