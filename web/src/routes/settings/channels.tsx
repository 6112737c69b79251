import { useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import { errorFields, errorText } from '../../components/format';
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  PageHeader,
  SelectField,
  Spinner,
  TextField,
} from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { notify } from '../../state/toasts';
import { ChannelIcon, channelKindLabel } from '../inbox/bits';
import { loadDirectory } from '../inbox/data';
import { WebchatChannelForm } from './channels/WebchatChannelForm';

/** The kinds this server can create today. */
export const CREATABLE_KINDS = ['simulator'];

/** `/settings/channels`: the organization's channels, and a new one. */
export function ChannelsPage() {
  const channels = useResource(() => endpoints.allChannels(), []);
  const campaigns = useResource(() => endpoints.campaigns(), []);
  const [name, setName] = useState('');
  const [kind, setKind] = useState('simulator');
  const [campaign, setCampaign] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const list = (campaigns.data ?? []).filter((c) => !c.archived_at);
  const chosen = campaign || list[0]?.id || '';
  async function create(e: Event) {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ name: t('errors.fields.required') });
      return;
    }
    setBusy(true);
    try {
      await endpoints.createChannel({ kind, name: name.trim(), campaign_id: chosen });
      notify('success', t('channels.created', { name: name.trim() }));
      setName('');
      setErrors({});
      channels.reload();
      loadDirectory(true);
    } catch (err) {
      setErrors(errorFields(err));
      notify('error', errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <PageHeader title={t('channels.title')} description={t('channels.intro')} />
      {channels.error ? <Alert kind="error">{errorText(channels.error)}</Alert> : null}
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
                <li key={c.id} class="row">
                  <ChannelIcon kind={c.kind} />
                  <div class="row-text">
                    <span class="row-title">{c.name}</span>
                    <span class="muted">
                      {channelKindLabel(c.kind)} · {list.find((x) => x.id === c.campaign_id)?.name ?? ''}
                    </span>
                  </div>
                  <Badge tone={c.status === 'active' ? 'success' : 'neutral'}>{c.status}</Badge>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card" aria-labelledby="channels-new">
          <h2 id="channels-new">{t('channels.new')}</h2>
          <form onSubmit={create} noValidate>
            <SelectField
              id="channel-kind"
              label={t('channels.kind')}
              value={kind}
              options={CREATABLE_KINDS.map((k) => ({ value: k, label: channelKindLabel(k) }))}
              onValue={setKind}
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
              options={list.map((c) => ({ value: c.id, label: c.name }))}
              onValue={setCampaign}
              error={errors.campaign_id}
            />
            <Button type="submit" variant="primary" busy={busy}>
              {t('channels.create')}
            </Button>
          </form>
        </section>
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
