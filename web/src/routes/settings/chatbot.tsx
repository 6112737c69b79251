import { useState } from 'preact/hooks';
import { bots, type ChatbotView, type DefaultText } from '../../api/bots';
import { endpoints, itemsOf } from '../../api/endpoints';
import { fieldMessage } from '../../api/problem';
import type { Channel, Queue } from '../../api/types';
import { errorFields } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { languageName } from '../../components/LanguageSwitch';
import { TextAreaField } from '../../components/TextAreaField';
import {
  Button,
  CheckboxField,
  EmptyState,
  PageHeader,
  SelectField,
  Spinner,
  TextField,
} from '../../components/ui';
import { useResource } from '../../components/useResource';
import { LANGUAGES, language, t } from '../../i18n';
import { notify } from '../../state/toasts';
import { navigate, queryParam } from '../router';
import {
  CHATBOT_TABS,
  type ChatbotDraft,
  type ChatbotTab,
  copyDraft,
  defaultText,
  errorsByTab,
  fromDraft,
  MENU_ITEMS_MAX,
  type SwitchedDraft,
  tabOfField,
  toDraft,
} from './chatbot-form';

interface TabProps {
  draft: ChatbotDraft;
  set: (next: ChatbotDraft) => void;
  errors: Record<string, string>;
  placeholder: (key: DefaultText) => string;
  queues: Queue[];
}

/** A message with its switch: "send it" and the text (empty: the default, shown as placeholder). */
function SwitchedText(props: {
  id: string;
  legend: string;
  switchLabel: string;
  value: SwitchedDraft;
  onValue: (v: SwitchedDraft) => void;
  placeholder: string;
  error?: string | undefined;
  hint?: string;
}) {
  const v = props.value;
  return (
    <fieldset class="plain-fieldset bot-block">
      <legend>{props.legend}</legend>
      <CheckboxField
        id={`${props.id}-enabled`}
        label={props.switchLabel}
        checked={v.enabled}
        onChecked={(on) => props.onValue({ ...v, enabled: on })}
      />
      <TextAreaField
        id={`${props.id}-text`}
        label={t('chatbot.text')}
        value={v.text}
        onValue={(text) => props.onValue({ ...v, text })}
        placeholder={props.placeholder}
        hint={props.hint ?? t('chatbot.default_hint')}
        error={props.error}
        disabled={!v.enabled}
      />
    </fieldset>
  );
}

function FlowTab({ draft, set, errors, placeholder }: TabProps) {
  const s = draft.survey;
  const setSurvey = (patch: Partial<ChatbotDraft['survey']>) => set({ ...draft, survey: { ...s, ...patch } });
  return (
    <>
      <CheckboxField
        id="bot-enabled"
        label={t('chatbot.enabled')}
        hint={t('chatbot.enabled_hint')}
        checked={draft.enabled}
        onChecked={(on) => set({ ...draft, enabled: on })}
      />
      <SelectField
        id="bot-language"
        label={t('chatbot.language')}
        hint={t('chatbot.language_hint')}
        value={draft.language}
        options={LANGUAGES.map((code) => ({ value: code, label: languageName(code) }))}
        onValue={(v) => set({ ...draft, language: v as ChatbotDraft['language'] })}
        error={errors.language}
      />
      <SwitchedText
        id="bot-greeting"
        legend={t('chatbot.greeting')}
        switchLabel={t('chatbot.greeting_switch')}
        value={draft.greeting}
        onValue={(greeting) => set({ ...draft, greeting })}
        placeholder={placeholder('greeting')}
        hint={t('chatbot.name_hint')}
        error={errors['greeting.text']}
      />
      <fieldset class="plain-fieldset bot-block">
        <legend>{t('chatbot.return_greeting')}</legend>
        <CheckboxField
          id="bot-return-enabled"
          label={t('chatbot.return_greeting_switch')}
          checked={draft.returnGreeting.enabled}
          onChecked={(on) => set({ ...draft, returnGreeting: { ...draft.returnGreeting, enabled: on } })}
        />
        <TextAreaField
          id="bot-return-text"
          label={t('chatbot.text')}
          value={draft.returnGreeting.text}
          onValue={(text) => set({ ...draft, returnGreeting: { ...draft.returnGreeting, text } })}
          placeholder={placeholder('return_greeting')}
          hint={t('chatbot.name_hint')}
          error={errors['return_greeting.text']}
          disabled={!draft.returnGreeting.enabled}
        />
        <TextField
          id="bot-return-hours"
          label={t('chatbot.return_after_hours')}
          hint={t('chatbot.return_after_hours_hint')}
          inputMode="numeric"
          value={draft.returnGreeting.afterHours}
          onValue={(afterHours) => set({ ...draft, returnGreeting: { ...draft.returnGreeting, afterHours } })}
          error={errors['return_greeting.after_hours']}
        />
      </fieldset>
      <fieldset class="plain-fieldset bot-block">
        <legend>{t('chatbot.survey')}</legend>
        <CheckboxField
          id="bot-survey-enabled"
          label={t('chatbot.survey_switch')}
          hint={t('chatbot.survey_hint')}
          checked={s.enabled}
          onChecked={(on) => setSurvey({ enabled: on })}
        />
        <SelectField
          id="bot-survey-kind"
          label={t('chatbot.survey_kind')}
          value={s.kind}
          options={[
            { value: 'csat', label: t('chatbot.kinds.csat') },
            { value: 'nps', label: t('chatbot.kinds.nps') },
          ]}
          onValue={(v) => setSurvey({ kind: v as 'csat' | 'nps' })}
        />
        <CheckboxField
          id="bot-survey-invitation"
          label={t('chatbot.survey_invitation')}
          hint={t('chatbot.survey_invitation_hint')}
          checked={s.invitation}
          onChecked={(on) => setSurvey({ invitation: on })}
        />
        {s.invitation ? (
          <TextAreaField
            id="bot-survey-invitation-text"
            label={t('chatbot.survey_invitation_text')}
            value={s.invitationText}
            onValue={(invitationText) => setSurvey({ invitationText })}
            placeholder={placeholder('survey_invitation')}
            hint={t('chatbot.default_hint')}
            error={errors['survey.invitation_text']}
          />
        ) : null}
        <TextAreaField
          id="bot-survey-question"
          label={t('chatbot.survey_question')}
          value={s.question}
          onValue={(question) => setSurvey({ question })}
          placeholder={placeholder(s.kind === 'nps' ? 'survey_nps' : 'survey_csat')}
          hint={t('chatbot.default_hint')}
          error={errors['survey.question']}
        />
        <div class="grid-2 bot-pair">
          <SelectField
            id="bot-survey-every"
            label={t('chatbot.survey_every')}
            value={s.every}
            options={[
              { value: 'attentions', label: t('chatbot.every.attentions') },
              { value: 'days', label: t('chatbot.every.days') },
            ]}
            onValue={(v) => setSurvey({ every: v as 'attentions' | 'days' })}
          />
          <TextField
            id="bot-survey-interval"
            label={s.every === 'days' ? t('chatbot.interval_days') : t('chatbot.interval_attentions')}
            inputMode="numeric"
            value={s.interval}
            onValue={(interval) => setSurvey({ interval })}
            error={errors['survey.interval']}
          />
        </div>
        <p class="field-hint">{t('chatbot.survey_first_always')}</p>
      </fieldset>
    </>
  );
}

function FaqTab({ draft, set, errors, placeholder }: TabProps) {
  const faq = draft.faq;
  const setFaq = (patch: Partial<ChatbotDraft['faq']>) => set({ ...draft, faq: { ...faq, ...patch } });
  const setItem = (i: number, patch: Partial<{ question: string; answer: string }>) =>
    setFaq({ items: faq.items.map((item, j) => (j === i ? { ...item, ...patch } : item)) });
  return (
    <>
      <CheckboxField
        id="bot-faq-enabled"
        label={t('chatbot.faq_switch')}
        hint={t('chatbot.faq_hint')}
        checked={faq.enabled}
        onChecked={(on) => setFaq({ enabled: on })}
      />
      <TextAreaField
        id="bot-faq-intro"
        label={t('chatbot.faq_intro')}
        value={faq.intro}
        onValue={(intro) => setFaq({ intro })}
        placeholder={placeholder('faq_intro')}
        hint={t('chatbot.default_hint')}
        error={errors['faq.intro']}
      />
      <h3 class="bot-subtitle">{t('chatbot.faq_items', { n: faq.items.length, max: MENU_ITEMS_MAX })}</h3>
      <ErrorBanner error={errors['faq.items']} />
      {faq.items.length === 0 ? <EmptyState>{t('chatbot.faq_empty')}</EmptyState> : null}
      <ol class="field-drafts bot-rows">
        {faq.items.map((item, i) => (
          <li key={i} class="card field-draft">
            <TextField
              id={`bot-faq-question-${i}`}
              label={t('chatbot.question_n', { n: i + 1 })}
              value={item.question}
              onValue={(question) => setItem(i, { question })}
              error={errors[`faq.items.${i}.question`]}
              maxLength={200}
            />
            <TextAreaField
              id={`bot-faq-answer-${i}`}
              label={t('chatbot.answer_n', { n: i + 1 })}
              value={item.answer}
              onValue={(answer) => setItem(i, { answer })}
              error={errors[`faq.items.${i}.answer`]}
            />
            <Button
              small
              variant="ghost"
              onClick={() => setFaq({ items: faq.items.filter((_, j) => j !== i) })}
            >
              {t('chatbot.remove_question', { n: i + 1 })}
            </Button>
          </li>
        ))}
      </ol>
      <div class="form-actions bot-add">
        <Button
          disabled={faq.items.length >= MENU_ITEMS_MAX}
          onClick={() => setFaq({ items: [...faq.items, { question: '', answer: '' }] })}
        >
          {t('chatbot.add_question')}
        </Button>
      </div>
      <TextField
        id="bot-faq-agent"
        label={t('chatbot.agent_option')}
        hint={t('chatbot.agent_option_hint')}
        value={faq.agentOption}
        onValue={(agentOption) => setFaq({ agentOption })}
        placeholder={placeholder('agent_option')}
        error={errors['faq.agent_option']}
        maxLength={60}
      />
    </>
  );
}

function QueuesTab({ draft, set, errors, placeholder, queues }: TabProps) {
  const menu = draft.queueMenu;
  const setMenu = (patch: Partial<ChatbotDraft['queueMenu']>) =>
    set({ ...draft, queueMenu: { ...menu, ...patch } });
  const setRow = (i: number, patch: Partial<{ queueId: string; label: string }>) =>
    setMenu({ queues: menu.queues.map((q, j) => (j === i ? { ...q, ...patch } : q)) });
  const active = queues.filter((q) => !q.archived);
  const campaignDefault = active.find((q) => q.is_default);
  const queueOptions = active.map((q) => ({ value: q.id, label: q.name }));
  return (
    <>
      <CheckboxField
        id="bot-queues-enabled"
        label={t('chatbot.queues_switch')}
        hint={t('chatbot.queues_hint')}
        checked={menu.enabled}
        onChecked={(on) => setMenu({ enabled: on })}
      />
      <TextAreaField
        id="bot-queues-intro"
        label={t('chatbot.queues_intro')}
        value={menu.intro}
        onValue={(intro) => setMenu({ intro })}
        placeholder={placeholder('queue_intro')}
        hint={t('chatbot.default_hint')}
        error={errors['queue_menu.intro']}
      />
      <h3 class="bot-subtitle">{t('chatbot.queue_rows', { n: menu.queues.length, max: MENU_ITEMS_MAX })}</h3>
      <ErrorBanner error={errors['queue_menu.queues']} />
      {menu.queues.length === 0 ? <EmptyState>{t('chatbot.queues_empty')}</EmptyState> : null}
      <ol class="field-drafts bot-rows">
        {menu.queues.map((row, i) => (
          <li key={i} class="card field-draft">
            <div class="grid-2 bot-pair">
              <SelectField
                id={`bot-queue-${i}`}
                label={t('chatbot.queue_n', { n: i + 1 })}
                value={row.queueId}
                options={[{ value: '', label: t('chatbot.pick_queue') }, ...queueOptions]}
                onValue={(queueId) => {
                  const name = active.find((q) => q.id === queueId)?.name ?? '';
                  setRow(i, { queueId, label: row.label || name });
                }}
                error={errors[`queue_menu.queues.${i}.queue_id`]}
              />
              <TextField
                id={`bot-queue-label-${i}`}
                label={t('chatbot.queue_label_n', { n: i + 1 })}
                value={row.label}
                onValue={(label) => setRow(i, { label })}
                error={errors[`queue_menu.queues.${i}.label`]}
                maxLength={60}
              />
            </div>
            <Button
              small
              variant="ghost"
              onClick={() => setMenu({ queues: menu.queues.filter((_, j) => j !== i) })}
            >
              {t('chatbot.remove_queue', { n: i + 1 })}
            </Button>
          </li>
        ))}
      </ol>
      <div class="form-actions bot-add">
        <Button
          disabled={menu.queues.length >= MENU_ITEMS_MAX}
          onClick={() => setMenu({ queues: [...menu.queues, { queueId: '', label: '' }] })}
        >
          {t('chatbot.add_queue')}
        </Button>
      </div>
      <SelectField
        id="bot-default-queue"
        label={t('chatbot.default_queue', { option: placeholder('other_matters') })}
        hint={t('chatbot.default_queue_hint')}
        value={menu.defaultQueueId}
        options={[
          {
            value: '',
            label: t('chatbot.campaign_default_queue', { name: campaignDefault?.name ?? '—' }),
          },
          ...queueOptions,
        ]}
        onValue={(defaultQueueId) => setMenu({ defaultQueueId })}
        error={errors['queue_menu.default_queue_id']}
      />
    </>
  );
}

function AttentionTab({ draft, set, errors, placeholder }: TabProps) {
  return (
    <>
      <SwitchedText
        id="bot-pre"
        legend={t('chatbot.pre_attention')}
        switchLabel={t('chatbot.pre_attention_switch')}
        value={draft.preAttention}
        onValue={(preAttention) => set({ ...draft, preAttention })}
        placeholder={placeholder('pre_attention')}
        error={errors['pre_attention.text']}
      />
      <SwitchedText
        id="bot-post"
        legend={t('chatbot.post_attention')}
        switchLabel={t('chatbot.post_attention_switch')}
        value={draft.postAttention}
        onValue={(postAttention) => set({ ...draft, postAttention })}
        placeholder={placeholder('post_attention')}
        error={errors['post_attention.text']}
      />
      <SwitchedText
        id="bot-unavailable"
        legend={t('chatbot.unavailable')}
        switchLabel={t('chatbot.unavailable_switch')}
        value={draft.unavailable}
        onValue={(unavailable) => set({ ...draft, unavailable })}
        placeholder={placeholder('unavailable')}
        hint={t('chatbot.unavailable_hint')}
        error={errors['unavailable.text']}
      />
      <TextField
        id="bot-max-invalid"
        label={t('chatbot.max_invalid')}
        hint={t('chatbot.max_invalid_hint')}
        inputMode="numeric"
        value={draft.maxInvalid}
        onValue={(maxInvalid) => set({ ...draft, maxInvalid })}
        error={errors.max_invalid}
      />
    </>
  );
}

/** "Número de referencia": load another channel's settings into this draft (saved with Save). */
function CopyFrom(props: {
  channel: Channel;
  channels: Channel[];
  onCopy: (from: Channel, view: ChatbotView) => void;
}) {
  const [from, setFrom] = useState('');
  const { busy, submit } = useSubmit({ toast: true });
  const others = props.channels.filter((c) => c.id !== props.channel.id);
  if (others.length === 0) return null;
  async function copy() {
    const source = others.find((c) => c.id === from);
    if (!source) return;
    await submit(async () => {
      props.onCopy(source, await bots.chatbot(source.id));
      setFrom('');
    });
  }
  return (
    <div class="bot-copy-wrap">
      <div class="bot-copy">
        <SelectField
          id="bot-copy-from"
          label={t('chatbot.copy_from')}
          value={from}
          options={[
            { value: '', label: t('chatbot.copy_pick') },
            ...others.map((c) => ({ value: c.id, label: c.name })),
          ]}
          onValue={setFrom}
        />
        <Button onClick={copy} busy={busy} disabled={!from}>
          {t('chatbot.copy')}
        </Button>
      </div>
      <p class="field-hint">{t('chatbot.copy_hint')}</p>
    </div>
  );
}

function ChatbotEditor(props: {
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
    const first = Object.keys(next)[0];
    if (first && tabOfField(first) !== tab) props.onTab(tabOfField(first));
  }

  async function save(e: Event) {
    e.preventDefault();
    const out = fromDraft(draft);
    if (!out.settings) {
      const problems: Record<string, string> = {};
      for (const p of out.problems) problems[p.field] ??= fieldMessage(p, language.value);
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

  const tabProps: TabProps = { draft, set: setDraft, errors, placeholder, queues: props.queues };
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
      <div class="tabs" role="tablist" aria-label={t('chatbot.tabs_label')}>
        {CHATBOT_TABS.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            id={`bot-tab-${x}`}
            class="tab"
            aria-selected={tab === x}
            aria-controls={`bot-panel-${x}`}
            tabIndex={tab === x ? 0 : -1}
            onClick={() => props.onTab(x)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              const step = e.key === 'ArrowRight' ? 1 : CHATBOT_TABS.length - 1;
              const next = CHATBOT_TABS[(CHATBOT_TABS.indexOf(x) + step) % CHATBOT_TABS.length] ?? x;
              props.onTab(next);
              requestAnimationFrame(() => document.getElementById(`bot-tab-${next}`)?.focus());
            }}
          >
            {t(`chatbot.tabs.${x}`)}
            {marks[x] > 0 ? (
              <span class="tab-errors">
                <span aria-hidden="true"> ({marks[x]})</span>
                <span class="visually-hidden">{t('chatbot.tab_errors', { n: marks[x] })}</span>
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`bot-panel-${tab}`} aria-labelledby={`bot-tab-${tab}`} class="tab-panel">
        {tab === 'flow' ? <FlowTab {...tabProps} /> : null}
        {tab === 'faq' ? <FaqTab {...tabProps} /> : null}
        {tab === 'queues' ? <QueuesTab {...tabProps} /> : null}
        {tab === 'attention' ? <AttentionTab {...tabProps} /> : null}
      </div>
      <div class="form-actions bot-save">
        <Button type="submit" variant="primary" busy={busy}>
          {t('chatbot.save')}
        </Button>
      </div>
    </form>
  );
}

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
