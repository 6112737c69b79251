import { fieldErrors, problemMessage } from '../api/problem';
import { language } from '../i18n';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format';
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
