import { describe, expect, it } from 'vitest';
import type { InboxCounts } from '../../api/types';
import { optionCount, viewCount } from './counts';

const counts: InboxCounts = {
  assigned: 2,
  unread_conversations: 1,
  unread_messages: 3,
  queues: [
    { queue_id: 'q1', campaign_id: 'c1', name: 'Soporte', waiting: 4 },
    { queue_id: 'q2', campaign_id: 'c1', name: 'Ventas', waiting: 1 },
  ],
  open: { by_status: { bot: 1, queued: 6, assigned: 9 }, by_campaign: { c1: 16 }, by_channel: { ch1: 16 } },
};

describe('inbox counts', () => {
  it('gives agents their own badges', () => {
    expect(viewCount(counts, 'mine', false)).toBe(2);
    expect(viewCount(counts, 'queued', false)).toBe(5);
    expect(viewCount(counts, 'unread', false)).toBe(1);
    expect(viewCount(counts, 'open', false)).toBeNull();
    expect(optionCount({ ...counts, open: null }, 'by_campaign', 'c1')).toBeNull();
  });

  it('gives supervisors the whole inbox', () => {
    expect(viewCount(counts, 'open', true)).toBe(16);
    expect(viewCount(counts, 'queued', true)).toBe(6);
    expect(viewCount(counts, 'unread', true)).toBeNull();
    expect(optionCount(counts, 'by_campaign', 'c1')).toBe(16);
    expect(optionCount(counts, 'by_channel', 'other')).toBe(0);
  });

  it('shows nothing before the counts arrive', () => {
    expect(viewCount(null, 'mine', false)).toBeNull();
  });
});
