import { useState } from 'preact/hooks';
import { bots, type ChatbotView, type DefaultText } from '../../../api/bots';
import type { Channel, Queue } from '../../../api/types';
import { errorFields } from '../../../components/format';
import { useSubmit } from '../../../components/forms/useSubmit';
import { Tabs } from '../../../components/Tabs';
import { Button } from '../../../components/ui';
import { language, t, tn } from '../../../i18n';
import { notify } from '../../../state/toasts';
import { AttentionTab } from './attention-tab';
import {
  CHATBOT_TABS,
  type ChatbotTab,
  type ChatbotTabProps,
  copyDraft,
  defaultText,
  errorsByTab,
  firstErrorTab,
  fromDraft,
  localMessages,
  toDraft,
} from './chatbot-form';
import { CopyFrom } from './copy-from';
import { FaqTab } from './faq-tab';
import { FlowTab } from './flow-tab';
import { QueuesTab } from './queues-tab';

/** One channel's chatbot as a form over four tabs, saved at once; errors mark their tabs. */
export function ChatbotEditor(props: {
  channel: Channel;
  channels: Channel[];
  view: ChatbotView;
  queues: Queue[];
  tab: ChatbotTab;
  onTab: (tab: ChatbotTab) => void;
}) {
  const [saved, setSaved] = useState(props.view);
  const [draft, setDraft] = useState(() => toDraft(props.view.settings));
  const [local, setLocal] = useState<Record<string, string>>({});
  const tab = props.tab;
  const { busy, fieldErrors, submit, reset } = useSubmit({
    toast: true,
    onFailure: (err) => showTabOf(errorFields(err)),
  });
  const errors = { ...fieldErrors, ...local };
  const marks = errorsByTab(Object.keys(errors));
  const placeholder = (key: DefaultText) =>
    defaultText(key, draft.language, { language: saved.settings.language, defaults: saved.defaults });

  /** Shows the tab of the first field in error. */
  function showTabOf(next: Record<string, string>) {
    const first = firstErrorTab(next);
    if (first && first !== tab) props.onTab(first);
  }

  async function save(e: Event) {
    e.preventDefault();
    const out = fromDraft(draft);
    if (!out.settings) {
      const problems = localMessages(out.problems, language.value);
      reset();
      setLocal(problems);
      showTabOf(problems);
      notify('error', t('errors.validation_failed'));
      return;
    }
    setLocal({});
    const settings = out.settings;
    await submit(async () => {
      const next = await bots.saveChatbot(props.channel.id, settings);
      setSaved(next);
      setDraft(toDraft(next.settings));
      notify('success', t('chatbot.saved', { name: props.channel.name }));
    });
  }

  const tabProps: ChatbotTabProps = { draft, set: setDraft, errors, placeholder, queues: props.queues };
  return (
    <form class="card" onSubmit={save} noValidate>
      <div class="bot-head">
        <CopyFrom
          channel={props.channel}
          channels={props.channels}
          onCopy={(from, view) => {
            setDraft(copyDraft(view.settings, draft, from.campaign_id === props.channel.campaign_id));
            setLocal({});
            reset();
            notify('info', t('chatbot.copied', { name: from.name }));
          }}
        />
        <span class={`badge bot-status ${saved.settings.enabled ? 'badge-success' : 'badge-neutral'}`}>
          {saved.settings.enabled ? t('chatbot.status_on') : t('chatbot.status_off')}
        </span>
      </div>
      <Tabs
        label={t('chatbot.tabs_label')}
        tabs={CHATBOT_TABS}
        current={tab}
        onTab={props.onTab}
        prefix="bot-"
        title={(x) => (
          <>
            {t(`chatbot.tabs.${x}`)}
            {marks[x] > 0 ? (
              <span class="tab-errors">
                <span aria-hidden="true"> ({marks[x]})</span>
                <span class="visually-hidden">{tn('chatbot.tab_errors', marks[x] ?? 0)}</span>
              </span>
            ) : null}
          </>
        )}
      >
        {tab === 'flow' ? <FlowTab {...tabProps} /> : null}
        {tab === 'faq' ? <FaqTab {...tabProps} /> : null}
        {tab === 'queues' ? <QueuesTab {...tabProps} /> : null}
        {tab === 'attention' ? <AttentionTab {...tabProps} /> : null}
      </Tabs>
      <div class="form-actions bot-save">
        <Button type="submit" variant="primary" busy={busy}>
          {t('chatbot.save')}
        </Button>
      </div>
    </form>
  );
}
