import { useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { outbound } from '../../api/outbound';
import type { Conversation } from '../../api/types';
import { NewConversationDialog } from '../../components/conversations/NewConversationDialog';
import { errorFields, errorText } from '../../components/format';
import { useSubmit } from '../../components/forms/useSubmit';
import { contactLabel } from '../../components/inbox/bits';
import { canWriteText, conversationPath } from '../../components/inbox/query';
import { Button } from '../../components/ui';
import { t } from '../../i18n';
import { now } from '../../state/clock';
import { notify } from '../../state/toasts';
import { navigate } from '../router';

/**
 * Under a closed conversation: write to the contact again. Inside their 24-hour window a text
 * opens a new conversation; outside it (or when the server says the window has closed) only a
 * template can, through "New conversation" on the same channel.
 */
export function WriteAgain(props: { conversation: Conversation }) {
  const c = props.conversation;
  const name = contactLabel(c);
  const [text, setText] = useState('');
  const [shut, setShut] = useState(false);
  const [dialog, setDialog] = useState(false);
  const [empty, setEmpty] = useState(false);
  const sending = useSubmit({ fields: errorFields });
  const byText = !shut && canWriteText(c, now.value);
  const error = empty ? t('errors.fields.required') : (sending.fieldErrors.text ?? undefined);

  async function send(e: Event) {
    e.preventDefault();
    setEmpty(!text.trim());
    if (!text.trim()) return;
    await sending.submit(async () => {
      try {
        const started = await outbound.startConversation({
          channel_id: c.channel_id,
          contact_id: c.contact.id,
          text: text.trim(),
        });
        notify('success', t('new_conversation.started'));
        navigate(conversationPath(started.conversation_id));
      } catch (err) {
        if (err instanceof ApiError && err.code === 'window_closed') setShut(true);
        throw err;
      }
    });
  }

  const dialogView = dialog ? (
    <NewConversationDialog
      contactId={c.contact.id}
      contactName={name}
      channelId={c.channel_id}
      onClose={() => setDialog(false)}
      onStarted={(id) => {
        setDialog(false);
        navigate(conversationPath(id));
      }}
    />
  ) : null;

  if (!byText) {
    return (
      <div class="write-again">
        <p class="muted">{t('write_again.template_hint', { name })}</p>
        <Button small onClick={() => setDialog(true)}>
          {t('write_again.with_template')}
        </Button>
        {dialogView}
      </div>
    );
  }
  return (
    <form class="write-again" onSubmit={send} noValidate>
      <label for="write-again-text">{t('write_again.label', { name })}</label>
      <div class="write-again-row">
        <textarea
          id="write-again-text"
          class="input textarea"
          rows={2}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'write-again-error' : 'write-again-hint'}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <Button type="submit" variant="primary" busy={sending.busy}>
          {t('write_again.send')}
        </Button>
      </div>
      {error ? (
        <p class="field-error" id="write-again-error">
          {error}
        </p>
      ) : (
        <p class="field-hint" id="write-again-hint">
          {t('write_again.text_hint')}
        </p>
      )}
      {sending.problem && !sending.fieldErrors.text ? (
        <p class="field-error" role="alert">
          {errorText(sending.problem)}
        </p>
      ) : null}
    </form>
  );
}
