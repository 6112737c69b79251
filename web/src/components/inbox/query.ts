import type { Conversation, Message } from '../../api/types';
import type { ListQuery } from '../../realtime/inbox';

/** The inbox's preset views (tabs). */
export type InboxView = 'open' | 'mine' | 'queued' | 'unread' | 'closed' | 'all';
export const INBOX_VIEWS: readonly InboxView[] = ['open', 'mine', 'queued', 'unread', 'closed', 'all'];

/** What the inbox shows, as kept in the page's URL (`/inbox?view=queued&queue=…&q=…`). */
export interface InboxFilter {
  view: InboxView;
  queue: string;
  campaign: string;
  channel: string;
  agent: string;
  tag: string;
  q: string;
}

export const DEFAULT_FILTER: InboxFilter = {
  view: 'open',
  queue: '',
  campaign: '',
  channel: '',
  agent: '',
  tag: '',
  q: '',
};

const OPEN = 'bot,queued,assigned';

export function parseFilter(search: string): InboxFilter {
  const params = new URLSearchParams(search);
  const view = params.get('view') ?? '';
  return {
    view: (INBOX_VIEWS as readonly string[]).includes(view) ? (view as InboxView) : 'open',
    queue: params.get('queue') ?? '',
    campaign: params.get('campaign') ?? '',
    channel: params.get('channel') ?? '',
    agent: params.get('agent') ?? '',
    tag: params.get('tag') ?? '',
    q: params.get('q') ?? '',
  };
}

/** The URL query of a filter: only what differs from the default ("" for the default itself). */
export function filterSearch(filter: InboxFilter): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_FILTER) as (keyof InboxFilter)[]) {
    const value = filter[key].trim();
    if (value && value !== DEFAULT_FILTER[key]) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The query of `GET /api/v1/conversations` for a filter, seen by user `me`. */
export function apiQuery(filter: InboxFilter, me: string): ListQuery {
  const query: ListQuery = {};
  switch (filter.view) {
    case 'open':
      query.status = OPEN;
      break;
    case 'mine':
      query.status = 'assigned';
      query.agent_id = me;
      break;
    case 'queued':
      query.status = 'queued';
      break;
    case 'unread':
      query.status = OPEN;
      query.unread = 'true';
      break;
    case 'closed':
      query.status = 'closed';
      break;
    case 'all':
      break;
  }
  if (filter.queue) query.queue_id = filter.queue;
  if (filter.campaign) query.campaign_id = filter.campaign;
  if (filter.channel) query.channel_id = filter.channel;
  if (filter.agent && filter.view !== 'mine') query.agent_id = filter.agent;
  const tag = filter.tag.trim();
  if (tag) query.tag = tag;
  const q = filter.q.trim();
  if (q) query.q = q;
  return query;
}

/** A stable text of a query, to tell whether a list was loaded for it. */
export function queryKey(query: ListQuery): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${k}=${query[k]}`)
    .join('&');
}

/** How many advanced filters (beyond the view and the search) are set. */
export function activeFilters(filter: InboxFilter): number {
  return [filter.queue, filter.campaign, filter.channel, filter.agent, filter.tag].filter((v) => v.trim())
    .length;
}

/** Since when the contact waits for an answer: queued, or wrote last and was not answered yet. */
export function waitingSince(c: Conversation): string | null {
  if (c.status === 'closed') return null;
  if (c.status === 'queued') return c.queued_at ?? c.last_contact_message_at;
  if (c.last_message.direction === 'inbound') return c.last_contact_message_at;
  return null;
}

/** Seconds between an instant and now (never negative). */
export function secondsSince(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.floor((now - at) / 1000));
}

/** A short duration: "45 s", "12 min", "3 h 5 min", "2 d" (the units come from the caller's locale keys). */
export function durationParts(seconds: number): {
  unit: 's' | 'min' | 'h' | 'd';
  value: number;
  rest?: number;
} {
  if (seconds < 60) return { unit: 's', value: seconds };
  if (seconds < 3600) return { unit: 'min', value: Math.floor(seconds / 60) };
  if (seconds < 86400) {
    const rest = Math.floor((seconds % 3600) / 60);
    return rest
      ? { unit: 'h', value: Math.floor(seconds / 3600), rest }
      : { unit: 'h', value: seconds / 3600 };
  }
  return { unit: 'd', value: Math.floor(seconds / 86400) };
}

/** `@[Name](user:<uuid>)` pieces of a note, for showing mentions as names. */
export type TextPart = { text: string } | { mention: string; userId: string };

const MENTION = /@\[([^\]]+)\]\(user:([0-9a-fA-F-]{36})\)/g;

export function splitMentions(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ text: text.slice(last, index) });
    parts.push({ mention: match[1] ?? '', userId: match[2] ?? '' });
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

export function mentionToken(name: string, userId: string): string {
  return `@[${name.replace(/[[\]]/g, '')}](user:${userId})`;
}

/** The word being typed at the caret when it starts with `sigil` ("/" or "@"), or null. */
export function tokenAt(text: string, caret: number, sigil: string): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf(sigil);
  if (start === -1) return null;
  if (start > 0 && !/\s/.test(before[start - 1] ?? '')) return null;
  const query = before.slice(start + 1);
  if (/\s/.test(query) && sigil === '@') return null;
  if (sigil === '/' && start !== 0) return null;
  return { start, query };
}

/** The locale key (and values) of a system message ("assigned", "queued", "closed"). */
export function systemEvent(m: Message): { key: string; event: string; payload: Record<string, unknown> } {
  const payload = (m.payload ?? {}) as Record<string, unknown>;
  const event = typeof payload.event === 'string' ? payload.event : '';
  if (event === 'assigned' || event === 'queued' || event === 'closed') {
    return { key: `inbox.system.${event}`, event, payload };
  }
  return { key: 'inbox.system.other', event, payload };
}

/** The message statuses shown on outbound messages, in order. */
export const DELIVERY: readonly string[] = ['pending', 'sending', 'sent', 'delivered', 'read', 'failed'];

const PREFIX = '/inbox/';

export function conversationPath(id: string, search = ''): string {
  return `${PREFIX}${encodeURIComponent(id)}${search}`;
}

/** The conversation id of an `/inbox/:id` path, or null on `/inbox`. */
export function conversationIdOf(path: string): string | null {
  const rest = path.startsWith(PREFIX) ? path.slice(PREFIX.length).replace(/\/$/, '') : '';
  if (!rest) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

const DAY_MS = 24 * 3600 * 1000;

/** WhatsApp only lets free text go out within 24 hours of the contact's last message. */
/**
 * Whether a closed conversation's contact can still get free text (a new conversation with a
 * text): on WhatsApp only within 24 hours of their last message; other networks have no window.
 */
export function canWriteText(c: Conversation, at: number): boolean {
  if (c.channel_kind !== 'whatsapp') return true;
  if (!c.last_contact_message_at) return false;
  return at - Date.parse(c.last_contact_message_at) <= DAY_MS;
}

export function windowClosed(c: Conversation, at: number): boolean {
  if (c.channel_kind !== 'whatsapp' || c.status === 'closed' || !c.last_contact_message_at) return false;
  return at - Date.parse(c.last_contact_message_at) > DAY_MS;
}
