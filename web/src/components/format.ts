import { fieldErrors, problemMessage } from '../api/problem';
import { language } from '../i18n';
import { formatBytes, formatDate, formatDateTime, formatNumber, formatTime } from '../i18n/format';
import { me } from '../state/store';

function zone(): string | undefined {
  return me.value?.user.time_zone;
}

/** An instant in the signed-in user's language and time zone. */
export function when(iso: string | null | undefined): string {
  return iso ? formatDateTime(iso, language.value, zone()) : '';
}

export function day(iso: string | null | undefined): string {
  return iso ? formatDate(iso, language.value, zone()) : '';
}

/** The time of day of an instant ("10:30"). */
export function clock(iso: string | null | undefined): string {
  return iso ? formatTime(iso, language.value, zone()) : '';
}

export function bytes(value: number): string {
  return formatBytes(value, language.value);
}

export function num(value: number): string {
  return formatNumber(value, language.value);
}

/** The translated message for a failed call. */
export function errorText(error: unknown): string {
  return problemMessage(error, { lang: language.value, timeZone: zone() ?? null });
}

export function errorFields(error: unknown): Record<string, string> {
  return fieldErrors(error, language.value);
}
