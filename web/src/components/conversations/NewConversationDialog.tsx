import { useState } from 'preact/hooks';
import { endpoints, itemsOf } from '../../api/endpoints';
import { outbound, type StartConversation } from '../../api/outbound';
import type { Template } from '../../api/types';
import { t } from '../../i18n';
import { notify } from '../../state/toasts';
import { errorFields } from '../format';
import { FormDialog } from '../forms/FormDialog';
import { useSubmit } from '../forms/useSubmit';
import { TextAreaField } from '../TextAreaField';
import { TemplatePicker } from '../templates/TemplatePicker';
import { missingVariables, sendable, templateSend, templateVariables } from '../templates/templates';
import { SelectField, Spinner, TextField } from '../ui';
import { useResource } from '../useResource';

type Mode = 'template' | 'text';

/** The server's messages for this form: the phone, the template (any of its parts) and the text. */
function startFields(problem: unknown): Record<string, string> {
  const f = errorFields(problem);
  const template = f.template ?? f['template.name'] ?? f['template.parameters'];
  const phone = f.phone ?? f.contact_id;
  return {
    ...(phone ? { phone } : {}),
    ...(template ? { template } : {}),
    ...(f.text ? { text: f.text } : {}),
  };
}

/**
 * "New conversation" (OUT-3): reach a contact (this one, or a phone number) on a channel with an
 * approved template, or a text while their 24-hour window is open. The conversation opens (or the
 * open one is reused) assigned to whoever writes.
 */
export function NewConversationDialog(props: {
  contactId?: string;
  contactName?: string;
  /** The channel chosen at first (writing again on a closed conversation's channel). */
  channelId?: string;
  onStarted: (conversationId: string) => void;
  onClose: () => void;
}) {
  const channels = useResource(() => endpoints.allChannels(), []);
  const usable = (channels.data ?? []).filter((c) => c.kind !== 'webchat');
  const [channelId, setChannelId] = useState(props.channelId ?? '');
  const channel = usable.find((c) => c.id === channelId) ?? usable[0];
  const whatsapp = channel?.kind === 'whatsapp';
  const templates = useResource(
    () =>
      channel && whatsapp
        ? endpoints.templates(channel.id).then((r) => itemsOf(r).filter(sendable))
        : Promise.resolve([]),
    [channel?.id, whatsapp],
  );
  const list = templates.data ?? [];
  const [mode, setMode] = useState<Mode | null>(null);
  const current: Mode = mode ?? (list.length ? 'template' : 'text');
  const [phone, setPhone] = useState('');
  const [chosen, setChosen] = useState<Template | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [text, setText] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<Record<string, string>>({});
  const { busy, problem, fieldErrors, submit, reset } = useSubmit({ fields: startFields });
  const errors = { ...fieldErrors, ...local };

  async function start() {
    const found: Record<string, string> = {};
    const empty: Record<string, string> = {};
    const required = t('errors.fields.required');
    if (!props.contactId && !phone.trim()) found.phone = required;
    if (current === 'template' && !chosen) found.template = required;
    if (current === 'template' && chosen)
      for (const key of missingVariables(templateVariables(chosen.body ?? ''), values)) empty[key] = required;
    if (current === 'text' && !text.trim()) found.text = required;
    setLocal(found);
    setMissing(empty);
    reset();
    if (!channel || Object.keys(found).length || Object.keys(empty).length) return;
    await submit(async () => {
      const body: StartConversation = {
        channel_id: channel.id,
        ...(props.contactId ? { contact_id: props.contactId } : { phone: phone.trim() }),
        ...(current === 'template' && chosen
          ? { template: templateSend(chosen, values) }
          : { text: text.trim() }),
      };
      const started = await outbound.startConversation(body);
      notify('success', t('new_conversation.started'));
      props.onStarted(started.conversation_id);
    });
  }

  return (
    <FormDialog
      title={
        props.contactName
          ? t('new_conversation.title_with', { name: props.contactName })
          : t('new_conversation.title')
      }
      onClose={props.onClose}
      onSubmit={start}
      wide
      busy={busy}
      submitDisabled={channels.loading || templates.loading || !channel}
      submitLabel={t('new_conversation.start')}
      error={problem}
    >
      {channels.loading && !channels.data ? (
        <Spinner />
      ) : !channel ? (
        <p class="field-hint">{t('new_conversation.no_channels')}</p>
      ) : (
        <>
          <SelectField
            id="nc-channel"
            label={t('new_conversation.channel')}
            value={channel.id}
            options={usable.map((c) => ({ value: c.id, label: c.name }))}
            onValue={(v) => {
              setChannelId(v);
              setChosen(null);
              setValues({});
              setMode(null);
            }}
          />
          {props.contactId ? null : (
            <TextField
              id="nc-phone"
              type="tel"
              label={t('new_conversation.phone')}
              hint={t('new_conversation.phone_hint')}
              value={phone}
              onValue={setPhone}
              error={errors.phone}
            />
          )}
          {list.length ? (
            <SelectField
              id="nc-mode"
              label={t('new_conversation.mode')}
              value={current}
              options={[
                { value: 'template', label: t('new_conversation.mode_template') },
                { value: 'text', label: t('new_conversation.mode_text') },
              ]}
              onValue={(v) => setMode(v as Mode)}
              hint={current === 'text' ? t('new_conversation.text_window_hint') : undefined}
            />
          ) : whatsapp && !templates.loading ? (
            <p class="field-hint">{t('new_conversation.no_templates')}</p>
          ) : null}
          {templates.loading ? (
            <Spinner />
          ) : current === 'template' && list.length ? (
            <TemplatePicker
              templates={list}
              chosen={chosen}
              onChoose={(tpl) => {
                setChosen(tpl);
                setValues({});
              }}
              values={values}
              onValues={setValues}
              errors={missing}
              choiceError={errors.template}
            />
          ) : (
            <TextAreaField
              id="nc-text"
              label={t('new_conversation.message')}
              value={text}
              onValue={setText}
              error={errors.text || undefined}
              rows={4}
            />
          )}
        </>
      )}
    </FormDialog>
  );
}
