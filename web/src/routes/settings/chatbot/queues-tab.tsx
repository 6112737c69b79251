import { ErrorBanner } from '../../../components/forms/ErrorBanner';
import { TextAreaField } from '../../../components/TextAreaField';
import { Button, CheckboxField, EmptyState, SelectField, TextField } from '../../../components/ui';
import { t } from '../../../i18n';
import { type ChatbotDraft, type ChatbotTabProps, MENU_ITEMS_MAX } from './chatbot-form';

/** The menu of queues the contact chooses from, and where "other matters" go. */
export function QueuesTab({ draft, set, errors, placeholder, queues }: ChatbotTabProps) {
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
