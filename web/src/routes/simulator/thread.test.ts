import { describe, expect, it } from 'vitest';
import type { SimulatorMessage } from '../../api/types';
import { dayKey } from '../../i18n/format';
import { channelIdOf, channelPath } from './page';
import {
  DEFAULT_PHONE,
  groupByDay,
  isImage,
  localName,
  MAX_CUSTOMERS,
  normalizePhone,
  parseCustomers,
  readMarker,
  rememberCustomer,
  sendBody,
  sortThread,
  statusKey,
  upsertMessage,
} from './thread';

function msg(id: string, at: string, extra: Partial<SimulatorMessage> = {}): SimulatorMessage {
  return {
    id,
    conversation_id: 'c1',
    contact_id: 'k1',
    channel_id: 'ch1',
    direction: 'inbound',
    kind: 'text',
    text: id,
    payload: {},
    attachment: null,
    reply_to_id: null,
    author: null,
    automated: null,
    status: null,
    error: null,
    resent: false,
    sent_at: null,
    delivered_at: null,
    read_at: null,
    contact_phone: DEFAULT_PHONE,
    contact_name: 'Cliente de prueba',
    created_at: at,
    ...extra,
  };
}

describe('phones', () => {
  it('normalizes to E.164 and rejects what is not a phone', () => {
    expect(normalizePhone(DEFAULT_PHONE)).toBe(DEFAULT_PHONE);
    expect(normalizePhone(' +57 300 111-2233 ')).toBe(DEFAULT_PHONE);
    expect(normalizePhone('573001112233')).toBe(DEFAULT_PHONE);
    expect(normalizePhone('(11) 98765.4321')).toBe('+11987654321');
    expect(normalizePhone('')).toBeNull();
    expect(normalizePhone('00573001112233')).toBe(DEFAULT_PHONE);
    expect(normalizePhone('+12345')).toBeNull();
    expect(normalizePhone('+1234567')).toBeNull();
    expect(normalizePhone('+12345678')).toBe('+12345678');
    expect(normalizePhone('+0573001112233')).toBeNull();
    expect(normalizePhone('+57300abc2233')).toBeNull();
    expect(normalizePhone('+1234567890123456')).toBeNull();
  });

  it('keeps the latest customers first, one per phone, up to the limit', () => {
    let list = rememberCustomer([], { phone: '+1', name: 'A' });
    list = rememberCustomer(list, { phone: '+2', name: 'B' });
    list = rememberCustomer(list, { phone: '+1', name: 'A2' });
    expect(list).toEqual([
      { phone: '+1', name: 'A2' },
      { phone: '+2', name: 'B' },
    ]);
    for (let i = 0; i < 10; i++) list = rememberCustomer(list, { phone: `+9${i}`, name: '' });
    expect(list).toHaveLength(MAX_CUSTOMERS);
    expect(list[0]?.phone).toBe('+99');
  });

  it('reads the stored list defensively', () => {
    expect(parseCustomers(null)).toEqual([]);
    expect(parseCustomers('not json')).toEqual([]);
    expect(parseCustomers('{"phone":"+573001112233"}')).toEqual([]);
    expect(
      parseCustomers(
        JSON.stringify([
          { phone: '573001112233', name: 'Ana' },
          { phone: '+573001112233', name: 'dup' },
          { phone: 'x' },
          null,
          { phone: '+5511987654321', name: 7 },
        ]),
      ),
    ).toEqual([
      { phone: DEFAULT_PHONE, name: 'Ana' },
      { phone: '+5511987654321', name: '' },
    ]);
  });
});

describe('thread', () => {
  it('sorts oldest first, keeping the server order for equal instants', () => {
    const sorted = sortThread([
      msg('b', '2026-03-05T10:00:01Z'),
      msg('a', '2026-03-05T10:00:00Z'),
      msg('c', '2026-03-05T10:00:01Z'),
    ]);
    expect(sorted.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('adds a new message in place and replaces a known one', () => {
    const thread = [msg('a', '2026-03-05T10:00:00Z'), msg('c', '2026-03-05T10:02:00Z')];
    expect(upsertMessage(thread, msg('b', '2026-03-05T10:01:00Z')).map((m) => m.id)).toEqual(['a', 'b', 'c']);
    const replaced = upsertMessage(thread, msg('a', '2026-03-05T10:00:00Z', { text: 'edited' }));
    expect(replaced.map((m) => m.text)).toEqual(['edited', 'c']);
    expect(thread[0]?.text).toBe('a');
  });

  it('groups by calendar day in the user time zone', () => {
    const thread = [
      msg('a', '2026-03-05T23:30:00Z'),
      msg('b', '2026-03-06T04:30:00Z'),
      msg('c', '2026-03-06T05:30:00Z'),
    ];
    expect(groupByDay(thread, 'UTC').map((g) => [g.day, g.messages.map((m) => m.id)])).toEqual([
      ['2026-03-05', ['a']],
      ['2026-03-06', ['b', 'c']],
    ]);
    expect(groupByDay(thread, 'America/Bogota').map((g) => [g.day, g.messages.length])).toEqual([
      ['2026-03-05', 2],
      ['2026-03-06', 1],
    ]);
    expect(dayKey('nope', 'UTC')).toBe('');
    expect(dayKey('2026-03-05T10:00:00Z', 'Mars/Olympus')).toMatch(/^2026-03-0[45]$/);
  });

  it('changes the read marker only for a new agent reply or another thread', () => {
    const thread = [msg('a', '2026-03-05T10:00:00Z')];
    const shown = readMarker('ch', DEFAULT_PHONE, thread);
    const withMine = [...thread, msg('b', '2026-03-05T10:01:00Z')];
    expect(readMarker('ch', DEFAULT_PHONE, withMine)).toBe(shown);
    const withReply = [...withMine, msg('r', '2026-03-05T10:02:00Z', { direction: 'outbound' })];
    expect(readMarker('ch', DEFAULT_PHONE, withReply)).not.toBe(shown);
    expect(readMarker('ch', '+5511987654321', thread)).not.toBe(shown);
  });

  it('changes the read marker again when a reply still on its way arrives', () => {
    const pending = [msg('r', '2026-03-05T10:02:00Z', { direction: 'outbound', status: 'pending' })];
    const delivered = [{ ...pending[0], status: 'delivered' } as SimulatorMessage];
    expect(readMarker('ch', DEFAULT_PHONE, delivered)).not.toBe(readMarker('ch', DEFAULT_PHONE, pending));
  });
});

describe('bubbles', () => {
  it('shows pictures for image types only', () => {
    expect(isImage({ content_type: 'image/png' })).toBe(true);
    expect(isImage({ content_type: 'IMAGE/JPEG' })).toBe(true);
    expect(isImage({ content_type: 'application/pdf' })).toBe(false);
    expect(isImage(null)).toBe(false);
  });

  it('shows the delivery status of agent replies only', () => {
    expect(statusKey({ direction: 'outbound', status: 'read' })).toBe('simulator.status.read');
    expect(statusKey({ direction: 'outbound', status: null })).toBeNull();
    expect(statusKey({ direction: 'inbound', status: 'sent' })).toBeNull();
  });
});

describe('sending', () => {
  const ana = { phone: DEFAULT_PHONE, name: ' Ana ' };

  it('sends trimmed text, the attachment and the customer', () => {
    expect(sendBody('  hola  ', null, ana)).toEqual({
      text: 'hola',
      contact_name: 'Ana',
      contact_phone: DEFAULT_PHONE,
    });
    expect(sendBody('', 'f1', { phone: DEFAULT_PHONE, name: '' })).toEqual({
      attachment: 'f1',
      contact_phone: DEFAULT_PHONE,
    });
  });

  it('sends nothing without text or attachment', () => {
    expect(sendBody('   ', null, ana)).toBeNull();
  });
});

describe('simulator paths', () => {
  it('round-trips the channel id', () => {
    expect(channelPath('a b')).toBe('/simulator/a%20b');
    expect(channelIdOf('/simulator/a%20b')).toBe('a b');
    expect(channelIdOf('/simulator/abc/')).toBe('abc');
    expect(channelIdOf('/simulator/%E0%A4%A')).toBe('%E0%A4%A');
  });
});

describe('the default customer', () => {
  it('reads in the interface’s language, whatever language named it', () => {
    expect(localName('Test customer', 'Cliente de teste')).toBe('Cliente de teste');
    expect(localName('Cliente de prueba', 'Test customer')).toBe('Test customer');
    expect(localName('  ', 'Cliente de prueba')).toBe('Cliente de prueba');
    expect(localName(' Ana ', 'Cliente de prueba')).toBe('Ana');
  });
});
