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

/** Only the time of day of an instant ("10:30"), in the user's language and time zone. */
export function formatTime(value: string | Date, lang: Language, timeZone?: string | null): string {
  const date = toDate(value);
  if (!date) return '';
  return new Intl.DateTimeFormat(lang, { timeStyle: 'short', timeZone: safeTimeZone(timeZone) }).format(date);
}

/** A file size: "512 B", "12 kB", "3.4 MB". */
export function formatBytes(bytes: number, lang: Language): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = Math.max(0, bytes);
  let index = 0;
  while (value >= 1000 && index < units.length - 1) {
    value /= 1000;
    index += 1;
  }
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit: units[index],
    unitDisplay: 'short',
    maximumFractionDigits: index === 0 || value >= 10 ? 0 : 1,
  }).format(value);
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

/** The calendar day ("2026-03-05") of an instant in a time zone; the device's zone when it is unknown. */
export function dayKey(iso: string, timeZone?: string | null): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
  try {
    return new Intl.DateTimeFormat('en-CA', { ...options, timeZone: timeZone ?? undefined }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-CA', options).format(date);
  }
}

/** A duration in the user's language: "45 s", "2.5 min", "1.2 h" (one unit, short). */
export function formatDuration(seconds: number, lang: Language): string {
  const unit = (value: number, name: 'second' | 'minute' | 'hour', digits: number) =>
    new Intl.NumberFormat(lang, {
      style: 'unit',
      unit: name,
      unitDisplay: 'short',
      maximumFractionDigits: digits,
    }).format(value);
  const s = Math.max(0, seconds);
  if (s < 60) return unit(Math.round(s), 'second', 0);
  if (s < 3600) return unit(s / 60, 'minute', 1);
  return unit(s / 3600, 'hour', 1);
}
