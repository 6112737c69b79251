import { t } from '../../i18n';

/** What a queue label needs: its id, its own name and its campaign. */
export interface NamedQueue {
  id: string;
  name: string;
  campaignId: string;
}

/**
 * Queue names as people can tell them apart: a name that queues of several campaigns share
 * (every new campaign starts with "Cola general") is followed by its campaign; a unique name
 * stays as it is. Keyed by queue id.
 */
export function queueLabels(
  queues: readonly NamedQueue[],
  campaignName: (campaignId: string) => string,
): Map<string, string> {
  const campaignsByName = new Map<string, Set<string>>();
  for (const q of queues) {
    const key = q.name.trim().toLocaleLowerCase();
    campaignsByName.set(key, (campaignsByName.get(key) ?? new Set()).add(q.campaignId));
  }
  const labels = new Map<string, string>();
  for (const q of queues) {
    const shared = (campaignsByName.get(q.name.trim().toLocaleLowerCase())?.size ?? 0) > 1;
    const campaign = shared ? campaignName(q.campaignId) : '';
    labels.set(q.id, campaign ? t('queues.with_campaign', { name: q.name, campaign }) : q.name);
  }
  return labels;
}
