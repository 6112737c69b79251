import { describe, expect, it } from 'vitest';
import { defaultFilters, isoDate, rate, withBroadcast } from './report-logic';

describe('broadcast report filters', () => {
  it('start with the last seven days', () => {
    const f = defaultFilters(new Date(2026, 2, 3, 10, 0));
    expect([f.from, f.to]).toEqual(['2026-02-25', '2026-03-03']);
    expect(f.origin).toBe('');
  });

  it('pad months and days', () => {
    expect(isoDate(new Date(2026, 0, 5))).toBe('2026-01-05');
  });

  it('drop another origin when a broadcast is chosen', () => {
    const f = { ...defaultFilters(new Date(2026, 2, 3)), origin: 'api' as const };
    expect(withBroadcast(f, 'b1')).toMatchObject({ broadcast_id: 'b1', origin: '' });
    const broadcastOnly = { ...f, origin: 'broadcast' as const };
    expect(withBroadcast(broadcastOnly, 'b1').origin).toBe('broadcast');
    expect(withBroadcast(f, '').origin).toBe('api');
  });

  it('show the reply rate as a percentage', () => {
    expect(rate(0.3333, 'en')).toBe('33.3%');
    expect(rate(0, 'en')).toBe('0%');
  });
});
