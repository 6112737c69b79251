import { signal } from '@preact/signals';
import { endpoints, itemsOf, pageOf } from '../api/endpoints';
import type { Channel, Disposition, HierarchyNode } from '../api/types';
import { queueLabels } from '../components/inbox/queue-labels';
import type { ListQuery } from '../realtime/inbox';
import { app, dispatch } from './store';

/** Names the inbox shows beside ids: campaigns, channels, dispositions (read once per session). */
export interface Directory {
  campaigns: HierarchyNode[];
  channels: Channel[];
  dispositions: Disposition[];
}

export const directory = signal<Directory>({ campaigns: [], channels: [], dispositions: [] });
let directoryFor: string | null = null;

export function loadDirectory(force = false): void {
  const me = app.value.me?.user.id ?? null;
  if (!me || (!force && directoryFor === me)) return;
  directoryFor = me;
  void Promise.allSettled([endpoints.campaigns(), endpoints.allChannels(), endpoints.dispositions()]).then(
    ([campaigns, channels, dispositions]) => {
      directory.value = {
        campaigns: campaigns.status === 'fulfilled' ? campaigns.value : directory.value.campaigns,
        channels: channels.status === 'fulfilled' ? channels.value : directory.value.channels,
        dispositions:
          dispositions.status === 'fulfilled' ? itemsOf(dispositions.value) : directory.value.dispositions,
      };
    },
  );
}

export function campaignName(id: string | null | undefined): string {
  return directory.value.campaigns.find((c) => c.id === id)?.name ?? '';
}

export function channelOf(id: string | null | undefined): Channel | undefined {
  return directory.value.channels.find((c) => c.id === id);
}

export function agentName(id: string | null | undefined): string {
  if (!id) return '';
  return app.value.inbox.agents.find((a) => a.id === id)?.name ?? '';
}

/** A disposition's name from the directory; empty when it is unknown. */
export function dispositionName(id: unknown): string {
  return typeof id === 'string' ? (directory.value.dispositions.find((d) => d.id === id)?.name ?? '') : '';
}

/** A queue's name, with its campaign when queues of other campaigns share it. */
export function queueName(id: string | null | undefined): string {
  if (!id) return '';
  const inbox = app.value.inbox;
  const known = inbox.queues.length
    ? inbox.queues.map((q) => ({ id: q.id, name: q.name, campaignId: q.campaign_id }))
    : (inbox.counts?.queues ?? []).map((q) => ({ id: q.queue_id, name: q.name, campaignId: q.campaign_id }));
  return queueLabels(known, campaignName).get(id) ?? '';
}

const lists: Record<string, { seq: number; controller: AbortController | null }> = {};

/** Loads (or, with `after`, extends) a live conversation list. */
export async function loadList(name: string, query: ListQuery, after: string | null = null): Promise<void> {
  const slot = lists[name] ?? { seq: 0, controller: null };
  lists[name] = slot;
  slot.controller?.abort();
  const controller = new AbortController();
  slot.controller = controller;
  slot.seq += 1;
  const mine = slot.seq;
  try {
    const page = pageOf(await endpoints.conversations({ ...query, after, limit: 50 }, controller.signal));
    if (mine !== slot.seq) return;
    dispatch({
      kind: 'local.list_loaded',
      list: name,
      query,
      items: page.items,
      next: page.next,
      append: !!after,
    });
  } finally {
    if (slot.controller === controller) slot.controller = null;
  }
}

export async function loadCounts(): Promise<void> {
  try {
    dispatch({ kind: 'local.counts_loaded', counts: await endpoints.inboxCounts() });
  } catch {
    // the badges stay as they were
  }
}

export async function loadAgents(): Promise<void> {
  try {
    dispatch({ kind: 'local.agents_loaded', items: itemsOf(await endpoints.agents()) });
  } catch {
    // names then show as unknown
  }
}

export async function loadQueues(): Promise<void> {
  try {
    dispatch({ kind: 'local.queues_loaded', items: itemsOf(await endpoints.queues()) });
  } catch {
    // queue names come from the counts instead
  }
}

export async function loadNotifications(): Promise<void> {
  try {
    dispatch({ kind: 'local.notifications_loaded', items: itemsOf(await endpoints.notifications()) });
  } catch {
    // no bell entries
  }
}

/** The newest messages of a conversation, its detail, and marks it read. */
export async function loadConversation(id: string): Promise<void> {
  const [detail, page] = await Promise.all([endpoints.conversation(id), endpoints.messages(id, null)]);
  dispatch({ kind: 'local.detail_loaded', detail });
  const p = pageOf(page);
  dispatch({ kind: 'local.messages_loaded', id, items: p.items, next: p.next, older: false });
}

export async function loadOlder(id: string, before: string): Promise<void> {
  const p = pageOf(await endpoints.messages(id, before));
  dispatch({ kind: 'local.messages_loaded', id, items: p.items, next: p.next, older: true });
}

export async function markRead(id: string): Promise<void> {
  try {
    dispatch({ kind: 'local.conversation_saved', conversation: await endpoints.markRead(id) });
  } catch {
    // not fatal: the badge stays until the next read
  }
}
