import { useState } from 'preact/hooks';
import { endpoints, itemsOf } from '../../api/endpoints';
import type { CampaignField, Conversation, ConversationDetail, Disposition } from '../../api/types';
import { t } from '../../i18n';
import { viewerOf, visibleTo } from '../../realtime/inbox';
import { navigate, route } from '../../routes/router';
import { directory, queueName } from '../../state/inbox-data';
import { app, dispatch } from '../../state/store';
import { notify } from '../../state/toasts';
import { errorText } from '../format';
import { FormDialog } from '../forms/FormDialog';
import { useSubmit } from '../forms/useSubmit';
import { Field, SelectField, Spinner } from '../ui';
import { useResource } from '../useResource';

type FieldValue = string | boolean;

/** The browser's check of the close form: field name → locale key of its error. */
export function validateClose(
  dispositionId: string,
  fields: readonly CampaignField[],
  values: Record<string, FieldValue>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!dispositionId) errors.disposition_id = 'errors.fields.required';
  for (const f of fields) {
    const value = values[f.id];
    const empty = value === undefined || (typeof value === 'string' && value.trim() === '');
    if (f.kind === 'boolean') continue;
    if (empty) {
      if (f.required) errors[`fields.${f.id}`] = 'errors.fields.required';
      continue;
    }
    const text = String(value).trim();
    if (f.kind === 'number' && !Number.isFinite(Number(text.replace(',', '.')))) {
      errors[`fields.${f.id}`] = 'errors.fields.invalid';
    }
    if (f.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(text))
      errors[`fields.${f.id}`] = 'errors.fields.invalid';
    if (f.kind === 'list' && !f.options.includes(text)) errors[`fields.${f.id}`] = 'errors.fields.invalid';
  }
  return errors;
}

/** The `fields` of the close request: typed values, empty ones left out. */
export function closeFields(
  fields: readonly CampaignField[],
  values: Record<string, FieldValue>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const value = values[f.id];
    if (f.kind === 'boolean') {
      if (typeof value === 'boolean') out[f.id] = value;
      continue;
    }
    if (typeof value !== 'string' || !value.trim()) continue;
    out[f.id] = f.kind === 'number' ? Number(value.trim().replace(',', '.')) : value.trim();
  }
  return out;
}

function afterChange(c: Conversation) {
  dispatch({ kind: 'local.conversation_saved', conversation: c });
  const state = app.value;
  const me = state.me;
  if (!me) return;
  const viewer = viewerOf(me.user.id, me.permissions, state.inbox.counts, state.inbox.agents);
  if (!visibleTo(c, viewer)) navigate(`/inbox${route.value.search}`);
}

const loadDispositions = () => endpoints.dispositions().then(itemsOf);

export function CloseDialog(props: {
  conversation: Conversation;
  detail: ConversationDetail;
  onClose: () => void;
}) {
  const { conversation, detail } = props;
  const fields = detail.campaign.fields;
  const all = useResource<Disposition[]>(loadDispositions, []);
  const [disposition, setDisposition] = useState('');
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, problem, fieldErrors, submit: send, reset } = useSubmit();
  const errors = { ...fieldErrors, ...local };
  const general = Object.keys(local).length
    ? t('errors.validation_failed')
    : problem
      ? (fieldErrors.conversation ?? errorText(problem))
      : null;

  const known = all.data ?? directory.value.dispositions;
  const options = detail.campaign.disposition_ids.map((id) => ({
    value: id,
    label: known.find((d) => d.id === id)?.name ?? id,
  }));

  async function submit() {
    reset();
    const invalid = validateClose(disposition, fields, values);
    if (Object.keys(invalid).length > 0) {
      const shown: Record<string, string> = {};
      for (const [k, key] of Object.entries(invalid)) shown[k] = t(key);
      setLocal(shown);
      const first = Object.keys(invalid)[0];
      const id = first === 'disposition_id' ? 'close-disposition' : `close-field-${first?.slice(7)}`;
      document.getElementById(id)?.focus();
      return;
    }
    setLocal({});
    await send(async () => {
      const body = {
        disposition_id: disposition,
        fields: closeFields(fields, values),
        ...(note.trim() ? { note: note.trim() } : {}),
      };
      const closed = await endpoints.close(conversation.id, body);
      notify('success', t('inbox.closed_done'));
      props.onClose();
      afterChange(closed);
    });
  }

  return (
    <FormDialog
      title={t('inbox.close_title')}
      onClose={props.onClose}
      onSubmit={submit}
      busy={busy}
      submitLabel={t('inbox.close_submit')}
      error={general}
    >
      {all.loading && !all.data ? <Spinner /> : null}
      <SelectField
        id="close-disposition"
        label={t('inbox.required_field', { name: t('inbox.disposition') })}
        value={disposition}
        options={[{ value: '', label: t('inbox.choose') }, ...options]}
        onValue={setDisposition}
        error={errors.disposition_id}
      />
      {fields.map((f) => (
        <CloseField
          key={f.id}
          field={f}
          value={values[f.id]}
          error={errors[`fields.${f.id}`]}
          onValue={(v) => setValues({ ...values, [f.id]: v })}
        />
      ))}
      <Field id="close-note" label={t('inbox.closing_note')} error={errors.note}>
        {(aria) => (
          <textarea
            class="input"
            rows={2}
            value={note}
            onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
            {...aria}
          />
        )}
      </Field>
    </FormDialog>
  );
}

function CloseField(props: {
  field: CampaignField;
  value: FieldValue | undefined;
  error: string | undefined;
  onValue: (v: FieldValue) => void;
}) {
  const { field: f } = props;
  const id = `close-field-${f.id}`;
  const label = f.required ? t('inbox.required_field', { name: f.name }) : f.name;
  if (f.kind === 'boolean') {
    return (
      <div class="check">
        <input
          type="checkbox"
          id={id}
          checked={props.value === true}
          onChange={(e) => props.onValue((e.currentTarget as HTMLInputElement).checked)}
        />
        <label for={id}>{f.name}</label>
      </div>
    );
  }
  if (f.kind === 'list') {
    return (
      <SelectField
        id={id}
        label={label}
        value={typeof props.value === 'string' ? props.value : ''}
        options={[{ value: '', label: t('inbox.choose') }, ...f.options.map((o) => ({ value: o, label: o }))]}
        onValue={props.onValue}
        error={props.error}
      />
    );
  }
  return (
    <Field id={id} label={label} error={props.error}>
      {(aria) => {
        const attrs: object = {
          class: 'input',
          type: f.kind === 'date' ? 'date' : 'text',
          inputMode: f.kind === 'number' ? 'decimal' : undefined,
          value: typeof props.value === 'string' ? props.value : '',
          onInput: (e: Event) => props.onValue((e.currentTarget as HTMLInputElement).value),
          ...aria,
        };
        return <input {...attrs} />;
      }}
    </Field>
  );
}

type TargetKind = 'agent' | 'queue' | 'campaign';

export function TransferDialog(props: { conversation: Conversation; onClose: () => void }) {
  const { conversation } = props;
  const agents = app.value.inbox.agents.filter((a) => a.id !== conversation.agent_id);
  const queues = useResource(
    () => endpoints.queues(conversation.campaign_id).then(itemsOf),
    [conversation.campaign_id],
  );
  const campaigns = directory.value.campaigns.filter(
    (c) => c.id !== conversation.campaign_id && !c.archived_at,
  );
  const [kind, setKind] = useState<TargetKind>('agent');
  const [target, setTarget] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const { busy, problem, fieldErrors, submit: send, reset } = useSubmit();
  const error = problem
    ? (fieldErrors.target ??
      fieldErrors.agent_id ??
      fieldErrors.queue_id ??
      fieldErrors.campaign_id ??
      errorText(problem))
    : null;

  const options =
    kind === 'agent'
      ? agents.map((a) => ({
          value: a.id,
          label: t('inbox.agent_option', {
            name: a.name,
            status: t(`statuses.${a.status}`),
            load: a.assigned,
            capacity: a.capacity,
          }),
        }))
      : kind === 'queue'
        ? (queues.data ?? [])
            .filter((q) => !q.archived && q.id !== conversation.queue_id)
            .map((q) => ({ value: q.id, label: queueName(q.id) || q.name }))
        : campaigns.map((c) => ({ value: c.id, label: c.name }));

  async function submit() {
    reset();
    if (!target) {
      setFieldError(t('errors.fields.required'));
      document.getElementById('transfer-target')?.focus();
      return;
    }
    setFieldError(undefined);
    await send(async () => {
      const body =
        kind === 'agent'
          ? { agent_id: target }
          : kind === 'queue'
            ? { queue_id: target }
            : { campaign_id: target };
      const moved = await endpoints.transfer(conversation.id, body);
      notify('success', t('inbox.transferred'));
      props.onClose();
      afterChange(moved);
    });
  }

  return (
    <FormDialog
      title={t('inbox.transfer_title')}
      onClose={props.onClose}
      onSubmit={submit}
      busy={busy}
      submitLabel={t('inbox.transfer_submit')}
      error={error}
    >
      <fieldset class="radio-group">
        <legend>{t('inbox.transfer_to')}</legend>
        {(['agent', 'queue', 'campaign'] as TargetKind[]).map((k) => (
          <label key={k} class="radio">
            <input
              type="radio"
              name="transfer-kind"
              value={k}
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setTarget('');
              }}
            />
            {t(`inbox.targets.${k}`)}
          </label>
        ))}
      </fieldset>
      <SelectField
        id="transfer-target"
        label={t(`inbox.targets.${kind}`)}
        value={target}
        options={[{ value: '', label: t('inbox.choose') }, ...options]}
        onValue={setTarget}
        error={fieldError}
      />
    </FormDialog>
  );
}
