import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../api/types';
import { canWriteText } from './query';

const HOUR = 3600 * 1000;
const at = Date.parse('2026-12-07T12:00:00Z');
const closed = (kind: string, lastWrote: string | null) =>
  ({ status: 'closed', channel_kind: kind, last_contact_message_at: lastWrote }) as unknown as Conversation;

describe('writing again on a closed conversation', () => {
  it('takes a text on WhatsApp only within 24 hours of the contact last message', () => {
    expect(canWriteText(closed('whatsapp', new Date(at - 23 * HOUR).toISOString()), at)).toBe(true);
    expect(canWriteText(closed('whatsapp', new Date(at - 25 * HOUR).toISOString()), at)).toBe(false);
    expect(canWriteText(closed('whatsapp', null), at)).toBe(false);
  });

  it('takes a text on networks without a window', () => {
    expect(canWriteText(closed('simulator', null), at)).toBe(true);
    expect(canWriteText(closed('telegram', new Date(at - 90 * 24 * HOUR).toISOString()), at)).toBe(true);
  });
});
