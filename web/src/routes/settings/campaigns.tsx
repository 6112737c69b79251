import { endpoints, itemsOf } from '../../api/endpoints';
import type { CampaignSettings } from '../../api/types';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { Tabs } from '../../components/Tabs';
import { EmptyState, PageHeader, SelectField, Spinner } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { navigate, queryParam } from '../router';
import { AssignmentTab } from './campaigns/assignment-tab';
import { CAMPAIGN_TABS, type CampaignTab } from './campaigns/campaign-form';
import { DispositionsTab } from './campaigns/dispositions-tab';
import { FieldsTab } from './campaigns/fields-tab';
import { PermissionsTab } from './campaigns/permissions-tab';
import { QueuesTab } from './campaigns/queues-tab';
import { ScheduleTab } from './campaigns/schedule-tab';

/** `/settings/campaigns?campaign=<id>&tab=…`: a campaign's conversation settings. */
export function CampaignsPage() {
  const campaigns = useResource(() => endpoints.campaigns(), []);
  const dispositions = useResource(() => endpoints.dispositions().then(itemsOf), []);
  const list = (campaigns.data ?? []).filter((c) => !c.archived_at);
  const id = queryParam('campaign') ?? list[0]?.id ?? '';
  const tabParam = queryParam('tab') as CampaignTab | null;
  const tab: CampaignTab = tabParam && CAMPAIGN_TABS.includes(tabParam) ? tabParam : 'assignment';
  const campaign = useResource(() => (id ? endpoints.campaign(id) : Promise.resolve(null)), [id]);
  const go = (next: { campaign?: string; tab?: CampaignTab }) =>
    navigate(
      `/settings/campaigns?campaign=${encodeURIComponent(next.campaign ?? id)}&tab=${next.tab ?? tab}`,
      { replace: true },
    );
  const c = campaign.data;
  const onSaved = (saved: CampaignSettings) => campaign.setData(() => ({ ...(c ?? saved), ...saved }));
  return (
    <>
      <PageHeader title={t('campaigns.title')} description={t('campaigns.intro')} />
      <ErrorBanner error={campaigns.error} />
      {list.length === 0 && !campaigns.loading ? <EmptyState>{t('campaigns.empty')}</EmptyState> : null}
      {list.length > 0 ? (
        <div class="toolbar">
          <SelectField
            id="campaign-pick"
            label={t('inbox.campaign')}
            value={id}
            options={list.map((x) => ({ value: x.id, label: x.name }))}
            onValue={(v) => go({ campaign: v })}
          />
        </div>
      ) : null}
      {c ? (
        <section class="card">
          <Tabs
            label={t('campaigns.tabs_label')}
            tabs={CAMPAIGN_TABS}
            current={tab}
            onTab={(x) => go({ tab: x })}
            title={(x) => t(`campaigns.tabs.${x}`)}
          >
            {tab === 'assignment' ? (
              <AssignmentTab
                key={c.id}
                campaign={c}
                dispositions={dispositions.data ?? []}
                onSaved={onSaved}
              />
            ) : null}
            {tab === 'schedule' ? <ScheduleTab key={c.id} campaign={c} onSaved={onSaved} /> : null}
            {tab === 'dispositions' ? (
              <DispositionsTab
                key={c.id}
                campaign={c}
                dispositions={dispositions.data ?? []}
                onSaved={onSaved}
                onCreated={dispositions.reload}
              />
            ) : null}
            {tab === 'permissions' ? <PermissionsTab key={c.id} campaign={c} onSaved={onSaved} /> : null}
            {tab === 'fields' ? <FieldsTab key={c.id} campaign={c} /> : null}
            {tab === 'queues' ? <QueuesTab key={c.id} campaign={c} /> : null}
          </Tabs>
        </section>
      ) : campaign.loading && id ? (
        <Spinner />
      ) : null}
    </>
  );
}
