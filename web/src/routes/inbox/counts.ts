import type { InboxCounts } from '../../api/types';
import type { InboxView } from '../../components/inbox/query';

/** A view's badge: the caller's own counters for agents, the whole inbox's for supervisors. */
export function viewCount(counts: InboxCounts | null, view: InboxView, supervises: boolean): number | null {
  if (!counts) return null;
  const open = supervises ? counts.open : null;
  switch (view) {
    case 'open':
      return open
        ? (open.by_status.bot ?? 0) + (open.by_status.queued ?? 0) + (open.by_status.assigned ?? 0)
        : null;
    case 'mine':
      return counts.assigned;
    case 'queued':
      return open ? (open.by_status.queued ?? 0) : counts.queues.reduce((sum, q) => sum + q.waiting, 0);
    case 'unread':
      return supervises ? null : counts.unread_conversations;
    default:
      return null;
  }
}

/** Open conversations per campaign or channel, for the filters' options (supervisors). */
export function optionCount(
  counts: InboxCounts | null,
  key: 'by_campaign' | 'by_channel',
  id: string,
): number | null {
  const open = counts?.open;
  return open ? (open[key][id] ?? 0) : null;
}
