import { useState } from 'preact/hooks';
import { endpoints } from '../../../api/endpoints';
import type { CampaignSettings, Disposition } from '../../../api/types';
import { ErrorBanner } from '../../../components/forms/ErrorBanner';
import { useSubmit } from '../../../components/forms/useSubmit';
import { Button, CheckboxField, EmptyState, TextField } from '../../../components/ui';
import { t } from '../../../i18n';
import { notify } from '../../../state/toasts';
import { nameError } from './campaign-form';

/** The dispositions an agent can close with in this campaign, and a new one for its project. */
export function DispositionsTab(props: {
  campaign: CampaignSettings;
  dispositions: Disposition[];
  onSaved: (c: CampaignSettings) => void;
  onCreated: () => void;
}) {
  const c = props.campaign;
  const [chosen, setChosen] = useState<string[]>(c.disposition_ids);
  const [name, setName] = useState('');
  const saving = useSubmit();
  const creating = useSubmit({ fields: nameError });
  const error = creating.fieldErrors.name ?? creating.error ?? saving.problem;
  async function save() {
    await saving.submit(async () => {
      props.onSaved(await endpoints.updateCampaign(c.id, { disposition_ids: chosen }));
      notify('success', t('campaigns.saved'));
      creating.reset();
    });
  }
  async function create(e: Event) {
    e.preventDefault();
    const projectId = c.project_id;
    if (!name.trim() || !projectId) return;
    await creating.submit(async () => {
      const d = await endpoints.createDisposition(projectId, name.trim());
      setChosen([...chosen, d.id]);
      setName('');
      props.onCreated();
    });
  }
  const active = props.dispositions.filter(
    (d) => !d.archived && (!c.project_id || d.project_id === c.project_id),
  );
  return (
    <div>
      <ErrorBanner error={error} />
      <fieldset class="plain-fieldset">
        <legend>{t('campaigns.dispositions_legend')}</legend>
        {active.length === 0 ? <EmptyState>{t('campaigns.no_dispositions')}</EmptyState> : null}
        {active.map((d) => (
          <CheckboxField
            key={d.id}
            id={`disp-${d.id}`}
            label={d.name}
            checked={chosen.includes(d.id)}
            onChecked={(on) => setChosen(on ? [...chosen, d.id] : chosen.filter((x) => x !== d.id))}
          />
        ))}
      </fieldset>
      <Button variant="primary" busy={saving.busy} onClick={save}>
        {t('common.save')}
      </Button>
      <form class="inline-form" onSubmit={create}>
        <TextField
          id="new-disposition"
          label={t('campaigns.new_disposition')}
          value={name}
          onValue={setName}
        />
        <Button type="submit" busy={creating.busy}>
          {t('common.add')}
        </Button>
      </form>
    </div>
  );
}
