import type {
  Agent,
  AppNotification,
  Conversation,
  ConversationDetail,
  InboxCounts,
  Me,
  Message,
  PauseReason,
  Queue,
  User,
  UserStatus,
} from '../api/types';
import {
  applyToList,
  compareMessages,
  type InboxState,
  initialInbox,
  type ListQuery,
  mergePage,
  patchAgent,
  prependMessages,
  upsertMessage,
  viewerOf,
} from './inbox';

/** Everything the screens share. Changed only by `applyEvent`. */
export interface AppState {
  me: Me | null;
  /** The users list as loaded by the Users page (kept here so live events update it). */
  users: User[];
  usersNext: string | null;
  pauseReasons: PauseReason[];
  /** The last realtime event applied; sent back when reconnecting. */
  lastEventId: number | null;
  /** Bumped when the server says the client missed too much: pages reload their data. */
  reloads: number;
  /** Channel id → how many `message.created`/`message.updated` events touched it (pages re-fetch on change). */
  channelActivity: Record<string, number>;
  /** The inbox: live conversation lists, the open conversation, counters, agents, notifications. */
  inbox: InboxState;
}

export const initialState: AppState = {
  me: null,
  users: [],
  usersNext: null,
  pauseReasons: [],
  lastEventId: null,
  reloads: 0,
  channelActivity: {},
  inbox: initialInbox,
};

export interface StatusChangedPayload {
  user_id: string;
  status: UserStatus;
  pause_reason_id: string | null;
  pause_reason_name?: string | null;
  at?: string;
}

/** The part of `payload.message` of `message.created` / `message.updated` the web app reads. */
export interface MessageEventPayload {
  message: {
    id: string;
    conversation_id: string;
    channel_id: string;
    direction: 'inbound' | 'outbound';
    status: string | null;
  };
}

export const MESSAGE_EVENT_KINDS: readonly string[] = ['message.created', 'message.updated'];

/** What the server sends over the WebSocket. */
export type ServerMessage =
  | { kind: 'hello'; last_event_id: number }
  | { kind: 'reload' }
  | { id: number; kind: 'user.status_changed'; at: string; payload: StatusChangedPayload }
  | { id: number; kind: string; at: string; payload: unknown };

/** Changes made by this tab (answers to its own requests). */
export type LocalAction =
  | { kind: 'local.session_started'; me: Me }
  | { kind: 'local.session_ended' }
  | { kind: 'local.me_updated'; user: User }
  | { kind: 'local.users_loaded'; items: User[]; next: string | null; append: boolean }
  | { kind: 'local.user_saved'; user: User }
  | { kind: 'local.pause_reasons_loaded'; items: PauseReason[] }
  | {
      kind: 'local.list_loaded';
      list: string;
      query: ListQuery;
      items: Conversation[];
      next: string | null;
      append: boolean;
    }
  | { kind: 'local.list_dropped'; list: string }
  | { kind: 'local.conversation_saved'; conversation: Conversation }
  | { kind: 'local.conversation_opened'; id: string }
  | { kind: 'local.conversation_left'; id: string }
  | { kind: 'local.detail_loaded'; detail: ConversationDetail }
  | { kind: 'local.messages_loaded'; id: string; items: Message[]; next: string | null; older: boolean }
  | { kind: 'local.message_saved'; message: Message }
  | { kind: 'local.counts_loaded'; counts: InboxCounts }
  | { kind: 'local.agents_loaded'; items: Agent[] }
  | { kind: 'local.queues_loaded'; items: Queue[] }
  | { kind: 'local.notifications_loaded'; items: AppNotification[] }
  | { kind: 'local.notification_read'; id: string };

export type AppEvent = ServerMessage | LocalAction;

function isStatusChanged(
  event: AppEvent,
): event is { id: number; kind: 'user.status_changed'; at: string; payload: StatusChangedPayload } {
  return event.kind === 'user.status_changed' && 'payload' in event && typeof event.payload === 'object';
}

/** The channel a message event is about, or null for any other event. */
export function messageEventChannel(event: AppEvent): string | null {
  if (!MESSAGE_EVENT_KINDS.includes(event.kind) || !('payload' in event)) return null;
  const payload = event.payload as Partial<MessageEventPayload> | null;
  const channel = payload && typeof payload === 'object' ? payload.message?.channel_id : undefined;
  return typeof channel === 'string' && channel ? channel : null;
}

function withStatus<T extends User>(user: T, payload: StatusChangedPayload): T {
  return {
    ...user,
    status: payload.status,
    pause_reason_id: payload.pause_reason_id ?? null,
    status_changed_at: payload.at ?? user.status_changed_at ?? null,
  };
}

function replaceUser(users: User[], user: User, prependIfMissing: boolean): User[] {
  const index = users.findIndex((u) => u.id === user.id);
  if (index === -1) return prependIfMissing ? [user, ...users] : users;
  const next = users.slice();
  next[index] = user;
  return next;
}

function payloadOf(event: AppEvent): Record<string, unknown> | null {
  if (!('payload' in event)) return null;
  const payload = event.payload as unknown;
  return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : null;
}

function isConversation(value: unknown): value is Conversation {
  return Boolean(value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string');
}

function isMessage(value: unknown): value is Message {
  return (
    isConversation(value) && typeof (value as { conversation_id?: unknown }).conversation_id === 'string'
  );
}

/** Every live list and the open conversation after a conversation changed. */
export function withConversation(state: AppState, c: Conversation): AppState {
  const me = state.me;
  if (!me) return state;
  const inbox = state.inbox;
  const viewer = viewerOf(me.user.id, me.permissions, inbox.counts, inbox.agents);
  const lists: InboxState['lists'] = {};
  for (const [name, list] of Object.entries(inbox.lists)) lists[name] = applyToList(list, c, viewer);
  const open = inbox.open && inbox.open.id === c.id ? { ...inbox.open, conversation: c } : inbox.open;
  return { ...state, inbox: { ...inbox, lists, open } };
}

function withMessage(state: AppState, m: Message): AppState {
  const open = state.inbox.open;
  if (!open || open.id !== m.conversation_id) return state;
  return {
    ...state,
    inbox: { ...state.inbox, open: { ...open, messages: upsertMessage(open.messages, m) } },
  };
}

/**
 * News of a message already in the open thread, or newer than all of it (the reply the
 * agent just sent, whose news can come before its own send answer); an older message not
 * loaded stays out of the thread.
 */
function withUpdatedMessage(state: AppState, m: Message): AppState {
  const open = state.inbox.open;
  if (!open || open.id !== m.conversation_id) return state;
  const last = open.messages[open.messages.length - 1];
  const known = open.messages.some((x) => x.id === m.id);
  if (!known && last && compareMessages(last, m) > 0) return state;
  return {
    ...state,
    inbox: { ...state.inbox, open: { ...open, messages: upsertMessage(open.messages, m) } },
  };
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Inbox events (conversations, messages, counters, queues, notifications). */
function applyInboxEvent(state: AppState, event: AppEvent): AppState {
  const payload = payloadOf(event);
  if (!payload) return state;
  switch (event.kind) {
    case 'conversation.updated':
      return isConversation(payload.conversation) ? withConversation(state, payload.conversation) : state;
    case 'message.created': {
      const next = isConversation(payload.conversation)
        ? withConversation(state, payload.conversation)
        : state;
      return isMessage(payload.message) ? withMessage(next, payload.message) : next;
    }
    case 'message.updated':
      return isMessage(payload.message) ? withUpdatedMessage(state, payload.message) : state;
    case 'inbox.counters_updated': {
      const userId = payload.user_id;
      if (typeof userId !== 'string') return state;
      const assigned = num(payload.assigned);
      const unreadConversations = num(payload.unread_conversations);
      const unreadMessages = num(payload.unread_messages);
      let inbox = state.inbox;
      if (state.me?.user.id === userId && inbox.counts) {
        inbox = {
          ...inbox,
          counts: {
            ...inbox.counts,
            assigned: assigned ?? inbox.counts.assigned,
            unread_conversations: unreadConversations ?? inbox.counts.unread_conversations,
            unread_messages: unreadMessages ?? inbox.counts.unread_messages,
          },
        };
      }
      const patch: Partial<Agent> = {};
      if (assigned !== null) patch.assigned = assigned;
      if (unreadConversations !== null) patch.unread_conversations = unreadConversations;
      inbox = { ...inbox, agents: patchAgent(inbox.agents, userId, patch) };
      return { ...state, inbox };
    }
    case 'queue.updated': {
      const queueId = payload.queue_id;
      const waiting = num(payload.waiting);
      if (typeof queueId !== 'string' || waiting === null) return state;
      const inbox = state.inbox;
      const counts = inbox.counts
        ? {
            ...inbox.counts,
            queues: inbox.counts.queues.map((q) => (q.queue_id === queueId ? { ...q, waiting } : q)),
          }
        : null;
      const queues = inbox.queues.map((q) => (q.id === queueId ? { ...q, waiting } : q));
      return { ...state, inbox: { ...inbox, counts, queues } };
    }
    case 'notification.created': {
      if (typeof payload.id !== 'string') return state;
      const notification = payload as unknown as AppNotification;
      const rest = state.inbox.notifications.filter((n) => n.id !== notification.id);
      return { ...state, inbox: { ...state.inbox, notifications: [notification, ...rest] } };
    }
    default:
      return state;
  }
}

/** Local actions of the inbox screens (answers to this tab's requests). */
function applyInboxAction(state: AppState, event: LocalAction): AppState {
  const inbox = state.inbox;
  switch (event.kind) {
    case 'local.list_loaded': {
      const list = mergePage(inbox.lists[event.list], event.query, event.items, event.next, event.append);
      return { ...state, inbox: { ...inbox, lists: { ...inbox.lists, [event.list]: list } } };
    }
    case 'local.list_dropped': {
      const { [event.list]: _gone, ...lists } = inbox.lists;
      return { ...state, inbox: { ...inbox, lists } };
    }
    case 'local.conversation_saved':
      return withConversation(state, event.conversation);
    case 'local.conversation_opened': {
      if (inbox.open?.id === event.id) return state;
      const known =
        Object.values(inbox.lists)
          .flatMap((l) => l.items)
          .find((c) => c.id === event.id) ?? null;
      const open = {
        id: event.id,
        conversation: known,
        detail: null,
        messages: [],
        older: null,
        loaded: false,
      };
      return { ...state, inbox: { ...inbox, open } };
    }
    case 'local.conversation_left':
      return inbox.open?.id === event.id ? { ...state, inbox: { ...inbox, open: null } } : state;
    case 'local.detail_loaded': {
      if (!inbox.open || inbox.open.id !== event.detail.conversation.id) return state;
      const next = withConversation(state, event.detail.conversation);
      const open = next.inbox.open;
      return open ? { ...next, inbox: { ...next.inbox, open: { ...open, detail: event.detail } } } : next;
    }
    case 'local.messages_loaded': {
      const open = inbox.open;
      if (!open || open.id !== event.id) return state;
      const messages = event.older
        ? prependMessages(open.messages, event.items)
        : // A fresh newest page: keep what arrived live meanwhile, take the server's newer copies.
          event.items.reduce((list, m) => upsertMessage(list, m), open.messages);
      const older = event.older || !open.loaded ? event.next : open.older;
      return { ...state, inbox: { ...inbox, open: { ...open, messages, older, loaded: true } } };
    }
    case 'local.message_saved':
      return withMessage(state, event.message);
    case 'local.counts_loaded':
      return { ...state, inbox: { ...inbox, counts: event.counts } };
    case 'local.agents_loaded':
      return { ...state, inbox: { ...inbox, agents: event.items } };
    case 'local.queues_loaded':
      return { ...state, inbox: { ...inbox, queues: event.items } };
    case 'local.notifications_loaded':
      return { ...state, inbox: { ...inbox, notifications: event.items } };
    case 'local.notification_read': {
      const now = new Date().toISOString();
      const notifications = inbox.notifications.map((n) =>
        n.id === event.id ? { ...n, read_at: n.read_at ?? now } : n,
      );
      return { ...state, inbox: { ...inbox, notifications } };
    }
    default:
      return state;
  }
}

/** The one pure reducer: the next state after a server message or a local action. */
export function applyEvent(state: AppState, event: AppEvent): AppState {
  switch (event.kind) {
    case 'hello':
      return 'last_event_id' in event && typeof event.last_event_id === 'number'
        ? { ...state, lastEventId: event.last_event_id }
        : state;
    case 'reload':
      return { ...state, reloads: state.reloads + 1 };
    case 'local.session_started':
      if (!('me' in event)) return state;
      return { ...initialState, me: event.me, reloads: state.reloads };
    case 'local.session_ended':
      return { ...initialState, reloads: state.reloads };
    case 'local.me_updated': {
      if (!('user' in event) || !state.me) return state;
      return {
        ...state,
        me: { ...state.me, user: event.user },
        users: replaceUser(state.users, event.user, false),
      };
    }
    case 'local.users_loaded':
      if (!('items' in event) || !('append' in event)) return state;
      return {
        ...state,
        users: event.append
          ? [...state.users, ...event.items.filter((u) => !state.users.some((o) => o.id === u.id))]
          : event.items,
        usersNext: event.next,
      };
    case 'local.user_saved': {
      if (!('user' in event)) return state;
      const me =
        state.me && state.me.user.id === event.user.id ? { ...state.me, user: event.user } : state.me;
      return { ...state, me, users: replaceUser(state.users, event.user, true) };
    }
    case 'local.pause_reasons_loaded':
      return 'items' in event && Array.isArray(event.items) ? { ...state, pauseReasons: event.items } : state;
    default:
      if (event.kind.startsWith('local.')) return applyInboxAction(state, event as LocalAction);
      break;
  }
  // A stored event: skip what was already applied (a replay after reconnecting may repeat).
  if (!('id' in event) || typeof event.id !== 'number') return state;
  if (state.lastEventId !== null && event.id <= state.lastEventId) return state;
  let next: AppState = applyInboxEvent({ ...state, lastEventId: event.id }, event);
  if (isStatusChanged(event)) {
    const payload = event.payload;
    if (next.me && next.me.user.id === payload.user_id) {
      next.me = { ...next.me, user: withStatus(next.me.user, payload) };
    }
    if (next.users.some((u) => u.id === payload.user_id)) {
      next.users = next.users.map((u) => (u.id === payload.user_id ? withStatus(u, payload) : u));
    }
    const agents = patchAgent(next.inbox.agents, payload.user_id, {
      status: payload.status,
      status_changed_at: payload.at ?? null,
    });
    if (agents !== next.inbox.agents) next = { ...next, inbox: { ...next.inbox, agents } };
  }
  const channel = messageEventChannel(event);
  if (channel) {
    next.channelActivity = { ...next.channelActivity, [channel]: (next.channelActivity[channel] ?? 0) + 1 };
  }
  return next;
}
