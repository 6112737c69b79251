import { describe, expect, it } from 'vitest';
import type { Conversation, Me, User } from '../api/types';
import { reactionsOf } from '../components/inbox/message';
import { type AppEvent, type AppState, applyEvent, initialState } from '../realtime/reducer';
import { alertFor } from './alerts';

const me: Me = {
  user: { id: 'me', name: 'Yo', language: 'es', time_zone: 'UTC' } as User,
  organization: { id: 'o', name: 'O', time_zone: 'UTC' },
  permissions: ['inbox.own'],
  csrf_token: null,
};

function conv(extra: Partial<Conversation>): Conversation {
  return {
    id: 'c1',
    status: 'assigned',
    agent_id: 'me',
    contact: { id: 'k', name: 'Laura', phone: null, email: null },
    last_message: { preview: 'Hola', direction: 'inbound', author: null },
    assigned_at: '2026-03-01T10:00:00Z',
    ...extra,
  } as Conversation;
}

let id = 10;
function event(kind: string, payload: unknown): AppEvent {
  id += 1;
  return { id, kind, at: '2026-03-01T10:00:05Z', payload };
}

function step(state: AppState, e: AppEvent) {
  const next = applyEvent(state, e);
  return { next, alert: alertFor(state, e, next) };
}

describe('alerts', () => {
  const start = applyEvent(initialState, { kind: 'local.session_started', me });

  it('tell about a conversation newly assigned to me, once', () => {
    const first = step(start, event('conversation.updated', { conversation: conv({}) }));
    expect(first.alert).toMatchObject({ kind: 'assigned', conversationId: 'c1', who: 'Laura' });
    const listed = applyEvent(first.next, {
      kind: 'local.list_loaded',
      list: 'inbox',
      query: {},
      items: [conv({})],
      next: null,
      append: false,
    });
    expect(
      step(listed, event('conversation.updated', { conversation: conv({ unread_count: 2 }) })).alert,
    ).toBeNull();
  });

  it('tell about a new conversation waiting in my queue, not in others’', () => {
    const withQueues = applyEvent(start, {
      kind: 'local.counts_loaded',
      counts: { assigned: 0, unread_conversations: 0, unread_messages: 0, queues: [{ queue_id: 'q1' }] },
    } as AppEvent);
    const waiting = (queue: string) =>
      conv({
        status: 'queued',
        agent_id: null,
        queue_id: queue,
        reserved_for: null,
        queued_at: '2026-03-01T10:00:01Z',
      });
    const mine = step(withQueues, event('conversation.updated', { conversation: waiting('q1') }));
    expect(mine.alert).toMatchObject({ kind: 'waiting', conversationId: 'c1', who: 'Laura' });
    expect(step(withQueues, event('conversation.updated', { conversation: waiting('q2') })).alert).toBeNull();
    const old = conv({
      status: 'queued',
      agent_id: null,
      queue_id: 'q1',
      reserved_for: null,
      queued_at: '2026-02-01T10:00:00Z',
    });
    expect(step(withQueues, event('conversation.updated', { conversation: old })).alert).toBeNull();
  });

  it('tell about a customer message in my conversation, not about others’ or my own', () => {
    const inbound = { id: 'm', conversation_id: 'c1', direction: 'inbound', text: '¿Hola?' };
    expect(
      step(
        start,
        event('message.created', {
          conversation: conv({ assigned_at: '2026-02-01T00:00:00Z' }),
          message: inbound,
        }),
      ).alert,
    ).toMatchObject({ kind: 'message', text: '¿Hola?' });
    const mine = { ...inbound, direction: 'outbound' };
    expect(step(start, event('message.created', { conversation: conv({}), message: mine })).alert).toBeNull();
    const theirs = conv({ agent_id: 'other' });
    expect(
      step(start, event('message.created', { conversation: theirs, message: inbound })).alert,
    ).toBeNull();
  });

  it('tell about mentions, and ignore replayed events', () => {
    const mention = event('notification.created', {
      id: 'n',
      kind: 'mention',
      payload: { conversation_id: 'c1', by: { name: 'Beatriz' }, text: 'mira' },
    });
    const { next, alert } = step(start, mention);
    expect(alert).toMatchObject({ kind: 'mention', who: 'Beatriz' });
    expect(alertFor(next, mention, applyEvent(next, mention))).toBeNull();
  });
});

describe('reactions', () => {
  it('are read from the payload', () => {
    expect(reactionsOf({ payload: { reactions: { a: '👍', b: '❤️' } } })).toEqual(['👍', '❤️']);
    expect(reactionsOf({ payload: {} })).toEqual([]);
  });
});

describe('the WhatsApp 24-hour window', () => {
  it('is closed a day after the contact last wrote, on WhatsApp only', async () => {
    const { windowClosed } = await import('../components/inbox/query');
    const c = conv({ channel_kind: 'whatsapp', last_contact_message_at: '2026-03-01T10:00:00Z' });
    expect(windowClosed(c, Date.parse('2026-03-02T09:00:00Z'))).toBe(false);
    expect(windowClosed(c, Date.parse('2026-03-02T11:00:00Z'))).toBe(true);
    expect(windowClosed({ ...c, channel_kind: 'simulator' }, Date.parse('2026-03-05T00:00:00Z'))).toBe(false);
  });
});
