import { endpoints, itemsOf } from '../../api/endpoints';
import { reports } from '../../api/reports';
import type { AgentReport, ConversationReport } from '../../api/types';
import { errorFields } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { Tabs } from '../../components/Tabs';
import { PageHeader, SelectField, Spinner, TextField } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { me } from '../../state/store';
import { navigate, queryParam, route } from '../router';
import { AgentReportView } from './agents-view';
import {
  GROUPS,
  type GroupBy,
  isGroup,
  isPreset,
  type Period,
  PRESETS,
  type Preset,
  presetPeriod,
  reportQuery,
  todayIn,
} from './report-logic';
import { ConversationReportView } from './report-view';

const FILTERS = ['campaign', 'channel', 'queue', 'agent'] as const;
type Filter = (typeof FILTERS)[number];

/** The reports, one tab each; the agents' reports have no grouping and no agent filter. */
const TABS = ['conversations', 'agents', 'leaderboard'] as const;
type Tab = (typeof TABS)[number];

type Loaded = { kind: 'conversations'; data: ConversationReport } | { kind: 'agents'; data: AgentReport };

interface State {
  tab: Tab;
  preset: Preset;
  from: string;
  to: string;
  group: GroupBy;
  filters: Record<Filter, string>;
}

function readState(search: string): State {
  const preset = queryParam('preset', search);
  const group = queryParam('group', search);
  const tab = queryParam('tab', search);
  const filters = Object.fromEntries(FILTERS.map((f) => [f, queryParam(f, search) ?? ''])) as Record<
    Filter,
    string
  >;
  return {
    tab: TABS.find((x) => x === tab) ?? 'conversations',
    preset: isPreset(preset) ? preset : 'last7',
    from: queryParam('from', search) ?? '',
    to: queryParam('to', search) ?? '',
    group: isGroup(group) ? group : 'day',
    filters,
  };
}

function writeState(state: State): void {
  const params = new URLSearchParams({ preset: state.preset, group: state.group });
  if (state.tab !== 'conversations') params.set('tab', state.tab);
  if (state.preset === 'custom') {
    params.set('from', state.from);
    params.set('to', state.to);
  }
  for (const f of FILTERS) if (state.filters[f]) params.set(f, state.filters[f]);
  navigate(`/reports?${params.toString()}`, { replace: true });
}

/** The period a state asks for, or null while a custom range misses a date. */
function periodOf(state: State, zone: string): Period | null {
  const fixed = presetPeriod(state.preset, todayIn(zone, new Date()));
  if (fixed) return fixed;
  return state.from && state.to ? { from: state.from, to: state.to } : null;
}

/** `/reports`: the conversations report (REP-2, REP-4) over a period, filtered and grouped. */
export function ReportsPage() {
  const state = readState(route.value.search);
  const zone = me.value?.organization.time_zone ?? 'UTC';
  const period = periodOf(state, zone);
  const query = period
    ? reportQuery(period, state.group, {
        campaign_id: state.filters.campaign,
        channel_id: state.filters.channel,
        queue_id: state.filters.queue,
        agent_id: state.filters.agent,
      })
    : null;
  const key = query ? `${state.tab}?${new URLSearchParams(query).toString()}` : '';
  const report = useResource((): Promise<Loaded | null> => {
    if (!query) return Promise.resolve(null);
    if (state.tab === 'conversations') {
      return reports.conversations(query).then((data) => ({ kind: 'conversations', data }));
    }
    const { group_by: _group, agent_id: _agent, ...rest } = query;
    return reports.agents(state.tab, rest).then((data) => ({ kind: 'agents', data }));
  }, [key]);
  const set = (change: Partial<State>) => writeState({ ...state, ...change });
  const setFilter = (f: Filter, value: string) => set({ filters: { ...state.filters, [f]: value } });
  // A refused custom range says why under its dates; anything else is a banner.
  const fields = report.error ? errorFields(report.error) : {};
  const dateError = state.preset === 'custom' && (fields.from || fields.to);

  return (
    <>
      <PageHeader title={t('reports.title')} description={t('reports.intro', { zone })} />
      <Tabs
        label={t('reports.tabs.label')}
        tabs={TABS}
        current={state.tab}
        onTab={(tab) => set({ tab })}
        title={(x) => t(`reports.tabs.${x}`)}
        prefix="report-"
      >
        <form
          class="toolbar report-filters"
          onSubmit={(e) => e.preventDefault()}
          aria-label={t('reports.filters')}
        >
          <SelectField
            id="report-preset"
            label={t('reports.period')}
            value={state.preset}
            options={PRESETS.map((p) => ({ value: p, label: t(`reports.presets.${p}`) }))}
            onValue={(v) => {
              const custom = v === 'custom' ? (period ?? { from: '', to: '' }) : { from: '', to: '' };
              set({ preset: v as Preset, ...custom });
            }}
          />
          {state.preset === 'custom' ? (
            <>
              <TextField
                id="report-from"
                type="date"
                label={t('reports.from')}
                error={fields.from}
                value={state.from}
                onValue={(v) => set({ from: v })}
              />
              <TextField
                id="report-to"
                type="date"
                label={t('reports.to')}
                error={fields.to}
                value={state.to}
                onValue={(v) => set({ to: v })}
              />
            </>
          ) : null}
          {state.tab === 'conversations' ? (
            <SelectField
              id="report-group"
              label={t('reports.group_by')}
              value={state.group}
              options={GROUPS.map((g) => ({ value: g, label: t(`reports.groups.${g}`) }))}
              onValue={(v) => set({ group: v as GroupBy })}
            />
          ) : null}
          <FilterSelects
            values={state.filters}
            onFilter={setFilter}
            withAgent={state.tab === 'conversations'}
          />
        </form>
        {period ? null : <p class="muted">{t('reports.pick_dates')}</p>}
        {dateError ? null : <ErrorBanner error={report.error} />}
        {report.loading && !report.data ? <Spinner /> : null}
        {report.data?.kind === 'conversations' && !report.error ? (
          <ConversationReportView report={report.data.data} group={state.group} />
        ) : null}
        {report.data?.kind === 'agents' && !report.error ? (
          <AgentReportView report={report.data.data} leaderboard={state.tab === 'leaderboard'} />
        ) : null}
      </Tabs>
    </>
  );
}

/** Campaign, channel, queue and agent pickers; a list the caller may not read offers "all" only. */
function FilterSelects(props: {
  values: Record<Filter, string>;
  onFilter: (f: Filter, value: string) => void;
  withAgent: boolean;
}) {
  const campaigns = useResource(() => endpoints.campaigns().catch(() => []), []);
  const channels = useResource(() => endpoints.allChannels().catch(() => []), []);
  const queues = useResource(() => endpoints.queues().then(itemsOf, () => []), []);
  const agents = useResource(() => endpoints.agents().then(itemsOf, () => []), []);
  type Named = { id: string; name: string; archived_at?: string | null; archived?: boolean };
  const lists: Record<Filter, Named[]> = {
    campaign: campaigns.data ?? [],
    channel: channels.data ?? [],
    queue: queues.data ?? [],
    agent: agents.data ?? [],
  };
  return (
    <>
      {FILTERS.filter((f) => props.withAgent || f !== 'agent').map((f) => (
        <SelectField
          key={f}
          id={`report-${f}`}
          label={t(`reports.filter.${f}`)}
          value={props.values[f]}
          options={[
            { value: '', label: t(`reports.filter.all_${f}`) },
            ...lists[f]
              .filter((x) => !x.archived_at && !x.archived)
              .map((x) => ({ value: x.id, label: x.name })),
          ]}
          onValue={(v) => props.onFilter(f, v)}
        />
      ))}
    </>
  );
}
