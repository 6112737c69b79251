import type {
  Agent,
  AppNotification,
  Conversation,
  ConversationDetail,
  InboxCounts,
  Message,
  MessageStatus,
  Queue,
} from '../api/types';

/** The query of `GET /api/v1/conversations` a list was loaded with (empty values left out). */
export type ListQuery = Record<string, string>;

/** A conversation list kept live by events: the inbox, the supervisor's waiting list. */
export interface ConversationList {
  /** The query it was loaded with (`status`, `queue_id`, …, `q`). */
  query: ListQuery;
  items: Conversation[];
  next: string | null;
}

/** The conversation on screen with its thread (oldest message first). */
export interface OpenConversation {
  id: string;
  conversation: Conversation | null;
  detail: ConversationDetail | null;
  messages: Message[];
  /** Cursor of older messages (`before=`), null when the start of the thread is loaded. */
  older: string | null;
  /** Whether the first (newest) page of messages arrived. */
  loaded: boolean;
}

export interface InboxState {
  lists: Record<string, ConversationList>;
  open: OpenConversation | null;
  counts: InboxCounts | null;
  agents: Agent[];
  queues: Queue[];
  notifications: AppNotification[];
}

export const initialInbox: InboxState = {
  lists: {},
  open: null,
  counts: null,
  agents: [],
  queues: [],
  notifications: [],
};

/** Who looks at the inbox: supervisors see everything; agents their own and their queues' waiting ones. */
export interface Viewer {
  userId: string;
  supervises: boolean;
  queueIds: readonly string[];
}

export const SUPERVISE_PERMISSIONS: readonly string[] = ['inbox.supervise', 'inbox.all'];

/** The same rule as the server's `check_visible`. */
export function visibleTo(c: Conversation, viewer: Viewer): boolean {
  if (viewer.supervises) return true;
  if (c.agent_id === viewer.userId) return true;
  return (
    c.status === 'queued' &&
    (c.reserved_for === null || c.reserved_for === viewer.userId) &&
    c.queue_id !== null &&
    viewer.queueIds.includes(c.queue_id)
  );
}

/** Whether a list's query can be decided here (search and tags are matched by the server only). */
export function decidable(query: ListQuery): boolean {
  return !query.q && !query.tag;
}

/** Whether a conversation belongs in a list loaded with `query` (search and tag excepted). */
export function matchesQuery(c: Conversation, query: ListQuery): boolean {
  if (query.status) {
    const statuses = query.status.split(',').map((s) => s.trim());
    if (!statuses.includes(c.status)) return false;
  }
  if (query.queue_id && c.queue_id !== query.queue_id) return false;
  if (query.campaign_id && c.campaign_id !== query.campaign_id) return false;
  if (query.channel_id && c.channel_id !== query.channel_id) return false;
  if (query.agent_id && c.agent_id !== query.agent_id) return false;
  if (query.contact_id && c.contact.id !== query.contact_id) return false;
  if (query.unread === 'true' && c.unread_count <= 0) return false;
  if (query.unread === 'false' && c.unread_count > 0) return false;
  return true;
}

/** Newest activity first, then by id (the server's keyset order). */
export function compareConversations(a: Conversation, b: Conversation): number {
  const ta = Date.parse(a.last_activity_at) || 0;
  const tb = Date.parse(b.last_activity_at) || 0;
  if (ta !== tb) return tb - ta;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The list after a conversation changed: updated, added, moved or dropped. */
export function applyToList(list: ConversationList, c: Conversation, viewer: Viewer): ConversationList {
  const index = list.items.findIndex((item) => item.id === c.id);
  const belongs = visibleTo(c, viewer) && matchesQuery(c, list.query);
  if (!belongs) {
    if (index === -1) return list;
    return { ...list, items: list.items.filter((item) => item.id !== c.id) };
  }
  if (index === -1) {
    if (!decidable(list.query)) return list;
    // Past the loaded page: it arrives with the next page instead.
    const last = list.items[list.items.length - 1];
    if (list.next && last && compareConversations(c, last) > 0) return list;
    return { ...list, items: [...list.items, c].sort(compareConversations) };
  }
  const items = list.items.slice();
  items[index] = c;
  return { ...list, items: items.sort(compareConversations) };
}

/** A page appended to a list (or replacing it), without duplicates. */
export function mergePage(
  list: ConversationList | undefined,
  query: ListQuery,
  items: Conversation[],
  next: string | null,
  append: boolean,
): ConversationList {
  if (!append || !list) return { query, items: items.slice().sort(compareConversations), next };
  const seen = new Set(list.items.map((c) => c.id));
  return { query, items: [...list.items, ...items.filter((c) => !seen.has(c.id))], next };
}

export function compareMessages(a: Message, b: Message): number {
  const ta = Date.parse(a.created_at) || 0;
  const tb = Date.parse(b.created_at) || 0;
  if (ta !== tb) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** How far a sent message has gone; a later answer never takes it back (the server's rule). */
const DELIVERY_RANK: Record<MessageStatus, number> = {
  pending: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

function deliveryRank(status: MessageStatus | null): number {
  return status ? DELIVERY_RANK[status] : -1;
}

/**
 * One message merged over what the thread has of it. An answer can arrive after newer
 * news of the same message (the reply's own 202 after its "delivered" and "read" events,
 * on a busy machine): its delivery fields then stay as they were.
 */
export function mergeMessage(known: Message, incoming: Message): Message {
  if (deliveryRank(incoming.status) >= deliveryRank(known.status)) return { ...known, ...incoming };
  return {
    ...known,
    ...incoming,
    status: known.status,
    error: known.error,
    sent_at: known.sent_at ?? incoming.sent_at,
    delivered_at: known.delivered_at ?? incoming.delivered_at,
    read_at: known.read_at ?? incoming.read_at,
  };
}

/** The thread with one message added or replaced, oldest first. */
export function upsertMessage(messages: readonly Message[], message: Message): Message[] {
  const index = messages.findIndex((m) => m.id === message.id);
  if (index === -1) {
    const last = messages[messages.length - 1];
    if (!last || compareMessages(last, message) <= 0) return [...messages, message];
    return [...messages, message].sort(compareMessages);
  }
  const next = messages.slice();
  const known = messages[index];
  next[index] = known ? mergeMessage(known, message) : message;
  return next;
}

/** Older messages put before the thread (a page loaded by scrolling up), without duplicates. */
export function prependMessages(messages: readonly Message[], older: readonly Message[]): Message[] {
  const seen = new Set(messages.map((m) => m.id));
  return [...older.filter((m) => !seen.has(m.id)), ...messages].sort(compareMessages);
}

/** An agent of the list with some fields changed; the list itself when the agent is unknown. */
export function patchAgent(agents: Agent[], id: string, patch: Partial<Agent>): Agent[] {
  if (!agents.some((a) => a.id === id)) return agents;
  return agents.map((a) => (a.id === id ? { ...a, ...patch } : a));
}

/** The viewer of the signed-in user, from their permissions and their queues. */
export function viewerOf(
  userId: string,
  permissions: readonly string[],
  counts: InboxCounts | null,
  agents: readonly Agent[],
): Viewer {
  const supervises = permissions.some((p) => SUPERVISE_PERMISSIONS.includes(p));
  const own = agents.find((a) => a.id === userId)?.queue_ids;
  const queueIds = own ?? counts?.queues.map((q) => q.queue_id) ?? [];
  return { userId, supervises, queueIds };
}

/** Every conversation the state knows, by id (lists and the open one). */
export function knownConversation(inbox: InboxState, id: string): Conversation | undefined {
  if (inbox.open?.id === id && inbox.open.conversation) return inbox.open.conversation;
  for (const list of Object.values(inbox.lists)) {
    const found = list.items.find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}
