import type { SurveyAnswer } from '../../api/bots';

export type Period = '7' | '30' | '90' | 'all';
export const PERIODS: Period[] = ['7', '30', '90', 'all'];

/** The `since` of a period of days before `now` (RFC 3339), or undefined for "all". */
export function sinceFor(period: Period, now: Date): string | undefined {
  if (period === 'all') return undefined;
  return new Date(now.getTime() - Number(period) * 24 * 3600 * 1000).toISOString();
}

/** An average or score with at most one decimal, or a dash when there are no answers. */
export function oneDecimal(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 1, minimumFractionDigits: 0 }).format(value);
}

/** A percentage (the server sends 0–100), or a dash. */
export function percent(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
}

/** How an answer reads: "4/5" (CSAT), "9/10" (NPS). */
export function scoreLabel(answer: Pick<SurveyAnswer, 'kind' | 'score'>): string {
  if (answer.score === null) return '—';
  return `${answer.score}/${answer.kind === 'nps' ? 10 : 5}`;
}

/** The tone of an answer: CSAT 4–5 and NPS 9–10 good, CSAT 1–2 and NPS 0–6 bad. */
export function scoreTone(answer: Pick<SurveyAnswer, 'kind' | 'score'>): 'success' | 'warning' | 'danger' {
  const s = answer.score ?? 0;
  if (answer.kind === 'nps') return s >= 9 ? 'success' : s >= 7 ? 'warning' : 'danger';
  return s >= 4 ? 'success' : s === 3 ? 'warning' : 'danger';
}
