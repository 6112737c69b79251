import { bots } from '../../api/bots';
import { endpoints, itemsOf } from '../../api/endpoints';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { EmptyState, PageHeader, SelectField, Spinner } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { navigate, queryParam } from '../router';
import { CHATBOT_TABS, type ChatbotTab } from './chatbot/chatbot-form';
import { ChatbotEditor } from './chatbot/editor';

/** `/settings/chatbot?channel=<id>&tab=…`: a channel's chatbot (BOT-4) and survey (BOT-5). */
export function ChatbotPage() {
  const channels = useResource(() => endpoints.allChannels(), []);
  const list = (channels.data ?? []).filter((c) => c.status !== 'archived');
  const id = queryParam('channel') ?? list[0]?.id ?? '';
  const tabParam = queryParam('tab') as ChatbotTab | null;
  const tab: ChatbotTab = tabParam && CHATBOT_TABS.includes(tabParam) ? tabParam : 'flow';
  const channel = list.find((c) => c.id === id);
  const campaignId = channel?.campaign_id ?? '';
  const view = useResource(
    () => (id ? bots.chatbot(id).then((v) => ({ id, v })) : Promise.resolve(null)),
    [id],
  );
  const loaded = view.data?.id === id ? view.data.v : null;
  const queues = useResource(
    () => (campaignId ? endpoints.queues(campaignId).then(itemsOf) : Promise.resolve([])),
    [campaignId],
  );
  const go = (next: { channel?: string; tab?: ChatbotTab }) =>
    navigate(`/settings/chatbot?channel=${encodeURIComponent(next.channel ?? id)}&tab=${next.tab ?? tab}`, {
      replace: true,
    });
  return (
    <>
      <PageHeader title={t('chatbot.title')} description={t('chatbot.intro')} />
      <ErrorBanner error={channels.error} />
      <ErrorBanner error={view.error} />
      {list.length === 0 && !channels.loading ? <EmptyState>{t('chatbot.no_channels')}</EmptyState> : null}
      {list.length > 0 ? (
        <div class="toolbar">
          <SelectField
            id="bot-channel"
            label={t('chatbot.channel')}
            value={id}
            options={list.map((c) => ({ value: c.id, label: c.name }))}
            onValue={(v) => go({ channel: v, tab })}
          />
        </div>
      ) : null}
      {channel && loaded && queues.data ? (
        <ChatbotEditor
          key={channel.id}
          channel={channel}
          channels={list}
          view={loaded}
          queues={queues.data}
          tab={tab}
          onTab={(x) => go({ tab: x })}
        />
      ) : id && (view.loading || queues.loading) ? (
        <Spinner />
      ) : null}
    </>
  );
}
