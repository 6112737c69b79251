import type { ConversationReport } from '../../api/types';

/** The date ranges offered in one click; `custom` takes the two dates typed. */
export type Preset = 'today' | 'yesterday' | 'last7' | 'last30' | 'this_month' | 'last_month' | 'custom';
export const PRESETS: readonly Preset[] = [
  'today',
  'yesterday',
  'last7',
  'last30',
  'this_month',
  'last_month',
  'custom',
];

export type GroupBy = 'day' | 'agent' | 'campaign' | 'channel' | 'queue';
export const GROUPS: readonly GroupBy[] = ['day', 'agent', 'campaign', 'channel', 'queue'];

/** The time figures of a report, in the order the table shows them. */
export const TIME_METRICS = ['tmf', 'first_response', 'tme', 'tma', 'response', 'resolution'] as const;
export type TimeMetric = (typeof TIME_METRICS)[number];

/** The counters of a report, in the order the table and chart show them. */
export const COUNTS = ['offered', 'attended', 'abandoned', 'lost', 'transferred', 'out_of_hours'] as const;
export type Count = (typeof COUNTS)[number];

export type Figures = ConversationReport['totals'];

export interface Period {
  from: string;
  to: string;
}

/** Today's date (`YYYY-MM-DD`) in a time zone: the organization's, whose days the report counts. */
export function todayIn(timeZone: string, now: Date): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

function parse(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function print(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A date moved by whole days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return print(d);
}

/** The period of a preset, counted back from `today`; null for `custom`. */
export function presetPeriod(preset: Preset, today: string): Period | null {
  const d = parse(today);
  const firstOfMonth = (year: number, month: number) => print(new Date(Date.UTC(year, month, 1)));
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const y = addDays(today, -1);
      return { from: y, to: y };
    }
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'this_month':
      return { from: firstOfMonth(d.getUTCFullYear(), d.getUTCMonth()), to: today };
    case 'last_month': {
      const from = firstOfMonth(d.getUTCFullYear(), d.getUTCMonth() - 1);
      const to = addDays(firstOfMonth(d.getUTCFullYear(), d.getUTCMonth()), -1);
      return { from, to };
    }
    case 'custom':
      return null;
  }
}

export function isPreset(value: string | null): value is Preset {
  return value !== null && (PRESETS as readonly string[]).includes(value);
}

export function isGroup(value: string | null): value is GroupBy {
  return value !== null && (GROUPS as readonly string[]).includes(value);
}

/** A time in seconds as the user reads it ("45 s", "2.5 min", "1.2 h"), or a dash without data. */
export function formatSeconds(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const unit = (v: number, name: 'second' | 'minute' | 'hour', digits: number) =>
    new Intl.NumberFormat(lang, {
      style: 'unit',
      unit: name,
      unitDisplay: 'short',
      maximumFractionDigits: digits,
    }).format(v);
  const s = Math.max(0, value);
  if (s < 60) return unit(s, 'second', s < 10 ? 1 : 0);
  if (s < 3600) return unit(s / 60, 'minute', 1);
  return unit(s / 3600, 'hour', 1);
}

/** A percentage the server sends as 0–100, or a dash without tickets. */
export function formatPercent(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
}

/** The query of `GET /api/v1/reports/conversations`; empty filters are left out. */
export function reportQuery(
  period: Period,
  groupBy: GroupBy,
  filters: Partial<Record<'campaign_id' | 'channel_id' | 'queue_id' | 'agent_id', string>>,
): Record<string, string> {
  const query: Record<string, string> = { from: period.from, to: period.to, group_by: groupBy };
  for (const [key, value] of Object.entries(filters)) if (value) query[key] = value;
  return query;
}

/** The series the chart draws: one category per row, the counters as bars. */
export function chartSeries(
  report: ConversationReport,
  labelOf: (row: ConversationReport['rows'][number]) => string,
): { categories: string[]; series: { count: Count; values: number[] }[] } {
  const drawn: Count[] = ['attended', 'transferred', 'abandoned', 'lost'];
  return {
    categories: report.rows.map(labelOf),
    series: drawn.map((count) => ({ count, values: report.rows.map((r) => r[count]) })),
  };
}
