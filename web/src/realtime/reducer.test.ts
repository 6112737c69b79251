import { describe, expect, it } from 'vitest';
import type { Me, Message, MessageStatus, User } from '../api/types';
import { type AppState, applyEvent, initialState, messageEventChannel } from './reducer';

function user(id: string, extra: Partial<User> = {}): User {
  return {
    id,
    email: `${id}@demo.test`,
    name: id,
    avatar_url: null,
    language: 'es',
    time_zone: 'America/Bogota',
    status: 'offline',
    pause_reason_id: null,
    status_changed_at: '2026-01-01T00:00:00Z',
    capacity: 5,
    profile_id: 'p1',
    profile_name: 'Agent',
    profile_builtin: null,
    active: true,
    invited: false,
    created_at: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

function me(u: User): Me {
  return {
    user: u,
    organization: { id: 'o1', name: 'Demo', time_zone: 'America/Bogota' },
    permissions: ['users.manage'],
    csrf_token: 'x',
  };
}

function signedIn(): AppState {
  let state = applyEvent(initialState, { kind: 'local.session_started', me: me(user('a')) });
  state = applyEvent(state, {
    kind: 'local.users_loaded',
    items: [user('a'), user('b')],
    next: 'c1',
    append: false,
  });
  return state;
}

const statusEvent = (id: number, userId: string, status: User['status'], reason: string | null = null) => ({
  id,
  kind: 'user.status_changed' as const,
  at: '2026-02-01T10:00:00Z',
  payload: { user_id: userId, status, pause_reason_id: reason },
});

describe('applyEvent', () => {
  it('records the cursor from hello', () => {
    const state = applyEvent(initialState, { kind: 'hello', last_event_id: 41 });
    expect(state.lastEventId).toBe(41);
  });

  it('updates the header user and the users list from user.status_changed', () => {
    const state = applyEvent(signedIn(), statusEvent(5, 'a', 'paused', 'r1'));
    expect(state.me?.user.status).toBe('paused');
    expect(state.me?.user.pause_reason_id).toBe('r1');
    expect(state.users.find((u) => u.id === 'a')?.status).toBe('paused');
    expect(state.users.find((u) => u.id === 'b')?.status).toBe('offline');
    expect(state.lastEventId).toBe(5);
  });

  it('updates another user in the list without touching me', () => {
    const before = signedIn();
    const state = applyEvent(before, statusEvent(6, 'b', 'online'));
    expect(state.users.find((u) => u.id === 'b')?.status).toBe('online');
    expect(state.me).toBe(before.me);
  });

  it('ignores events already applied (replays after reconnecting)', () => {
    const once = applyEvent(signedIn(), statusEvent(7, 'b', 'online'));
    const again = applyEvent(once, statusEvent(7, 'b', 'invisible'));
    expect(again).toBe(once);
    const older = applyEvent(once, statusEvent(3, 'b', 'offline'));
    expect(older.users.find((u) => u.id === 'b')?.status).toBe('online');
  });

  it('advances the cursor on unknown event kinds without changing data', () => {
    const before = signedIn();
    const state = applyEvent(before, { id: 9, kind: 'conversation.created', at: 'x', payload: {} });
    expect(state.lastEventId).toBe(9);
    expect(state.users).toBe(before.users);
  });

  it('replaces the organization when an administrator saves its settings', () => {
    const state = applyEvent(signedIn(), {
      kind: 'local.organization_updated',
      organization: { id: 'o1', name: 'Demo', time_zone: 'UTC' },
    });
    expect(state.me?.organization.time_zone).toBe('UTC');
    expect(state.me?.user.id).toBe('a');
    expect(
      applyEvent(initialState, {
        kind: 'local.organization_updated',
        organization: { id: 'o1', name: 'Demo', time_zone: 'UTC' },
      }).me,
    ).toBeNull();
  });

  it('counts reload requests', () => {
    const state = applyEvent(applyEvent(initialState, { kind: 'reload' }), { kind: 'reload' });
    expect(state.reloads).toBe(2);
  });

  it('appends pages without duplicates and replaces on a fresh load', () => {
    let state = signedIn();
    state = applyEvent(state, {
      kind: 'local.users_loaded',
      items: [user('b'), user('c')],
      next: null,
      append: true,
    });
    expect(state.users.map((u) => u.id)).toEqual(['a', 'b', 'c']);
    expect(state.usersNext).toBeNull();
    state = applyEvent(state, { kind: 'local.users_loaded', items: [user('z')], next: null, append: false });
    expect(state.users.map((u) => u.id)).toEqual(['z']);
  });

  it('puts a newly invited user first and keeps me in sync when saving myself', () => {
    let state = applyEvent(signedIn(), { kind: 'local.user_saved', user: user('n', { invited: true }) });
    expect(state.users[0]?.id).toBe('n');
    state = applyEvent(state, { kind: 'local.user_saved', user: user('a', { name: 'Ana' }) });
    expect(state.me?.user.name).toBe('Ana');
    expect(state.users.find((u) => u.id === 'a')?.name).toBe('Ana');
  });

  it('clears everything on logout', () => {
    const state = applyEvent(signedIn(), { kind: 'local.session_ended' });
    expect(state.me).toBeNull();
    expect(state.users).toEqual([]);
    expect(state.lastEventId).toBeNull();
  });

  it('counts message events per channel, once per event id', () => {
    const event = (id: number, kind: string, channel: unknown) => ({
      id,
      kind,
      at: 'x',
      payload: {
        message: { id: `m${id}`, conversation_id: 'c', channel_id: channel, direction: 'outbound' },
      },
    });
    let state = applyEvent(signedIn(), event(20, 'message.created', 'ch1'));
    state = applyEvent(state, event(21, 'message.updated', 'ch1'));
    state = applyEvent(state, event(22, 'message.created', 'ch2'));
    state = applyEvent(state, event(22, 'message.created', 'ch2'));
    state = applyEvent(state, event(23, 'conversation.created', 'ch1'));
    state = applyEvent(state, event(24, 'message.created', null));
    expect(state.channelActivity).toEqual({ ch1: 2, ch2: 1 });
    expect(messageEventChannel({ id: 1, kind: 'message.created', at: 'x', payload: null })).toBeNull();
    expect(applyEvent(state, { kind: 'local.session_ended' }).channelActivity).toEqual({});
  });

  it("keeps a reply's newest delivery news whatever order it arrives in", () => {
    const reply = (id: string, at: string, status: MessageStatus): Message => ({
      id,
      conversation_id: 'c1',
      contact_id: 'k1',
      channel_id: 'ch1',
      direction: 'outbound',
      kind: 'text',
      text: 'Te envío la guía',
      payload: {},
      attachment: null,
      reply_to_id: null,
      author: { id: 'a', name: 'a' },
      automated: null,
      status,
      error: null,
      resent: false,
      sent_at: null,
      delivered_at: null,
      read_at: status === 'read' ? at : null,
      created_at: at,
    });
    const news = (id: number, message: Message) => ({
      id,
      kind: 'message.updated',
      at: 'x',
      payload: { message },
    });
    let state = applyEvent(signedIn(), { kind: 'local.conversation_opened', id: 'c1' });
    state = applyEvent(state, {
      kind: 'local.message_saved',
      message: reply('m1', '2026-03-01T10:00:00Z', 'read'),
    });
    // The read news of the reply just sent comes before the reply's own (pending) answer.
    state = applyEvent(state, news(30, reply('r1', '2026-03-01T10:02:00Z', 'read')));
    state = applyEvent(state, {
      kind: 'local.message_saved',
      message: reply('r1', '2026-03-01T10:02:00Z', 'pending'),
    });
    expect(state.inbox.open?.messages.map((m) => [m.id, m.status])).toEqual([
      ['m1', 'read'],
      ['r1', 'read'],
    ]);
    // News of an older message that is not loaded stays out of the thread.
    state = applyEvent(state, news(31, reply('o1', '2026-03-01T09:00:00Z', 'delivered')));
    expect(state.inbox.open?.messages.map((m) => m.id)).toEqual(['m1', 'r1']);
  });

  it('does not mutate the previous state', () => {
    const before = signedIn();
    const snapshot = JSON.stringify(before);
    applyEvent(before, statusEvent(11, 'a', 'online'));
    expect(JSON.stringify(before)).toBe(snapshot);
  });
});
