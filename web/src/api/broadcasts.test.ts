import { describe, expect, it } from 'vitest';
import { broadcasts } from './broadcasts';

describe('broadcast CSV links', () => {
  it('carry the tracking table filter, and none when showing all', () => {
    expect(broadcasts.messagesCsvUrl('b 1', '')).toBe('/api/v1/broadcasts/b%201/messages.csv');
    expect(broadcasts.messagesCsvUrl('b1', 'read')).toBe('/api/v1/broadcasts/b1/messages.csv?status=read');
    expect(broadcasts.invalidRowsCsvUrl('b1')).toBe('/api/v1/broadcasts/b1/invalid-rows.csv');
  });

  it('carry every report filter that is set', () => {
    const url = broadcasts.reportCsvUrl({
      from: '2026-03-01',
      to: '2026-03-02',
      channel_id: '',
      origin: 'api',
      broadcast_id: '',
    });
    expect(url).toBe('/api/v1/reports/broadcasts.csv?from=2026-03-01&to=2026-03-02&origin=api');
  });
});
