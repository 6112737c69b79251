import { useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { Channel } from '../../api/types';
import { CopyField } from '../../components/CopyField';
import { when } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { ChannelIcon, channelKindLabel } from '../../components/inbox/bits';
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  Link,
  PageHeader,
  SelectField,
  Spinner,
  TextField,
} from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t, tn } from '../../i18n';
import { loadDirectory } from '../../state/inbox-data';
import { notify } from '../../state/toasts';
import { navigate, queryParam } from '../router';
import {
  CONFIG_FIELDS,
  CREATABLE_KINDS,
  type CreatableKind,
  channelConfig,
  healthOf,
  isCreatable,
  missingConfig,
  statusTone,
  webhookHelp,
} from './channel-form';
import { WebchatChannelForm } from './channels/WebchatChannelForm';

function StatusBadge(props: { status: string }) {
  return <Badge tone={statusTone(props.status)}>{t(`channels.statuses.${props.status}`)}</Badge>;
}

const QUALITY_TONE = { good: 'success', medium: 'warning', bad: 'danger' } as const;

/** One channel: its state, where the network must post, and (WhatsApp) its templates. */
function ChannelDetail(props: { channel: Channel; campaign: string; onChanged: () => void }) {
  const c = props.channel;
  const { busy, submit } = useSubmit({ toast: true });
  const lastError = c.status === 'unlinked' ? c.health?.last_error : undefined;
  const health = healthOf(c.kind === 'whatsapp' ? c.health : null);
  async function sync() {
    await submit(async () => {
      await endpoints.syncTemplates(c.id);
      notify('success', t('channels.sync_started'));
    });
  }
  return (
    <section class="card channel-detail" aria-labelledby="channel-detail-title">
      <div class="channel-detail-head">
        <ChannelIcon kind={c.kind} />
        <h2 id="channel-detail-title">{c.name}</h2>
        <StatusBadge status={c.status} />
      </div>
      <p class="muted">
        {channelKindLabel(c.kind)}
        {props.campaign ? ` · ${props.campaign}` : ''}
        {c.created_at ? ` · ${t('channels.created_at', { when: when(c.created_at) })}` : ''}
      </p>
      {c.status === 'unlinked' ? (
        <Alert kind="error">
          {t('channels.unlinked')}
          {lastError?.title ? ` ${t('channels.reason', { reason: lastError.title })}` : ''}
        </Alert>
      ) : null}
      {health.quality || health.limit ? (
        <dl class="facts channel-health">
          {health.quality ? (
            <div>
              <dt>{t('channels.health.quality')}</dt>
              <dd>
                <Badge tone={QUALITY_TONE[health.quality]}>{t(`channels.health.${health.quality}`)}</Badge>
              </dd>
            </div>
          ) : null}
          {health.limit ? (
            <div>
              <dt>{t('channels.health.limit')}</dt>
              <dd>
                {health.limit === 'unlimited'
                  ? t('channels.health.unlimited')
                  : Number.isFinite(Number(health.limit))
                    ? tn('channels.health.per_day', Number(health.limit))
                    : health.limit}
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {c.webhook_url ? (
        <>
          <p>{t(`channels.webhook_help.${webhookHelp(c.kind)}`)}</p>
          <CopyField id="channel-webhook-url" label={t('channels.webhook_url')} value={c.webhook_url} />
        </>
      ) : null}
      {c.verify_token ? (
        <CopyField id="channel-verify-token" label={t('channels.verify_token')} value={c.verify_token} />
      ) : null}
      <div class="form-actions">
        {c.kind === 'whatsapp' ? (
          <Button busy={busy} onClick={sync}>
            {t('channels.sync_templates')}
          </Button>
        ) : null}
        <Button variant="ghost" onClick={props.onChanged}>
          {t('channels.refresh')}
        </Button>
      </div>
    </section>
  );
}

function NewChannelForm(props: {
  campaigns: { id: string; name: string }[];
  onCreated: (c: Channel) => void;
}) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<CreatableKind>('simulator');
  const [campaign, setCampaign] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, fieldErrors, submit, reset } = useSubmit({ toast: true });
  const errors = { ...fieldErrors, ...local };
  const chosen = campaign || props.campaigns[0]?.id || '';
  const fields = CONFIG_FIELDS[kind];
  async function create(e: Event) {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = t('errors.fields.required');
    for (const field of missingConfig(kind, values)) missing[field] = t('errors.fields.required');
    if (Object.keys(missing).length) {
      reset();
      setLocal(missing);
      return;
    }
    setLocal({});
    await submit(async () => {
      const created = await endpoints.createChannel({
        kind,
        name: name.trim(),
        campaign_id: chosen,
        ...(kind === 'simulator' ? {} : { config: channelConfig(kind, values) }),
      });
      notify('success', t('channels.created', { name: name.trim() }));
      setName('');
      setValues({});
      props.onCreated(created);
    });
  }
  const input = (field: (typeof fields)[number]) => (
    <TextField
      key={`${kind}-${field.name}`}
      id={`channel-${field.name}`}
      label={t(`channels.config.${field.name}`)}
      hint={t(`channels.config.${field.name}_hint`)}
      value={values[field.name] ?? ''}
      onValue={(v) => setValues({ ...values, [field.name]: v })}
      error={errors[`config.${field.name}`]}
      type={field.secret ? 'password' : (field.type ?? 'text')}
      autoComplete="off"
      spellcheck={false}
      required={!field.optional}
    />
  );
  return (
    <section class="card" aria-labelledby="channels-new">
      <h2 id="channels-new">{t('channels.new')}</h2>
      <form onSubmit={create} noValidate>
        <ErrorBanner error={errors.config} />
        <SelectField
          id="channel-kind"
          label={t('channels.kind')}
          value={kind}
          options={CREATABLE_KINDS.map((k) => ({ value: k, label: channelKindLabel(k) }))}
          onValue={(v) => {
            if (isCreatable(v)) setKind(v);
            setLocal({});
            reset();
          }}
          error={errors.kind}
        />
        <TextField
          id="channel-name"
          label={t('fields.name')}
          value={name}
          onValue={setName}
          error={errors.name}
        />
        <SelectField
          id="channel-campaign"
          label={t('inbox.campaign')}
          value={chosen}
          options={props.campaigns.map((c) => ({ value: c.id, label: c.name }))}
          onValue={setCampaign}
          error={errors.campaign_id}
        />
        {fields.filter((f) => !f.advanced).map(input)}
        {fields.some((f) => f.advanced) ? (
          <details class="advanced" open={Boolean(errors['config.api_base_url'])}>
            <summary>{t('channels.advanced')}</summary>
            {fields.filter((f) => f.advanced).map(input)}
          </details>
        ) : null}
        <Button type="submit" variant="primary" busy={busy}>
          {t('channels.create')}
        </Button>
      </form>
    </section>
  );
}

/** `/settings/channels[?channel=<id>]`: the organization's channels, one in detail, and a new one. */
export function ChannelsPage() {
  const channels = useResource(() => endpoints.allChannels(), []);
  const campaigns = useResource(() => endpoints.campaigns(), []);
  const selected = queryParam('channel');
  const detail = useResource(
    () => (selected ? endpoints.channel(selected) : Promise.resolve(null)),
    [selected],
  );
  const list = (campaigns.data ?? []).filter((c) => !c.archived_at);
  const campaignName = (id: string | null) => list.find((x) => x.id === id)?.name ?? '';
  function created(c: Channel) {
    channels.reload();
    loadDirectory(true);
    navigate(`/settings/channels?channel=${encodeURIComponent(c.id)}`, { replace: true });
  }
  return (
    <>
      <PageHeader title={t('channels.title')} description={t('channels.intro')} />
      <ErrorBanner error={channels.error} />
      <ErrorBanner error={detail.error} />
      {detail.data ? (
        <ChannelDetail
          key={detail.data.id}
          channel={detail.data}
          campaign={campaignName(detail.data.campaign_id)}
          onChanged={detail.reload}
        />
      ) : null}
      <div class="grid-2">
        <section class="card" aria-labelledby="channels-list">
          <h2 id="channels-list">{t('channels.list')}</h2>
          {!channels.data ? (
            <Spinner />
          ) : channels.data.length === 0 ? (
            <EmptyState>{t('channels.empty')}</EmptyState>
          ) : (
            <ul class="rows">
              {channels.data.map((c) => (
                <li key={c.id} class="row channel-row">
                  <ChannelIcon kind={c.kind} />
                  <div class="row-text">
                    <Link
                      class="row-title"
                      href={`/settings/channels?channel=${encodeURIComponent(c.id)}`}
                      aria-current={c.id === selected ? 'true' : undefined}
                    >
                      {c.name}
                    </Link>
                    <span class="muted">
                      {channelKindLabel(c.kind)} · {campaignName(c.campaign_id)}
                    </span>
                  </div>
                  <StatusBadge status={c.status} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <NewChannelForm campaigns={list} onCreated={created} />
        <WebchatChannelForm
          campaigns={list}
          channels={channels.data ?? []}
          onCreated={() => {
            channels.reload();
            loadDirectory(true);
          }}
        />
      </div>
    </>
  );
}
