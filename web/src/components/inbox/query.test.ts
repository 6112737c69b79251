import { describe, expect, it } from 'vitest';
import type { CampaignField, Conversation, Message } from '../../api/types';
import { closeFields, validateClose } from './actions';
import {
  apiQuery,
  conversationIdOf,
  DEFAULT_FILTER,
  durationParts,
  filterSearch,
  mentionToken,
  parseFilter,
  queryKey,
  secondsSince,
  splitMentions,
  systemEvent,
  tokenAt,
  waitingSince,
} from './query';

describe('inbox filters', () => {
  it('round-trip through the URL, leaving defaults out', () => {
    expect(filterSearch(DEFAULT_FILTER)).toBe('');
    const f = { ...DEFAULT_FILTER, view: 'queued' as const, queue: 'q1', q: ' ana ' };
    expect(filterSearch(f)).toBe('?view=queued&queue=q1&q=ana');
    expect(parseFilter('?view=queued&queue=q1&q=ana')).toEqual({ ...f, q: 'ana' });
    expect(parseFilter('?view=nonsense').view).toBe('open');
  });

  it('build the API query of each view', () => {
    expect(apiQuery(DEFAULT_FILTER, 'me')).toEqual({ status: 'bot,queued,assigned' });
    expect(apiQuery({ ...DEFAULT_FILTER, view: 'mine', agent: 'x' }, 'me')).toEqual({
      status: 'assigned',
      agent_id: 'me',
    });
    expect(apiQuery({ ...DEFAULT_FILTER, view: 'unread' }, 'me')).toEqual({
      status: 'bot,queued,assigned',
      unread: 'true',
    });
    expect(
      apiQuery({ ...DEFAULT_FILTER, view: 'all', channel: 'ch', campaign: 'ca', tag: ' vip ', q: 'x' }, 'me'),
    ).toEqual({ channel_id: 'ch', campaign_id: 'ca', tag: 'vip', q: 'x' });
    expect(queryKey({ b: '2', a: '1' })).toBe(queryKey({ a: '1', b: '2' }));
  });

  it('read the conversation id of a path', () => {
    expect(conversationIdOf('/inbox')).toBeNull();
    expect(conversationIdOf('/inbox/abc')).toBe('abc');
  });
});

describe('wait times', () => {
  const base = {
    status: 'queued',
    queued_at: '2026-03-01T10:00:00Z',
    last_contact_message_at: '2026-03-01T09:00:00Z',
    last_message: { preview: '', direction: 'inbound', author: null },
  } as unknown as Conversation;

  it('count from the queueing, or from an unanswered customer message', () => {
    expect(waitingSince(base)).toBe('2026-03-01T10:00:00Z');
    expect(waitingSince({ ...base, status: 'assigned' })).toBe('2026-03-01T09:00:00Z');
    expect(
      waitingSince({
        ...base,
        status: 'assigned',
        last_message: { preview: '', direction: 'outbound', author: null },
      }),
    ).toBe(null);
    expect(waitingSince({ ...base, status: 'closed' })).toBeNull();
    expect(secondsSince('2026-03-01T10:00:00Z', Date.parse('2026-03-01T10:02:30Z'))).toBe(150);
    expect(secondsSince(null, 0)).toBeNull();
  });

  it('pick a short unit', () => {
    expect(durationParts(42)).toEqual({ unit: 's', value: 42 });
    expect(durationParts(150)).toEqual({ unit: 'min', value: 2 });
    expect(durationParts(3 * 3600 + 5 * 60)).toEqual({ unit: 'h', value: 3, rest: 5 });
    expect(durationParts(2 * 86400 + 10)).toEqual({ unit: 'd', value: 2 });
  });
});

describe('composer helpers', () => {
  it('write and read mentions', () => {
    const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const token = mentionToken('Beatriz [B]', id);
    expect(token).toBe(`@[Beatriz B](user:${id})`);
    expect(splitMentions(`Hola ${token}, mira`)).toEqual([
      { text: 'Hola ' },
      { mention: 'Beatriz B', userId: id },
      { text: ', mira' },
    ]);
  });

  it('find the "/" and "@" being typed', () => {
    expect(tokenAt('/salu', 5, '/')).toEqual({ start: 0, query: 'salu' });
    expect(tokenAt('hola /x', 7, '/')).toBeNull();
    expect(tokenAt('hola @bea', 9, '@')).toEqual({ start: 5, query: 'bea' });
    expect(tokenAt('correo a@b', 10, '@')).toBeNull();
    expect(tokenAt('hola @bea ya', 12, '@')).toBeNull();
  });

  it('name system events', () => {
    const m = { payload: { event: 'closed' } } as unknown as Message;
    expect(systemEvent(m).key).toBe('inbox.system.closed');
    expect(systemEvent({ payload: null } as unknown as Message).key).toBe('inbox.system.other');
  });
});

describe('close form', () => {
  const fields: CampaignField[] = [
    { id: 'f1', name: 'Motivo', kind: 'list', required: true, options: ['Pedido', 'Reclamo'] },
    { id: 'f2', name: 'Monto', kind: 'number', required: false, options: [] },
    { id: 'f3', name: 'Fecha', kind: 'date', required: false, options: [] },
    { id: 'f4', name: 'VIP', kind: 'boolean', required: false, options: [] },
  ];

  it('requires the disposition and the required fields', () => {
    expect(validateClose('', fields, {})).toEqual({
      disposition_id: 'errors.fields.required',
      'fields.f1': 'errors.fields.required',
    });
    expect(validateClose('d', fields, { f1: 'Pedido', f2: 'abc', f3: '1/2/2026' })).toEqual({
      'fields.f2': 'errors.fields.invalid',
      'fields.f3': 'errors.fields.invalid',
    });
    expect(validateClose('d', fields, { f1: 'Otro' })).toEqual({ 'fields.f1': 'errors.fields.invalid' });
    expect(validateClose('d', fields, { f1: 'Pedido' })).toEqual({});
  });

  it('sends typed values and leaves empty ones out', () => {
    expect(closeFields(fields, { f1: ' Pedido ', f2: '12,5', f3: '', f4: true })).toEqual({
      f1: 'Pedido',
      f2: 12.5,
      f4: true,
    });
  });
});
