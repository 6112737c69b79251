import { useState } from 'preact/hooks';
import { endpoints } from '../../../api/endpoints';
import type { AssignmentMethod, CampaignSettings, Disposition } from '../../../api/types';
import { useSubmit } from '../../../components/forms/useSubmit';
import { Button, SelectField, TextField } from '../../../components/ui';
import { t } from '../../../i18n';
import { notify } from '../../../state/toasts';
import { isWholeNumber } from './campaign-form';

/** How conversations reach agents: the method, the cancel word and what inactivity does. */
export function AssignmentTab(props: {
  campaign: CampaignSettings;
  dispositions: Disposition[];
  onSaved: (c: CampaignSettings) => void;
}) {
  const c = props.campaign;
  const [method, setMethod] = useState<AssignmentMethod>(c.assignment_method);
  const [cancel, setCancel] = useState(c.cancel_word ?? '');
  const [minutes, setMinutes] = useState(c.inactivity_minutes === null ? '' : String(c.inactivity_minutes));
  const [inactivity, setInactivity] = useState(c.inactivity_disposition_id ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, fieldErrors, submit, reset } = useSubmit({ toast: true });
  const errors = { ...fieldErrors, ...local };
  const options = [
    { value: '', label: t('campaigns.none') },
    ...props.dispositions.map((d) => ({ value: d.id, label: d.name })),
  ];
  async function save(e: Event) {
    e.preventDefault();
    const m = minutes.trim();
    if (m && !isWholeNumber(m)) {
      reset();
      setLocal({ inactivity_minutes: t('errors.fields.invalid') });
      return;
    }
    setLocal({});
    await submit(async () => {
      const saved = await endpoints.updateCampaign(c.id, {
        assignment_method: method,
        cancel_word: cancel.trim(),
        inactivity_minutes: m ? Number(m) : null,
        inactivity_disposition_id: inactivity || null,
      });
      notify('success', t('campaigns.saved'));
      props.onSaved(saved);
    });
  }
  return (
    <form onSubmit={save} noValidate>
      <SelectField
        id="campaign-method"
        label={t('campaigns.assignment_method')}
        value={method}
        options={[
          { value: 'round_robin', label: t('campaigns.methods.round_robin') },
          { value: 'intelligent', label: t('campaigns.methods.intelligent') },
        ]}
        onValue={(v) => setMethod(v as AssignmentMethod)}
        error={errors.assignment_method}
        hint={t(`campaigns.methods.${method}_hint`)}
      />
      <TextField
        id="campaign-cancel"
        label={t('campaigns.cancel_word')}
        value={cancel}
        onValue={setCancel}
        error={errors.cancel_word}
        hint={t('campaigns.cancel_word_hint')}
      />
      <TextField
        id="campaign-inactivity"
        label={t('campaigns.inactivity_minutes')}
        value={minutes}
        onValue={setMinutes}
        inputMode="numeric"
        error={errors.inactivity_minutes}
        hint={t('campaigns.inactivity_hint')}
      />
      <SelectField
        id="campaign-inactivity-disposition"
        label={t('campaigns.inactivity_disposition')}
        value={inactivity}
        options={options}
        onValue={setInactivity}
        error={errors.inactivity_disposition_id}
      />
      <Button type="submit" variant="primary" busy={busy}>
        {t('common.save')}
      </Button>
    </form>
  );
}
