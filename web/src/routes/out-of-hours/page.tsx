import { useState } from 'preact/hooks';
import { bots, type OutOfHoursContact } from '../../api/bots';
import { endpoints, itemsOf } from '../../api/endpoints';
import type { Channel, Template } from '../../api/types';
import { errorFields, when } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { FormDialog } from '../../components/forms/FormDialog';
import { useSubmit } from '../../components/forms/useSubmit';
import { TextAreaField } from '../../components/TextAreaField';
import { TemplatePicker } from '../../components/templates/TemplatePicker';
import {
  missingVariables,
  sendable,
  templateSend,
  templateVariables,
} from '../../components/templates/templates';
import { Badge, Button, EmptyState, Link, PageHeader, SelectField, Spinner } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { notify } from '../../state/toasts';
import { navigate, queryParam } from '../router';
import { callbackKey } from './logic';

type Mode = 'template' | 'text';

/** A failed send's messages for the template choice and the text. */
function sendFields(problem: unknown): Record<string, string> {
  const byField = errorFields(problem);
  const template = byField.template ?? byField['template.name'] ?? byField['template.parameters'];
  return { ...(template ? { template } : {}), ...(byField.text ? { text: byField.text } : {}) };
}

/** Reaching one contact back: an approved template of the channel, or a plain text. */
function SendDialog(props: {
  entry: OutOfHoursContact;
  channel: Channel | undefined;
  onSent: (conversationId: string) => void;
  onClose: () => void;
}) {
  const whatsapp = props.channel?.kind === 'whatsapp';
  const templates = useResource(
    () =>
      whatsapp
        ? endpoints.templates(props.entry.channel_id).then((r) => itemsOf(r).filter(sendable))
        : Promise.resolve([]),
    [props.entry.channel_id, whatsapp],
  );
  const list = templates.data ?? [];
  const [mode, setMode] = useState<Mode | null>(null);
  const current: Mode = mode ?? (list.length > 0 ? 'template' : 'text');
  const [chosen, setChosen] = useState<Template | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [text, setText] = useState('');
  /** The messages found before sending: no template chosen, or no text; `missing` holds each empty variable. */
  const [local, setLocal] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<Record<string, string>>({});
  const { busy, problem, fieldErrors, submit, reset } = useSubmit({ fields: sendFields });
  const errors = { ...fieldErrors, ...local };

  async function send() {
    const found: Record<string, string> = {};
    const empty: Record<string, string> = {};
    if (current === 'template') {
      if (!chosen) found.template = t('errors.fields.required');
      else
        for (const key of missingVariables(templateVariables(chosen.body ?? ''), values))
          empty[key] = t('errors.fields.required');
    } else if (!text.trim()) {
      found.text = t('errors.fields.required');
    }
    setLocal(found);
    setMissing(empty);
    reset();
    if (Object.keys(found).length || Object.keys(empty).length) return;
    await submit(async () => {
      const body =
        current === 'template' && chosen ? { template: templateSend(chosen, values) } : { text: text.trim() };
      const sent = await bots.sendOutOfHours(props.entry.id, body);
      notify('success', t('out_of_hours.sent_to', { name: props.entry.display_name }));
      props.onSent(sent.conversation_id);
    });
  }

  return (
    <FormDialog
      title={t('out_of_hours.send_title', { name: props.entry.display_name })}
      onClose={props.onClose}
      onSubmit={send}
      wide
      busy={busy}
      submitDisabled={templates.loading}
      submitLabel={t('out_of_hours.send')}
      error={problem}
    >
      <p class="muted">
        {props.entry.phone ? `${props.entry.phone} · ` : ''}
        {props.channel?.name ?? ''}
      </p>
      {templates.loading ? (
        <Spinner />
      ) : (
        <>
          {list.length > 0 ? (
            <SelectField
              id="ooh-mode"
              label={t('out_of_hours.mode')}
              value={current}
              options={[
                { value: 'template', label: t('out_of_hours.mode_template') },
                { value: 'text', label: t('out_of_hours.mode_text') },
              ]}
              onValue={(v) => setMode(v as Mode)}
              hint={current === 'text' ? t('out_of_hours.text_window_hint') : undefined}
            />
          ) : (
            <p class="field-hint">
              {whatsapp ? t('out_of_hours.no_templates') : t('out_of_hours.text_only')}
            </p>
          )}
          {current === 'template' && list.length > 0 ? (
            <TemplatePicker
              templates={list}
              chosen={chosen}
              onChoose={(tpl) => {
                setChosen(tpl);
                setValues({});
              }}
              values={values}
              onValues={setValues}
              errors={missing}
              choiceError={errors.template}
            />
          ) : (
            <TextAreaField
              id="ooh-text"
              label={t('out_of_hours.message')}
              value={text}
              onValue={setText}
              error={errors.text || undefined}
              rows={4}
            />
          )}
        </>
      )}
    </FormDialog>
  );
}

/** `/out-of-hours?campaign=&channel=`: who wrote outside hours in the last 7 days (BOT-3). */
export function OutOfHoursPage() {
  const campaign = queryParam('campaign') ?? '';
  const channelId = queryParam('channel') ?? '';
  const campaigns = useResource(() => endpoints.campaigns(), []);
  const channels = useResource(() => endpoints.allChannels(), []);
  const entries = useResource(
    () => bots.outOfHours({ campaign_id: campaign || undefined, channel_id: channelId || undefined }),
    [campaign, channelId],
  );
  const [sending, setSending] = useState<OutOfHoursContact | null>(null);
  /** Conversations opened by a send from this page, by entry. */
  const [sentTo, setSentTo] = useState<Record<string, string>>({});
  const campaignList = (campaigns.data ?? []).filter((c) => !c.archived_at);
  const channelList = (channels.data ?? []).filter((c) => !campaign || c.campaign_id === campaign);
  const channelOf = (id: string) => (channels.data ?? []).find((c) => c.id === id);
  const campaignName = (id: string) => campaignList.find((c) => c.id === id)?.name ?? '';
  const go = (next: { campaign?: string; channel?: string }) => {
    const params = new URLSearchParams();
    const c = next.campaign ?? campaign;
    const ch = next.channel ?? channelId;
    if (c) params.set('campaign', c);
    if (ch) params.set('channel', ch);
    const qs = params.toString();
    navigate(`/out-of-hours${qs ? `?${qs}` : ''}`, { replace: true });
  };
  const items = entries.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('out_of_hours.title')}
        description={t('out_of_hours.intro')}
        actions={
          <Button onClick={entries.reload} busy={entries.loading && Boolean(entries.data)}>
            {t('out_of_hours.refresh')}
          </Button>
        }
      />
      <section class="card" aria-labelledby="ooh-list-title">
        <h2 id="ooh-list-title" class="visually-hidden">
          {t('out_of_hours.list')}
        </h2>
        <div class="toolbar ooh-filters">
          <SelectField
            id="ooh-campaign"
            label={t('inbox.campaign')}
            value={campaign}
            options={[
              { value: '', label: t('out_of_hours.all_campaigns') },
              ...campaignList.map((c) => ({ value: c.id, label: c.name })),
            ]}
            onValue={(v) => go({ campaign: v, channel: '' })}
          />
          <SelectField
            id="ooh-channel"
            label={t('out_of_hours.channel')}
            value={channelId}
            options={[
              { value: '', label: t('out_of_hours.all_channels') },
              ...channelList.map((c) => ({ value: c.id, label: c.name })),
            ]}
            onValue={(v) => go({ channel: v })}
          />
        </div>
        <ErrorBanner error={entries.error} />
        {!entries.data && entries.loading ? (
          <Spinner />
        ) : items.length === 0 ? (
          <EmptyState>{t('out_of_hours.empty')}</EmptyState>
        ) : (
          <table class="table table-stack ooh-table" aria-busy={entries.loading || undefined}>
            <thead>
              <tr>
                <th scope="col">{t('out_of_hours.wrote_at')}</th>
                <th scope="col">{t('out_of_hours.name')}</th>
                <th scope="col">{t('out_of_hours.contact')}</th>
                <th scope="col">{t('out_of_hours.callback_asked')}</th>
                <th scope="col">{t('out_of_hours.message_sent')}</th>
                <th scope="col">{t('out_of_hours.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => {
                const conversation = sentTo[e.id] ?? (e.message_sent ? e.conversation_id : null);
                return (
                  <tr key={e.id} class="ooh-row" data-entry={e.id}>
                    <td data-label={t('out_of_hours.wrote_at')}>{when(e.wrote_at)}</td>
                    <td data-label={t('out_of_hours.name')}>
                      <span class={e.name ? undefined : 'muted'}>{e.display_name}</span>
                      <span class="muted ooh-where">
                        {campaignName(e.campaign_id)}
                        {channelOf(e.channel_id) ? ` · ${channelOf(e.channel_id)?.name}` : ''}
                      </span>
                    </td>
                    <td data-label={t('out_of_hours.contact')}>{e.phone ?? '—'}</td>
                    <td data-label={t('out_of_hours.callback_asked')}>
                      <Badge tone={e.callback === 'yes' ? 'info' : 'neutral'}>
                        {t(callbackKey(e.callback))}
                      </Badge>
                    </td>
                    <td data-label={t('out_of_hours.message_sent')}>
                      {e.message_sent ? (
                        <Badge tone="success">{t('out_of_hours.sent_yes')}</Badge>
                      ) : (
                        <Badge>{t('out_of_hours.sent_no')}</Badge>
                      )}
                      {e.message_sent_at ? (
                        <span class="muted ooh-where">{when(e.message_sent_at)}</span>
                      ) : null}
                    </td>
                    <td data-label={t('out_of_hours.actions')} class="ooh-actions">
                      <Button
                        small
                        variant={e.message_sent ? 'secondary' : 'primary'}
                        onClick={() => setSending(e)}
                        aria-label={t('out_of_hours.send_named', { name: e.display_name })}
                      >
                        {e.message_sent ? t('out_of_hours.send_again') : t('out_of_hours.send')}
                      </Button>
                      {conversation ? (
                        <Link href={`/inbox/${encodeURIComponent(conversation)}`} class="ooh-open">
                          {t('out_of_hours.open_conversation')}
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {sending ? (
        <SendDialog
          entry={sending}
          channel={channelOf(sending.channel_id)}
          onClose={() => setSending(null)}
          onSent={(conversationId) => {
            const id = sending.id;
            setSentTo((m) => ({ ...m, [id]: conversationId }));
            entries.setData((prev) =>
              prev
                ? {
                    items: prev.items.map((x) =>
                      x.id === id
                        ? { ...x, message_sent: true, message_sent_at: new Date().toISOString() }
                        : x,
                    ),
                  }
                : prev,
            );
            setSending(null);
            entries.reload();
          }}
        />
      ) : null}
    </>
  );
}
