import type { Attachment, MessageStatus, SimulatorMessage } from '../../api/types';
import { LANGUAGES, translate } from '../../i18n';
import { dayKey } from '../../i18n/format';

/** The phone the simulator starts with (a Colombian mobile number). */
export const DEFAULT_PHONE = '+573001112233';
/** How many customers (phones) this tab remembers. */
export const MAX_CUSTOMERS = 6;
/** How often the open thread is re-read, whatever the WebSocket delivers. */
export const POLL_MS = 3000;

export interface Customer {
  phone: string;
  name: string;
}

/**
 * A phone as the server stores it ("+" and 8–15 digits, the same rule as the server's
 * `normalize_phone`), or null when it is not one. Spaces, dashes, dots and parentheses are dropped;
 * a leading "00" or a missing "+" becomes "+".
 */
/**
 * A customer's name in the interface's language: the default test customer of any language
 * ("Test customer" kept from an English session) reads as today's language's default.
 */
export function localName(name: string, defaultName: string): string {
  const trimmed = name.trim();
  const defaults = LANGUAGES.map((lang) => translate(lang, 'simulator.default_name'));
  return !trimmed || defaults.includes(trimmed) ? defaultName : trimmed;
}

export function normalizePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s\-.()]/g, '');
  const digits = compact.startsWith('+')
    ? compact.slice(1)
    : compact.startsWith('00')
      ? compact.slice(2)
      : compact;
  return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
}

/** Puts a customer first in the tab's list (one entry per phone, the newest name wins), keeping `max`. */
export function rememberCustomer(
  list: readonly Customer[],
  customer: Customer,
  max = MAX_CUSTOMERS,
): Customer[] {
  const rest = list.filter((c) => c.phone !== customer.phone);
  return [customer, ...rest].slice(0, max);
}

/** The remembered customers from storage; anything malformed is dropped. */
export function parseCustomers(raw: string | null | undefined): Customer[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const out: Customer[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object') continue;
    const { phone, name } = item as { phone?: unknown; name?: unknown };
    const normalized = typeof phone === 'string' ? normalizePhone(phone) : null;
    if (!normalized || out.some((c) => c.phone === normalized)) continue;
    out.push({ phone: normalized, name: typeof name === 'string' ? name : '' });
  }
  return out.slice(0, MAX_CUSTOMERS);
}

/** Oldest first; equal instants keep the order the server gave. */
export function sortThread(messages: readonly SimulatorMessage[]): SimulatorMessage[] {
  return messages
    .map((message, index) => ({ message, index, at: Date.parse(message.created_at) }))
    .sort((a, b) => {
      const byTime = (Number.isNaN(a.at) ? 0 : a.at) - (Number.isNaN(b.at) ? 0 : b.at);
      return byTime !== 0 ? byTime : a.index - b.index;
    })
    .map((entry) => entry.message);
}

/** The thread with one message added or replaced (by id), still oldest first. */
export function upsertMessage(
  messages: readonly SimulatorMessage[],
  message: SimulatorMessage,
): SimulatorMessage[] {
  const index = messages.findIndex((m) => m.id === message.id);
  if (index === -1) return sortThread([...messages, message]);
  const next = messages.slice();
  next[index] = message;
  return next;
}

export interface DayGroup {
  day: string;
  /** The first message's instant, for labelling the day. */
  at: string;
  messages: SimulatorMessage[];
}

/** Consecutive messages of the same day, for the day separators of the thread. */
export function groupByDay(messages: readonly SimulatorMessage[], timeZone?: string | null): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const message of messages) {
    const day = dayKey(message.created_at, timeZone);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.messages.push(message);
    else groups.push({ day, at: message.created_at, messages: [message] });
  }
  return groups;
}

/**
 * What the customer has seen: the thread, its newest agent reply, and the replies the network has
 * sent or delivered but not yet seen read. When it changes while the tab is visible, the page tells the
 * server (`POST …/read`), so a thread is marked when shown, when a new reply arrives, and again when a
 * reply that was still on its way (the server marks only sent or delivered ones) has arrived.
 */
export function readMarker(channelId: string, phone: string, messages: readonly SimulatorMessage[]): string {
  let lastReply = '';
  const waiting: string[] = [];
  for (const message of messages) {
    if (message.direction !== 'outbound') continue;
    lastReply = message.id;
    if (message.status === 'sent' || message.status === 'delivered') waiting.push(message.id);
  }
  return `${channelId}\n${phone}\n${lastReply}\n${waiting.join(',')}`;
}

/** Whether an attachment is shown as a picture (otherwise as a link). */
export function isImage(file: Pick<Attachment, 'content_type'> | null | undefined): boolean {
  return Boolean(file?.content_type?.toLowerCase().startsWith('image/'));
}

const STATUSES: readonly MessageStatus[] = ['pending', 'sending', 'sent', 'delivered', 'read', 'failed'];

/** The locale key of an agent reply's delivery status, or null when none is shown. */
export function statusKey(message: Pick<SimulatorMessage, 'direction' | 'status'>): string | null {
  if (message.direction !== 'outbound' || !message.status) return null;
  return STATUSES.includes(message.status) ? `simulator.status.${message.status}` : null;
}

/** The body of `POST …/messages`, or null when there is nothing to send. */
export function sendBody(
  text: string,
  attachmentId: string | null,
  customer: Customer,
): { text?: string; attachment?: string; contact_name?: string; contact_phone: string } | null {
  const trimmed = text.trim();
  if (!trimmed && !attachmentId) return null;
  const name = customer.name.trim();
  return {
    ...(trimmed ? { text: trimmed } : {}),
    ...(attachmentId ? { attachment: attachmentId } : {}),
    ...(name ? { contact_name: name } : {}),
    contact_phone: customer.phone,
  };
}
