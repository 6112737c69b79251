import { useEffect, useState } from 'preact/hooks';
import { endpoints, itemsOf } from '../../../api/endpoints';
import type { CampaignSettings, FieldKind } from '../../../api/types';
import { useSubmit } from '../../../components/forms/useSubmit';
import { Button, CheckboxField, EmptyState, SelectField, Spinner, TextField } from '../../../components/ui';
import { useResource } from '../../../components/useResource';
import { t } from '../../../i18n';
import { notify } from '../../../state/toasts';
import { draftError, FIELD_KINDS, type FieldDraft, fromDrafts, toDrafts } from './campaign-form';

/** The campaign's own contact fields: added, changed and removed together, then saved at once. */
export function FieldsTab(props: { campaign: CampaignSettings }) {
  const res = useResource(
    () => endpoints.campaignFields(props.campaign.id).then(itemsOf),
    [props.campaign.id],
  );
  const [drafts, setDrafts] = useState<FieldDraft[] | null>(null);
  const { busy, fieldErrors: errors, submit } = useSubmit({ toast: true });
  useEffect(() => {
    if (res.data) setDrafts(toDrafts(res.data));
  }, [res.data]);
  if (!drafts) return <Spinner />;
  const set = (i: number, patch: Partial<FieldDraft>) =>
    setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  async function save(e: Event) {
    e.preventDefault();
    await submit(async () => {
      const saved = itemsOf(
        await endpoints.replaceCampaignFields(props.campaign.id, fromDrafts(drafts ?? [])),
      );
      setDrafts(toDrafts(saved));
      notify('success', t('campaigns.saved'));
    });
  }
  return (
    <form onSubmit={save} noValidate>
      {drafts.length === 0 ? <EmptyState>{t('campaigns.no_fields')}</EmptyState> : null}
      <ul class="field-drafts">
        {drafts.map((d, i) => (
          <li key={d.id ?? `new-${i}`} class="card field-draft">
            <TextField
              id={`field-name-${i}`}
              label={t('fields.name')}
              value={d.name}
              onValue={(v) => set(i, { name: v })}
              error={draftError(errors, i, 'name')}
            />
            <SelectField
              id={`field-kind-${i}`}
              label={t('campaigns.field_kind')}
              value={d.kind}
              options={FIELD_KINDS.map((k) => ({ value: k, label: t(`campaigns.kinds.${k}`) }))}
              onValue={(v) => set(i, { kind: v as FieldKind })}
            />
            {d.kind === 'list' ? (
              <TextField
                id={`field-options-${i}`}
                label={t('campaigns.field_options')}
                hint={t('contacts.tags_hint')}
                value={d.options}
                onValue={(v) => set(i, { options: v })}
                error={draftError(errors, i, 'options')}
              />
            ) : null}
            <CheckboxField
              id={`field-required-${i}`}
              label={t('campaigns.field_required')}
              checked={d.required}
              onChecked={(on) => set(i, { required: on })}
            />
            <Button small variant="ghost" onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}>
              {t('campaigns.remove_field', { name: d.name || t('campaigns.new_field') })}
            </Button>
          </li>
        ))}
      </ul>
      <div class="form-actions">
        <Button
          onClick={() => setDrafts([...drafts, { name: '', kind: 'text', required: false, options: '' }])}
        >
          {t('campaigns.add_field')}
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}
