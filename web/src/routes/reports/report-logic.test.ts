import { describe, expect, it } from 'vitest';
import type { ConversationReport } from '../../api/types';
import {
  addDays,
  chartSeries,
  formatPercent,
  formatSeconds,
  presetPeriod,
  reportQuery,
  todayIn,
} from './report-logic';

describe('report periods', () => {
  it('reads today in the organization zone, not the device one', () => {
    const late = new Date('2026-03-03T03:00:00Z');
    expect(todayIn('America/Bogota', late)).toBe('2026-03-02');
    expect(todayIn('UTC', late)).toBe('2026-03-03');
    expect(todayIn('Not/AZone', late)).toBe('2026-03-03');
  });

  it('counts presets back from today, across months and leap years', () => {
    expect(presetPeriod('today', '2026-03-02')).toEqual({ from: '2026-03-02', to: '2026-03-02' });
    expect(presetPeriod('yesterday', '2026-03-01')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(presetPeriod('last7', '2026-03-02')).toEqual({ from: '2026-02-24', to: '2026-03-02' });
    expect(presetPeriod('last30', '2026-03-02')).toEqual({ from: '2026-02-01', to: '2026-03-02' });
    expect(presetPeriod('this_month', '2026-03-17')).toEqual({ from: '2026-03-01', to: '2026-03-17' });
    expect(presetPeriod('last_month', '2024-03-17')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(presetPeriod('last_month', '2026-01-05')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetPeriod('custom', '2026-01-05')).toBeNull();
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});

describe('report figures', () => {
  it('formats times per locale, with a dash when there is no data', () => {
    expect(formatSeconds(null, 'en')).toBe('—');
    expect(formatSeconds(45, 'en')).toBe('45 sec');
    expect(formatSeconds(2.5, 'en')).toBe('2.5 sec');
    expect(formatSeconds(150, 'en')).toBe('2.5 min');
    expect(formatSeconds(150, 'es')).toBe('2,5 min');
    expect(formatSeconds(5400, 'en')).toBe('1.5 hr');
    expect(formatPercent(42.86, 'en')).toBe('42.9%');
    expect(formatPercent(null, 'en')).toBe('—');
  });

  it('leaves empty filters out of the query', () => {
    expect(
      reportQuery({ from: '2026-03-01', to: '2026-03-02' }, 'agent', { campaign_id: 'c', queue_id: '' }),
    ).toEqual({ from: '2026-03-01', to: '2026-03-02', group_by: 'agent', campaign_id: 'c' });
  });

  it('draws one category per row and one series per counter', () => {
    const none = { avg: null, p50: null, p90: null, max: null, n: 0 };
    const figures = (offered: number, attended: number) => ({
      offered,
      attended,
      abandoned: 0,
      lost: offered - attended,
      transferred: 0,
      out_of_hours: 0,
      attended_pct: null,
      tmf: none,
      first_response: none,
      tme: none,
      tma: none,
      response: none,
      resolution: none,
    });
    const report: ConversationReport = {
      totals: figures(3, 2),
      rows: [
        { key: 'a', label: 'Ana', ...figures(2, 2) },
        { key: 'none', label: null, ...figures(1, 0) },
      ],
    };
    const chart = chartSeries(report, (r) => r.label ?? '—');
    expect(chart.categories).toEqual(['Ana', '—']);
    expect(chart.series.find((s) => s.count === 'attended')?.values).toEqual([2, 0]);
    expect(chart.series.find((s) => s.count === 'lost')?.values).toEqual([0, 1]);
  });
});
