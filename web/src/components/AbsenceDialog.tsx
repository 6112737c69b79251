import { useEffect, useState } from 'preact/hooks';
import { bots } from '../api/bots';
import { t } from '../i18n';
import { notify } from '../state/toasts';
import { errorText } from './format';
import { FormDialog } from './forms/FormDialog';
import { useSubmit } from './forms/useSubmit';
import { TextAreaField } from './TextAreaField';
import { CheckboxField, Spinner, TextField } from './ui';

/**
 * An agent's absence message (CONV-13): while it is on, every contact who writes to the agent
 * reads it, with the suggested contact after it. One's own, or anyone's for managers.
 */
export function AbsenceDialog(props: { userId: string; name?: string; onClose: () => void }) {
  const [loaded, setLoaded] = useState(false);
  const [enabled, setEnabled] = useState(false);
  const [message, setMessage] = useState('');
  const [contact, setContact] = useState('');
  const [loadError, setLoadError] = useState<unknown>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, fieldErrors, submit } = useSubmit();

  useEffect(() => {
    let live = true;
    bots.absence(props.userId).then(
      (a) => {
        if (!live) return;
        setEnabled(a.enabled);
        setMessage(a.message ?? '');
        setContact(a.suggested_contact ?? '');
        setLoaded(true);
      },
      (err: unknown) => {
        if (!live) return;
        setLoadError(err);
        setLoaded(true);
      },
    );
    return () => {
      live = false;
    };
  }, [props.userId]);

  const fields = { ...fieldErrors, ...local };
  const banner = error ?? (loadError ? errorText(loadError) : null);

  async function save() {
    const problems: Record<string, string> = {};
    if (enabled && !message.trim()) problems.message = t('errors.fields.required');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    setLoadError(null);
    await submit(async () => {
      const saved = await bots.saveAbsence(props.userId, {
        enabled,
        message: message.trim(),
        suggested_contact: contact.trim() ? contact.trim() : null,
      });
      notify('success', saved.enabled ? t('absence.saved_on') : t('absence.saved_off'));
      props.onClose();
    });
  }

  return (
    <FormDialog
      title={props.name ? t('absence.title_named', { name: props.name }) : t('absence.title')}
      onClose={props.onClose}
      onSubmit={save}
      busy={busy}
      submitDisabled={!loaded}
      error={!Object.keys(local).length && banner}
    >
      {!loaded ? (
        <Spinner />
      ) : (
        <>
          <p class="muted">{t('absence.intro')}</p>
          <CheckboxField
            id="absence-enabled"
            label={t('absence.enabled')}
            hint={t('absence.enabled_hint')}
            checked={enabled}
            onChecked={setEnabled}
          />
          <TextAreaField
            id="absence-message"
            label={t('absence.message')}
            value={message}
            onValue={setMessage}
            placeholder={t('absence.message_placeholder')}
            error={fields.message}
            maxLength={1000}
          />
          <TextField
            id="absence-contact"
            label={t('absence.suggested_contact')}
            hint={t('absence.suggested_contact_hint')}
            value={contact}
            onValue={setContact}
            error={fields.suggested_contact}
            maxLength={200}
          />
        </>
      )}
    </FormDialog>
  );
}
