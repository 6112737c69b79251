import { useEffect, useState } from 'preact/hooks';
import { endpoints, itemsOf } from '../../api/endpoints';
import type {
  Agent,
  AgentPermissions,
  AssignmentMethod,
  CampaignField,
  CampaignSettings,
  Disposition,
  FieldKind,
  Queue,
} from '../../api/types';
import { errorFields, errorText } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
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
import { t } from '../../i18n';
import { notify } from '../../state/toasts';
import { navigate, queryParam } from '../router';
import { ScheduleTab } from './schedule-tab';

type Tab = 'assignment' | 'schedule' | 'dispositions' | 'permissions' | 'fields' | 'queues';
const TABS: Tab[] = ['assignment', 'schedule', 'dispositions', 'permissions', 'fields', 'queues'];

const PERMISSION_FLAGS: (keyof AgentPermissions)[] = [
  'attachments',
  'transfer_between_agents',
  'show_contact_number',
  'history',
  'reassign_when_exclusive_offline',
  'close_without_reply',
  'emojis',
  'voice_notes',
];

export const FIELD_KINDS: FieldKind[] = ['text', 'number', 'date', 'list', 'boolean'];

/** A field as edited here: options as one comma-separated text. */
export interface FieldDraft {
  id?: string;
  name: string;
  kind: FieldKind;
  required: boolean;
  options: string;
}

export function toDrafts(fields: CampaignField[]): FieldDraft[] {
  return fields.map((f) => ({
    id: f.id,
    name: f.name,
    kind: f.kind,
    required: f.required,
    options: f.options.join(', '),
  }));
}

export function fromDrafts(drafts: FieldDraft[]): (Omit<CampaignField, 'id'> & { id?: string })[] {
  return drafts.map((d) => ({
    ...(d.id ? { id: d.id } : {}),
    name: d.name.trim(),
    kind: d.kind,
    required: d.required,
    options:
      d.kind === 'list'
        ? d.options
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean)
        : [],
  }));
}

function AssignmentTab(props: {
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
    if (m && !/^\d+$/.test(m)) {
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

function DispositionsTab(props: {
  campaign: CampaignSettings;
  dispositions: Disposition[];
  onSaved: (c: CampaignSettings) => void;
  onCreated: () => void;
}) {
  const c = props.campaign;
  const [chosen, setChosen] = useState<string[]>(c.disposition_ids);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save() {
    setBusy(true);
    try {
      props.onSaved(await endpoints.updateCampaign(c.id, { disposition_ids: chosen }));
      notify('success', t('campaigns.saved'));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  async function create(e: Event) {
    e.preventDefault();
    if (!name.trim() || !c.project_id) return;
    try {
      const d = await endpoints.createDisposition(c.project_id, name.trim());
      setChosen([...chosen, d.id]);
      setName('');
      props.onCreated();
    } catch (err) {
      setError(errorFields(err).name ?? errorText(err));
    }
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
      <Button variant="primary" busy={busy} onClick={save}>
        {t('common.save')}
      </Button>
      <form class="inline-form" onSubmit={create}>
        <TextField
          id="new-disposition"
          label={t('campaigns.new_disposition')}
          value={name}
          onValue={setName}
        />
        <Button type="submit">{t('common.add')}</Button>
      </form>
    </div>
  );
}

/** The history-hours field's message, wherever the server puts it. */
function historyHoursError(problem: unknown): Record<string, string> {
  const byField = errorFields(problem);
  return { history_hours: byField['agent_permissions.history_hours'] ?? byField.history_hours ?? '' };
}

function PermissionsTab(props: { campaign: CampaignSettings; onSaved: (c: CampaignSettings) => void }) {
  const c = props.campaign;
  const [perms, setPerms] = useState<AgentPermissions>({ ...c.agent_permissions });
  const [hours, setHours] = useState(String(c.agent_permissions.history_hours ?? 72));
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, fieldErrors, submit, reset } = useSubmit({ toast: true, fields: historyHoursError });
  const errors = { ...fieldErrors, ...local };
  async function save(e: Event) {
    e.preventDefault();
    if (!/^\d+$/.test(hours.trim())) {
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

function FieldsTab(props: { campaign: CampaignSettings }) {
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
              error={errors[`fields[${i}].name`] ?? errors[`fields.${i}.name`]}
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
                error={errors[`fields[${i}].options`] ?? errors[`fields.${i}.options`]}
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

function QueueRow(props: { queue: Queue; agents: Agent[]; onSaved: () => void }) {
  const q = props.queue;
  const [members, setMembers] = useState<string[]>(q.member_ids);
  const { busy, submit } = useSubmit({ toast: true });
  async function save() {
    await submit(async () => {
      await endpoints.updateQueue(q.id, { member_ids: members });
      notify('success', t('campaigns.saved'));
      props.onSaved();
    });
  }
  return (
    <li class="card">
      <fieldset class="plain-fieldset">
        <legend>
          {q.name} {q.is_default ? <span class="muted">· {t('campaigns.default_queue')}</span> : null}
        </legend>
        {props.agents.map((a) => (
          <CheckboxField
            key={a.id}
            id={`queue-${q.id}-${a.id}`}
            label={a.name}
            checked={members.includes(a.id)}
            onChecked={(on) => setMembers(on ? [...members, a.id] : members.filter((m) => m !== a.id))}
          />
        ))}
      </fieldset>
      <Button small variant="primary" busy={busy} onClick={save}>
        {t('campaigns.save_members', { name: q.name })}
      </Button>
    </li>
  );
}

function QueuesTab(props: { campaign: CampaignSettings }) {
  const queues = useResource(() => endpoints.queues(props.campaign.id).then(itemsOf), [props.campaign.id]);
  const agents = useResource(() => endpoints.agents().then(itemsOf), []);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function create(e: Event) {
    e.preventDefault();
    if (!name.trim()) return;
    try {
      await endpoints.createQueue(props.campaign.id, name.trim(), []);
      setName('');
      setError(null);
      queues.reload();
    } catch (err) {
      setError(errorFields(err).name ?? errorText(err));
    }
  }
  if (!queues.data || !agents.data) return <Spinner />;
  return (
    <div>
      <ErrorBanner error={error} />
      <ul class="queue-editor">
        {queues.data
          .filter((q) => !q.archived)
          .map((q) => (
            <QueueRow key={q.id} queue={q} agents={agents.data ?? []} onSaved={queues.reload} />
          ))}
      </ul>
      <form class="inline-form" onSubmit={create}>
        <TextField id="new-queue" label={t('campaigns.new_queue')} value={name} onValue={setName} />
        <Button type="submit">{t('common.add')}</Button>
      </form>
    </div>
  );
}

/** `/settings/campaigns?campaign=<id>&tab=…`: a campaign's conversation settings. */
export function CampaignsPage() {
  const campaigns = useResource(() => endpoints.campaigns(), []);
  const dispositions = useResource(() => endpoints.dispositions().then(itemsOf), []);
  const list = (campaigns.data ?? []).filter((c) => !c.archived_at);
  const id = queryParam('campaign') ?? list[0]?.id ?? '';
  const tabParam = queryParam('tab') as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) ? tabParam : 'assignment';
  const campaign = useResource(() => (id ? endpoints.campaign(id) : Promise.resolve(null)), [id]);
  const go = (next: { campaign?: string; tab?: Tab }) =>
    navigate(
      `/settings/campaigns?campaign=${encodeURIComponent(next.campaign ?? id)}&tab=${next.tab ?? tab}`,
      { replace: true },
    );
  const c = campaign.data;
  const onSaved = (saved: CampaignSettings) => campaign.setData(() => ({ ...(c ?? saved), ...saved }));
  return (
    <>
      <PageHeader title={t('campaigns.title')} description={t('campaigns.intro')} />
      <ErrorBanner error={campaigns.error} />
      {list.length === 0 && !campaigns.loading ? <EmptyState>{t('campaigns.empty')}</EmptyState> : null}
      {list.length > 0 ? (
        <div class="toolbar">
          <SelectField
            id="campaign-pick"
            label={t('inbox.campaign')}
            value={id}
            options={list.map((x) => ({ value: x.id, label: x.name }))}
            onValue={(v) => go({ campaign: v })}
          />
        </div>
      ) : null}
      {c ? (
        <section class="card">
          <div class="tabs" role="tablist" aria-label={t('campaigns.tabs_label')}>
            {TABS.map((x) => (
              <button
                key={x}
                type="button"
                role="tab"
                id={`tab-${x}`}
                class="tab"
                aria-selected={tab === x}
                aria-controls={`panel-${x}`}
                tabIndex={tab === x ? 0 : -1}
                onClick={() => go({ tab: x })}
                onKeyDown={(e) => {
                  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
                  const next =
                    TABS[(TABS.indexOf(x) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length] ??
                    x;
                  go({ tab: next });
                  requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
                }}
              >
                {t(`campaigns.tabs.${x}`)}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="tab-panel">
            {tab === 'assignment' ? (
              <AssignmentTab
                key={c.id}
                campaign={c}
                dispositions={dispositions.data ?? []}
                onSaved={onSaved}
              />
            ) : null}
            {tab === 'schedule' ? <ScheduleTab key={c.id} campaign={c} onSaved={onSaved} /> : null}
            {tab === 'dispositions' ? (
              <DispositionsTab
                key={c.id}
                campaign={c}
                dispositions={dispositions.data ?? []}
                onSaved={onSaved}
                onCreated={dispositions.reload}
              />
            ) : null}
            {tab === 'permissions' ? <PermissionsTab key={c.id} campaign={c} onSaved={onSaved} /> : null}
            {tab === 'fields' ? <FieldsTab key={c.id} campaign={c} /> : null}
            {tab === 'queues' ? <QueuesTab key={c.id} campaign={c} /> : null}
          </div>
        </section>
      ) : campaign.loading && id ? (
        <Spinner />
      ) : null}
    </>
  );
}
