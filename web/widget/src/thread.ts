// The visitor's thread as the widget holds it: messages by id, oldest first. The same
// message can come from a send's answer, the stream and a reload: it is kept once.

export interface Attachment {
  id: string;
  name: string | null;
  content_type: string | null;
  size: number | null;
  url: string;
}

export interface ThreadMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  kind: string;
  text: string | null;
  attachment: Attachment | null;
  author_name: string | null;
  status: string | null;
  created_at: string;
}

export function merge(thread: readonly ThreadMessage[], incoming: readonly ThreadMessage[]): ThreadMessage[] {
  const byId = new Map(thread.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  // Ids are time-ordered (UUIDv7), so their text order is the thread's order.
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The last message id the widget has: where a reconnect resumes. */
export function lastId(thread: readonly ThreadMessage[]): string | null {
  return thread.length ? (thread[thread.length - 1]?.id ?? null) : null;
}

/** Waits between reconnects: 1 s, 2 s, 4 s … up to 30 s. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
}
