import { describe, expect, it } from 'vitest';
import type { Agent, Conversation, InboxCounts, Me, Message, User } from '../api/types';
import {
  applyToList,
  type ConversationList,
  compareConversations,
  matchesQuery,
  mergePage,
  prependMessages,
  upsertMessage,
  type Viewer,
  viewerOf,
  visibleTo,
} from './inbox';
import { type AppEvent, type AppState, applyEvent, initialState } from './reducer';

function conv(id: string, extra: Partial<Conversation> = {}): Conversation {
  return {
    id,
    status: 'assigned',
    closed_reason: null,
    contact: { id: `contact-${id}`, name: `Cliente ${id}`, phone: '+57300***233', email: null },
    campaign_id: 'camp',
    channel_id: 'chan',
    channel_kind: 'simulator',
    queue_id: 'q1',
    agent_id: 'me',
    reserved_for: null,
    disposition_id: null,
    closing_note: null,
    fields: {},
    unread_count: 0,
    last_activity_at: '2026-03-01T10:00:00Z',
    last_message: { preview: 'Hola', direction: 'inbound', author: null },
    last_contact_message_at: '2026-03-01T10:00:00Z',
    opened_at: '2026-03-01T09:59:00Z',
    queued_at: null,
    assigned_at: '2026-03-01T10:00:00Z',
    first_response_at: null,
    held_until: null,
    closed_at: null,
    closed_by: null,
    bot_paused: false,
    transferred_from_id: null,
    transferred_to_id: null,
    ...extra,
  };
}

function msg(id: string, at: string, extra: Partial<Message> = {}): Message {
  return {
    id,
    conversation_id: 'c1',
    contact_id: 'contact-c1',
    channel_id: 'chan',
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
    created_at: at,
    ...extra,
  };
}

const agentViewer: Viewer = { userId: 'me', supervises: false, queueIds: ['q1'] };

describe('visibility (agents see their own and their queues’ waiting ones)', () => {
  it('follows the server rule', () => {
    expect(visibleTo(conv('a'), agentViewer)).toBe(true);
    expect(visibleTo(conv('a', { agent_id: 'other' }), agentViewer)).toBe(false);
    expect(visibleTo(conv('a', { agent_id: null, status: 'queued' }), agentViewer)).toBe(true);
    expect(visibleTo(conv('a', { agent_id: null, status: 'queued', queue_id: 'q2' }), agentViewer)).toBe(
      false,
    );
    expect(
      visibleTo(conv('a', { agent_id: null, status: 'queued', reserved_for: 'other' }), agentViewer),
    ).toBe(false);
    expect(visibleTo(conv('a', { agent_id: 'other' }), { ...agentViewer, supervises: true })).toBe(true);
  });

  it('builds the viewer from permissions and queues', () => {
    const counts: InboxCounts = {
      assigned: 0,
      unread_conversations: 0,
      unread_messages: 0,
      queues: [{ queue_id: 'q9', campaign_id: 'c', name: 'Q', waiting: 0 }],
      open: null,
    };
    expect(viewerOf('me', ['inbox.own'], counts, [])).toEqual({
      userId: 'me',
      supervises: false,
      queueIds: ['q9'],
    });
    expect(viewerOf('me', ['inbox.all'], null, []).supervises).toBe(true);
  });
});

describe('list queries', () => {
  it('match status lists, ids and unread', () => {
    const c = conv('a', { unread_count: 2 });
    expect(matchesQuery(c, { status: 'bot,queued,assigned' })).toBe(true);
    expect(matchesQuery(c, { status: 'closed' })).toBe(false);
    expect(matchesQuery(c, { agent_id: 'me', queue_id: 'q1', campaign_id: 'camp', channel_id: 'chan' })).toBe(
      true,
    );
    expect(matchesQuery(c, { agent_id: 'other' })).toBe(false);
    expect(matchesQuery(c, { unread: 'true' })).toBe(true);
    expect(matchesQuery(conv('b'), { unread: 'true' })).toBe(false);
  });

  it('order newest activity first', () => {
    const older = conv('a', { last_activity_at: '2026-03-01T09:00:00Z' });
    const newer = conv('b', { last_activity_at: '2026-03-01T11:00:00Z' });
    expect([older, newer].sort(compareConversations).map((c) => c.id)).toEqual(['b', 'a']);
  });
});

describe('applyToList', () => {
  const list: ConversationList = { query: { status: 'bot,queued,assigned' }, items: [conv('a')], next: null };

  it('adds a new conversation on top and updates a known one in place', () => {
    const added = applyToList(list, conv('b', { last_activity_at: '2026-03-01T12:00:00Z' }), agentViewer);
    expect(added.items.map((c) => c.id)).toEqual(['b', 'a']);
    const updated = applyToList(added, conv('a', { last_activity_at: '2026-03-01T13:00:00Z' }), agentViewer);
    expect(updated.items.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('drops a conversation whose agent changed away from the viewer', () => {
    const gone = applyToList(list, conv('a', { agent_id: 'other' }), agentViewer);
    expect(gone.items).toEqual([]);
  });

  it('drops one that no longer matches (closed in an "open" list)', () => {
    expect(applyToList(list, conv('a', { status: 'closed' }), agentViewer).items).toEqual([]);
  });

  it('does not guess for searches and tags, but updates what it shows', () => {
    const searched: ConversationList = { ...list, query: { q: 'ana' } };
    expect(applyToList(searched, conv('z'), agentViewer).items.map((c) => c.id)).toEqual(['a']);
    const changed = applyToList(searched, conv('a', { unread_count: 3 }), agentViewer);
    expect(changed.items[0]?.unread_count).toBe(3);
  });

  it('leaves older rows to the next page', () => {
    const paged: ConversationList = { ...list, next: 'cursor' };
    const old = conv('old', { last_activity_at: '2026-02-01T00:00:00Z' });
    expect(applyToList(paged, old, agentViewer).items.map((c) => c.id)).toEqual(['a']);
  });

  it('merges pages without duplicates', () => {
    const merged = mergePage(list, list.query, [conv('a'), conv('c')], null, true);
    expect(merged.items.map((c) => c.id)).toEqual(['a', 'c']);
    expect(mergePage(list, list.query, [conv('x')], 'n', false)).toEqual({
      query: list.query,
      items: [conv('x')],
      next: 'n',
    });
  });
});

describe('threads', () => {
  it('upserts in time order and prepends older pages', () => {
    let thread = [msg('m2', '2026-03-01T10:02:00Z')];
    thread = upsertMessage(thread, msg('m3', '2026-03-01T10:03:00Z'));
    thread = upsertMessage(thread, msg('m1', '2026-03-01T10:01:00Z'));
    expect(thread.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    thread = upsertMessage(thread, msg('m2', '2026-03-01T10:02:00Z', { status: 'read' }));
    expect(thread[1]?.status).toBe('read');
    const older = prependMessages(thread, [
      msg('m0', '2026-03-01T10:00:00Z'),
      msg('m1', '2026-03-01T10:01:00Z'),
    ]);
    expect(older.map((m) => m.id)).toEqual(['m0', 'm1', 'm2', 'm3']);
  });

  it('keeps a reply read when its own send answer arrives after the read', () => {
    const at = '2026-03-01T10:02:00Z';
    const sent = { direction: 'outbound' as const, text: 'Te envío la guía' };
    // The created and status events came first; the 202 answer (still pending) last.
    let thread = upsertMessage([], msg('r1', at, { ...sent, status: 'pending' }));
    thread = upsertMessage(
      thread,
      msg('r1', at, { ...sent, status: 'read', read_at: '2026-03-01T10:02:01Z' }),
    );
    thread = upsertMessage(thread, msg('r1', at, { ...sent, status: 'pending', read_at: null }));
    expect(thread[0]?.status).toBe('read');
    expect(thread[0]?.read_at).toBe('2026-03-01T10:02:01Z');
    // A newer status still moves it on, and other fields still take the latest answer.
    thread = upsertMessage(thread, msg('r1', at, { ...sent, status: 'failed', text: 'edited' }));
    expect(thread[0]?.status).toBe('failed');
    expect(thread[0]?.text).toBe('edited');
  });
});

function user(id: string): User {
  return {
    id,
    email: `${id}@demo.test`,
    name: id,
    avatar_url: null,
    language: 'es',
    time_zone: 'America/Bogota',
    status: 'online',
    pause_reason_id: null,
    status_changed_at: '2026-01-01T00:00:00Z',
    capacity: 5,
    profile_id: 'p',
    profile_name: 'Agent',
    profile_builtin: null,
    active: true,
    invited: false,
    created_at: '2026-01-01T00:00:00Z',
  };
}

function agent(id: string, extra: Partial<Agent> = {}): Agent {
  return {
    id,
    name: id,
    avatar_url: null,
    status: 'offline',
    pause_reason_id: null,
    status_changed_at: '2026-03-01T08:00:00Z',
    takes_conversations: true,
    capacity: 5,
    assigned: 0,
    unread_conversations: 0,
    queue_ids: ['q1'],
    ...extra,
  };
}

function session(permissions: string[] = ['inbox.own']): AppState {
  const me: Me = {
    user: user('me'),
    organization: { id: 'o', name: 'O', time_zone: 'UTC' },
    permissions,
    csrf_token: null,
  };
  let state = applyEvent(initialState, { kind: 'local.session_started', me });
  state = applyEvent(state, { kind: 'local.agents_loaded', items: [agent('me'), agent('other')] });
  state = applyEvent(state, {
    kind: 'local.counts_loaded',
    counts: {
      assigned: 1,
      unread_conversations: 0,
      unread_messages: 0,
      queues: [{ queue_id: 'q1', campaign_id: 'camp', name: 'General', waiting: 0 }],
      open: null,
    },
  });
  return applyEvent(state, {
    kind: 'local.list_loaded',
    list: 'inbox',
    query: { status: 'bot,queued,assigned' },
    items: [conv('a')],
    next: null,
    append: false,
  });
}

let seq = 100;
function server(kind: string, payload: unknown): AppEvent {
  seq += 1;
  return { id: seq, kind, at: '2026-03-01T10:05:00Z', payload };
}

describe('applyEvent for the inbox', () => {
  it('adds a conversation of mine live, and moves it out when transferred away', () => {
    let state = session();
    state = applyEvent(
      state,
      server('conversation.updated', { campaign_id: 'camp', conversation: conv('b') }),
    );
    expect(state.inbox.lists.inbox?.items.map((c) => c.id)).toContain('b');
    state = applyEvent(
      state,
      server('conversation.updated', { campaign_id: 'camp', conversation: conv('b', { agent_id: 'other' }) }),
    );
    expect(state.inbox.lists.inbox?.items.map((c) => c.id)).not.toContain('b');
  });

  it('keeps a supervisor’s view of everyone’s conversations', () => {
    let state = session(['inbox.supervise']);
    state = applyEvent(
      state,
      server('conversation.updated', { campaign_id: 'camp', conversation: conv('b', { agent_id: 'other' }) }),
    );
    expect(state.inbox.lists.inbox?.items.map((c) => c.id)).toContain('b');
  });

  it('appends a new message to the open thread, once, and updates its status', () => {
    let state = session();
    state = applyEvent(state, { kind: 'local.conversation_opened', id: 'c1' });
    state = applyEvent(state, {
      kind: 'local.messages_loaded',
      id: 'c1',
      items: [],
      next: null,
      older: false,
    });
    const m = msg('m1', '2026-03-01T10:05:00Z', { direction: 'outbound', status: 'pending' });
    const created = server('message.created', { campaign_id: 'camp', conversation: conv('c1'), message: m });
    state = applyEvent(state, created);
    state = applyEvent(state, created);
    state = applyEvent(state, { kind: 'local.message_saved', message: m });
    expect(state.inbox.open?.messages.map((x) => x.id)).toEqual(['m1']);
    expect(state.inbox.lists.inbox?.items.map((c) => c.id)).toContain('c1');
    state = applyEvent(
      state,
      server('message.updated', { campaign_id: 'camp', message: { ...m, status: 'read' } }),
    );
    expect(state.inbox.open?.messages[0]?.status).toBe('read');
  });

  it('ignores messages of other conversations and events already applied', () => {
    let state = session();
    state = applyEvent(state, { kind: 'local.conversation_opened', id: 'c1' });
    state = applyEvent(state, {
      kind: 'local.messages_loaded',
      id: 'c1',
      items: [],
      next: null,
      older: false,
    });
    const other = { ...msg('x', '2026-03-01T10:05:00Z'), conversation_id: 'c2' };
    state = applyEvent(state, server('message.created', { conversation: conv('c2'), message: other }));
    expect(state.inbox.open?.messages).toEqual([]);
    const before = state;
    expect(
      applyEvent(state, {
        id: 1,
        kind: 'conversation.updated',
        at: '',
        payload: { conversation: conv('q') },
      }),
    ).toBe(before);
  });

  it('keeps my counters, agents’ loads, queues and statuses live', () => {
    let state = session();
    state = applyEvent(
      state,
      server('inbox.counters_updated', {
        user_id: 'me',
        assigned: 3,
        unread_conversations: 2,
        unread_messages: 5,
      }),
    );
    expect(state.inbox.counts?.assigned).toBe(3);
    expect(state.inbox.counts?.unread_conversations).toBe(2);
    expect(state.inbox.agents.find((a) => a.id === 'me')?.assigned).toBe(3);
    state = applyEvent(
      state,
      server('inbox.counters_updated', {
        user_id: 'other',
        assigned: 4,
        unread_conversations: 1,
        unread_messages: 1,
      }),
    );
    expect(state.inbox.counts?.assigned).toBe(3);
    expect(state.inbox.agents.find((a) => a.id === 'other')?.assigned).toBe(4);
    state = applyEvent(state, server('queue.updated', { queue_id: 'q1', campaign_id: 'camp', waiting: 7 }));
    expect(state.inbox.counts?.queues[0]?.waiting).toBe(7);
    state = applyEvent(
      state,
      server('user.status_changed', { user_id: 'other', status: 'online', pause_reason_id: null }),
    );
    expect(state.inbox.agents.find((a) => a.id === 'other')?.status).toBe('online');
  });

  it('prepends mention notifications', () => {
    let state = session();
    state = applyEvent(
      state,
      server('notification.created', {
        id: 'n1',
        kind: 'mention',
        payload: { conversation_id: 'a' },
        created_at: '2026-03-01T10:00:00Z',
      }),
    );
    expect(state.inbox.notifications.map((n) => n.id)).toEqual(['n1']);
    state = applyEvent(state, { kind: 'local.notification_read', id: 'n1' });
    expect(state.inbox.notifications[0]?.read_at).toBeTruthy();
  });

  it('keeps the open conversation’s header current', () => {
    let state = session();
    state = applyEvent(state, { kind: 'local.conversation_opened', id: 'a' });
    expect(state.inbox.open?.conversation?.id).toBe('a');
    state = applyEvent(
      state,
      server('conversation.updated', { conversation: conv('a', { status: 'closed' }) }),
    );
    expect(state.inbox.open?.conversation?.status).toBe('closed');
    expect(state.inbox.lists.inbox?.items).toEqual([]);
    state = applyEvent(state, { kind: 'local.conversation_left', id: 'a' });
    expect(state.inbox.open).toBeNull();
  });
});
