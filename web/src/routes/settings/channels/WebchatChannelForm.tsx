import { useState } from 'preact/hooks';
import { api } from '../../../api/client';
import type { Channel } from '../../../api/types';
import { errorFields } from '../../../components/format';
import { useSubmit } from '../../../components/forms/useSubmit';
import { Button, SelectField, TextField } from '../../../components/ui';
import { t } from '../../../i18n';
import { notify } from '../../../state/toasts';
import { type FieldRule, parseOrigins, RULES, type WebchatChannel } from './webchat';

interface Props {
  campaigns: { id: string; name: string }[];
  channels: Channel[];
  onCreated: () => void;
}

/** Field errors of a failed create; one origin at fault marks the whole list. */
function webchatFieldErrors(problem: unknown): Record<string, string> {
  const fields = errorFields(problem);
  const origin = Object.entries(fields).find(([k]) => k.startsWith('config.allowed_origins'));
  return origin ? { ...fields, origins: origin[1] } : fields;
}

/** Settings → Channels: a web chat channel (CH-3) and the snippet of each one to paste into a site. */
export function WebchatChannelForm(props: Props) {
  const [name, setName] = useState('');
  const [campaign, setCampaign] = useState('');
  const [origins, setOrigins] = useState('');
  const [form, setForm] = useState<Record<'name' | 'email' | 'phone', FieldRule>>({
    name: 'required',
    email: 'optional',
    phone: 'off',
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, fieldErrors, submit, reset } = useSubmit({ toast: true, fields: webchatFieldErrors });
  const errors = { ...fieldErrors, ...local };
  const [created, setCreated] = useState<WebchatChannel | null>(null);
  const chosen = campaign || props.campaigns[0]?.id || '';
  const webchats = props.channels.filter((c) => c.kind === 'webchat') as WebchatChannel[];

  async function create(e: Event) {
    e.preventDefault();
    if (!name.trim()) {
      reset();
      setLocal({ name: t('errors.fields.required') });
      return;
    }
    setLocal({});
    await submit(async () => {
      const channel = await api.post<WebchatChannel>('/api/v1/channels', {
        kind: 'webchat',
        name: name.trim(),
        campaign_id: chosen,
        config: { allowed_origins: parseOrigins(origins), pre_chat: form },
      });
      notify('success', t('channels.created', { name: channel.name }));
      setCreated(channel);
      setName('');
      setOrigins('');
      props.onCreated();
    });
  }

  const shown = created ? [created, ...webchats.filter((c) => c.id !== created.id)] : webchats;
  return (
    <section class="card" aria-labelledby="webchat-new">
      <h2 id="webchat-new">{t('webchat_channel.new')}</h2>
      <p class="muted">{t('webchat_channel.intro')}</p>
      <form onSubmit={create} noValidate>
        <TextField
          id="webchat-name"
          label={t('fields.name')}
          value={name}
          onValue={setName}
          error={errors.name}
        />
        <SelectField
          id="webchat-campaign"
          label={t('inbox.campaign')}
          value={chosen}
          options={props.campaigns.map((c) => ({ value: c.id, label: c.name }))}
          onValue={setCampaign}
          error={errors.campaign_id}
        />
        <TextField
          id="webchat-origins"
          label={t('webchat_channel.origins')}
          hint={t('webchat_channel.origins_hint')}
          value={origins}
          onValue={setOrigins}
          error={errors.origins}
        />
        {(['name', 'email', 'phone'] as const).map((field) => (
          <SelectField
            key={field}
            id={`webchat-prechat-${field}`}
            label={t(`webchat_channel.ask_${field}`)}
            value={form[field]}
            options={RULES.map((r) => ({ value: r, label: t(`webchat_channel.rules.${r}`) }))}
            onValue={(v) => setForm({ ...form, [field]: v as FieldRule })}
            error={errors[`config.pre_chat.${field}`]}
          />
        ))}
        <Button type="submit" variant="primary" busy={busy}>
          {t('webchat_channel.create')}
        </Button>
      </form>
      {shown.map((c) => (
        <Snippet key={c.id} channel={c} />
      ))}
    </section>
  );
}

function Snippet(props: { channel: WebchatChannel }) {
  const [copied, setCopied] = useState(false);
  const id = `webchat-snippet-${props.channel.id}`;
  if (!props.channel.snippet) return null;
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.channel.snippet ?? '');
      setCopied(true);
    } catch {
      (document.getElementById(id) as HTMLTextAreaElement | null)?.select();
    }
  }
  return (
    <div class="field">
      <label for={id}>{t('webchat_channel.snippet', { name: props.channel.name })}</label>
      <textarea id={id} class="input" readOnly rows={3} value={props.channel.snippet} />
      <Button onClick={copy}>{copied ? t('webchat_channel.copied') : t('webchat_channel.copy')}</Button>
    </div>
  );
}
