import { useState } from 'preact/hooks';
import { endpoints } from '../../../api/endpoints';
import type { AgentPermissions, CampaignSettings } from '../../../api/types';
import { useSubmit } from '../../../components/forms/useSubmit';
import { Button, CheckboxField, TextField } from '../../../components/ui';
import { t } from '../../../i18n';
import { notify } from '../../../state/toasts';
import { historyHoursError, isWholeNumber, PERMISSION_FLAGS } from './campaign-form';

/** What agents of the campaign may do, and how far back they see a contact's history. */
export function PermissionsTab(props: {
  campaign: CampaignSettings;
  onSaved: (c: CampaignSettings) => void;
}) {
  const c = props.campaign;
  const [perms, setPerms] = useState<AgentPermissions>({ ...c.agent_permissions });
  const [hours, setHours] = useState(String(c.agent_permissions.history_hours ?? 72));
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, fieldErrors, submit, reset } = useSubmit({ toast: true, fields: historyHoursError });
  const errors = { ...fieldErrors, ...local };
  async function save(e: Event) {
    e.preventDefault();
    if (!isWholeNumber(hours)) {
      reset();
      setLocal({ history_hours: t('errors.fields.invalid') });
      return;
    }
    setLocal({});
    await submit(async () => {
      props.onSaved(
        await endpoints.updateCampaign(c.id, {
          agent_permissions: { ...perms, history_hours: Number(hours) },
        }),
      );
      notify('success', t('campaigns.saved'));
    });
  }
  return (
    <form onSubmit={save} noValidate>
      <fieldset class="plain-fieldset">
        <legend>{t('campaigns.permissions_legend')}</legend>
        {PERMISSION_FLAGS.map((flag) => (
          <CheckboxField
            key={flag}
            id={`perm-${flag}`}
            label={t(`campaigns.permissions.${flag}`)}
            checked={Boolean(perms[flag])}
            onChecked={(on) => setPerms({ ...perms, [flag]: on })}
          />
        ))}
      </fieldset>
      <TextField
        id="perm-history-hours"
        label={t('campaigns.history_hours')}
        value={hours}
        onValue={setHours}
        inputMode="numeric"
        error={errors.history_hours || undefined}
      />
      <Button type="submit" variant="primary" busy={busy}>
        {t('common.save')}
      </Button>
    </form>
  );
}
