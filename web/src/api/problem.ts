import { hasKey, type Language, type Params, translate } from '../i18n';
import { formatDateTime, formatWait } from '../i18n/format';
import { ApiError } from './client';
import type { FieldProblem, Problem } from './types';

export interface ProblemContext {
  lang: Language;
  timeZone?: string | null;
}

function asProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  if (error && typeof error === 'object' && 'code' in error && 'status' in error) return error as Problem;
  return { status: 0, code: 'unknown' };
}

/** The translated sentence for a failed call: `errors.<code>`, with extras for locks and rate limits. */
export function problemMessage(error: unknown, ctx: ProblemContext): string {
  const problem = asProblem(error);
  const { lang } = ctx;
  const key = `errors.${problem.code}`;
  let message = hasKey(key, lang) ? translate(lang, key) : translate(lang, 'errors.unknown');
  if (problem.code === 'account_locked' && problem.locked_until) {
    const until = formatDateTime(problem.locked_until, lang, ctx.timeZone);
    if (until) message = `${message} ${translate(lang, 'errors.locked_until', { until })}`;
  }
  if (problem.code === 'too_many_requests' && typeof problem.retry_after === 'number') {
    message = `${message} ${translate(lang, 'errors.retry_after', { wait: formatWait(problem.retry_after, lang) })}`;
  }
  return message;
}

/** The translated sentence for one field error: `errors.fields.<code>` with its params. */
export function fieldMessage(error: FieldProblem, lang: Language): string {
  const key = `errors.fields.${error.code}`;
  const params: Params = {};
  for (const [name, value] of Object.entries(error.params ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
  }
  return hasKey(key, lang) ? translate(lang, key, params) : translate(lang, 'errors.fields.invalid');
}

/** `permissions[3]` and `permissions.3` belong to the form field `permissions`. */
export function baseField(field: string): string {
  return field.replace(/\[\d+\]$/, '').replace(/\.\d+$/, '');
}

/** Field name → first translated message, for showing beside each input. */
export function fieldErrors(error: unknown, lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of asProblem(error).errors ?? []) {
    const field = baseField(item.field);
    if (!(field in out)) out[field] = fieldMessage(item, lang);
  }
  return out;
}
