import type {
  Agent,
  AppNotification,
  Conversation,
  ConversationDetail,
  InboxCounts,
  Me,
  Message,
  Organization,
  PauseReason,
  Queue,
  User,
  UserStatus,
} from '../api/types';
import { type InboxState, initialInbox, type ListQuery, patchAgent } from './inbox';
import { applyInboxAction, applyInboxEvent } from './inbox-reducer';

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
  | { kind: 'local.organization_updated'; organization: Organization }
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
    case 'local.organization_updated':
      if (!('organization' in event) || !state.me) return state;
      return { ...state, me: { ...state.me, organization: event.organization } };
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
      pause_reason_id: payload.pause_reason_id ?? null,
      ...(payload.at ? { status_changed_at: payload.at } : {}),
    });
    if (agents !== next.inbox.agents) next = { ...next, inbox: { ...next.inbox, agents } };
  }
  const channel = messageEventChannel(event);
  if (channel) {
    next.channelActivity = { ...next.channelActivity, [channel]: (next.channelActivity[channel] ?? 0) + 1 };
  }
  return next;
}
