import { useEffect, useState } from 'preact/hooks';
import { num } from '../../components/format';
import { activeFilters, type InboxFilter } from '../../components/inbox/query';
import { queueLabels } from '../../components/inbox/queue-labels';
import { Button } from '../../components/ui';
import { t } from '../../i18n';
import { campaignName, directory } from '../../state/inbox-data';
import { app } from '../../state/store';
import { optionCount } from './counts';
import { supervises } from './supervises';

/** The inbox list's filters (queue, campaign, channel, agent, tag); each change gives the whole new filter. */
export function Filters(props: { filter: InboxFilter; onChange: (f: InboxFilter) => void }) {
  const { filter, onChange } = props;
  const inbox = app.value.inbox;
  const waiting = (id: string) => inbox.counts?.queues.find((q) => q.queue_id === id)?.waiting ?? null;
  const dir = directory.value;
  const known = inbox.queues.length
    ? inbox.queues
        .filter((q) => !q.archived)
        .map((q) => ({ id: q.id, name: q.name, campaignId: q.campaign_id }))
    : (inbox.counts?.queues ?? []).map((q) => ({ id: q.queue_id, name: q.name, campaignId: q.campaign_id }));
  const labels = queueLabels(known, campaignName);
  const queues = known.map((q) => ({ id: q.id, name: labels.get(q.id) ?? q.name, count: waiting(q.id) }));
  const [tag, setTag] = useState(filter.tag);
  useEffect(() => setTag(filter.tag), [filter.tag]);
  const select = (
    id: string,
    label: string,
    value: string,
    options: { id: string; name: string; count?: number | null }[],
    key: keyof InboxFilter,
  ) => (
    <div class="filter-field">
      <label for={id}>{label}</label>
      <select
        id={id}
        class="input input-compact"
        value={value}
        onChange={(e) => onChange({ ...filter, [key]: (e.currentTarget as HTMLSelectElement).value })}
      >
        <option value="">{t('inbox.filters.any')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.count == null ? o.name : `${o.name} (${num(o.count)})`}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div class="inbox-filters" id="inbox-filters">
      {select('filter-queue', t('inbox.filters.queue'), filter.queue, queues, 'queue')}
      {select(
        'filter-campaign',
        t('inbox.filters.campaign'),
        filter.campaign,
        dir.campaigns.map((c) => ({ ...c, count: optionCount(inbox.counts, 'by_campaign', c.id) })),
        'campaign',
      )}
      {select(
        'filter-channel',
        t('inbox.filters.channel'),
        filter.channel,
        dir.channels.map((c) => ({ ...c, count: optionCount(inbox.counts, 'by_channel', c.id) })),
        'channel',
      )}
      {supervises()
        ? select(
            'filter-agent',
            t('inbox.filters.agent'),
            filter.agent,
            inbox.agents.map((a) => ({ id: a.id, name: a.name, count: a.assigned })),
            'agent',
          )
        : null}
      <form
        class="filter-field"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ ...filter, tag });
        }}
      >
        <label for="filter-tag">{t('inbox.filters.tag')}</label>
        <input
          id="filter-tag"
          class="input input-compact"
          value={tag}
          onInput={(e) => setTag((e.currentTarget as HTMLInputElement).value)}
          onBlur={() => tag !== filter.tag && onChange({ ...filter, tag })}
        />
      </form>
      {activeFilters(filter) > 0 ? (
        <Button
          small
          variant="ghost"
          onClick={() => onChange({ ...filter, queue: '', campaign: '', channel: '', agent: '', tag: '' })}
        >
          {t('inbox.filters.clear')}
        </Button>
      ) : null}
    </div>
  );
}
