import type { Agent, AppNotification, Conversation, Message } from '../api/types';
import {
  applyToList,
  compareMessages,
  type InboxState,
  mergePage,
  patchAgent,
  prependMessages,
  upsertMessage,
  viewerOf,
} from './inbox';
import type { AppEvent, AppState, LocalAction } from './reducer';

// The inbox's part of the reducer: how its events and this tab's inbox actions change the state.

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
export function applyInboxEvent(state: AppState, event: AppEvent): AppState {
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
export function applyInboxAction(state: AppState, event: LocalAction): AppState {
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
