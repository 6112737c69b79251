import type { ReportFilters } from '../../api/broadcasts';

/** A calendar date as `YYYY-MM-DD` in the browser's zone. */
export function isoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The report's first question: the last seven days, today included, every origin. */
export function defaultFilters(now: Date): ReportFilters {
  const weekAgo = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 6);
  return { from: isoDate(weekAgo), to: isoDate(now), channel_id: '', origin: '', broadcast_id: '' };
}

/** Naming a broadcast means broadcasts only: another origin beside it is dropped. */
export function withBroadcast(f: ReportFilters, broadcastId: string): ReportFilters {
  const origin = broadcastId && f.origin !== 'broadcast' ? '' : f.origin;
  return { ...f, broadcast_id: broadcastId, origin };
}

/** A reply rate (0 to 1) as a percentage in the reader's language. */
export function rate(value: number, lang: string): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}
