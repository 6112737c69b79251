import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { endpoints } from '../../api/endpoints';
import type { Channel } from '../../api/types';
import { errorFields, errorText } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { Icon } from '../../components/icons';
import { Avatar, Button, EmptyState, Link, PageHeader, Spinner, TextField } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { notify } from '../../state/toasts';
import { navigate, route } from '../router';
import { PendingImage } from './pending-image';
import { RecentCustomers } from './recent-customers';
import {
  type Customer,
  DEFAULT_PHONE,
  localName,
  normalizePhone,
  parseCustomers,
  readMarker,
  rememberCustomer,
  sendBody,
} from './thread';
import { ThreadView } from './thread-view';
import { useThread } from './use-thread';

const PREFIX = '/simulator/';
const STORAGE_KEY = 'charla.simulator.customers';

export function channelPath(id: string): string {
  return `${PREFIX}${encodeURIComponent(id)}`;
}

/** The channel id of a `/simulator/:channelId` path. */
export function channelIdOf(path: string): string {
  const rest = path.startsWith(PREFIX) ? path.slice(PREFIX.length).replace(/\/$/, '') : '';
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

/** The customers played in this tab (sessionStorage is per tab). */
function loadCustomers(): Customer[] {
  try {
    return parseCustomers(window.sessionStorage.getItem(STORAGE_KEY));
  } catch {
    return [];
  }
}

function saveCustomers(list: Customer[]): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(list));
  } catch {
    // storage may be unavailable: the list then lives only in memory
  }
}

const simulatorChannels = () => endpoints.channels('simulator');

/** `/simulator`: the organization's simulator channels; with only one, it opens right away. */
export function SimulatorPage() {
  const channels = useResource(simulatorChannels, []);
  const list = channels.data ?? [];
  const only = list.length === 1 ? list[0] : undefined;

  useEffect(() => {
    if (only) navigate(channelPath(only.id), { replace: true });
  }, [only?.id]);

  return (
    <>
      <PageHeader title={t('simulator.title')} description={t('simulator.intro')} />
      <ErrorBanner error={channels.error} />
      <section class="card" aria-labelledby="simulator-channels">
        <h2 id="simulator-channels">{t('simulator.channels')}</h2>
        {channels.loading && !channels.data ? (
          <Spinner />
        ) : list.length === 0 ? (
          channels.error ? null : (
            <EmptyState>{t('simulator.no_channels')}</EmptyState>
          )
        ) : (
          <ul class="link-list">
            {list.map((channel) => (
              <li key={channel.id}>
                <Link href={channelPath(channel.id)} class="link-card">
                  <Icon name="phone" />
                  <span>
                    <strong>{channel.name}</strong>
                    <span class="muted">{t('simulator.kind')}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** `/simulator/:channelId`: play a customer of that channel. */
export function SimulatorChannelPage() {
  const channelId = channelIdOf(route.value.path);
  const channels = useResource(simulatorChannels, []);
  if (channels.loading && !channels.data && !channels.error) return <Spinner />;
  const list = channels.data ?? [];
  let channel: ChatChannel | undefined = list.find((c) => c.id === channelId);
  if (!channel && channels.error) {
    // The list could not be read (e.g. a missing permission): the chat itself may still work.
    channel = { id: channelId, name: t('simulator.title') };
  }
  if (!channel) {
    return (
      <>
        <PageHeader title={t('simulator.title')} />
        <ErrorBanner error={t('simulator.not_found')} />
        <p>
          <Link href="/simulator">{t('simulator.all_channels')}</Link>
        </p>
      </>
    );
  }
  return <SimulatorChat key={channel.id} channel={channel} others={list.length > 1} />;
}

/** What the chat shows of its channel (all it knows when the channel list could not be read). */
type ChatChannel = Pick<Channel, 'id' | 'name'>;

function SimulatorChat(props: { channel: ChatChannel; others: boolean }) {
  const { channel } = props;
  const defaultName = t('simulator.default_name');
  const [customers, setCustomers] = useState<Customer[]>(() => {
    const saved = loadCustomers().map((c) => ({ ...c, name: localName(c.name, defaultName) }));
    return saved.length > 0 ? saved : [{ phone: DEFAULT_PHONE, name: defaultName }];
  });
  const [customer, setCustomer] = useState<Customer>(
    () => customers[0] ?? { phone: DEFAULT_PHONE, name: defaultName },
  );
  const [nameInput, setNameInput] = useState(customer.name);
  // The language may arrive after the page (the account's, once loaded): the default name follows it.
  useEffect(() => {
    setNameInput((name) => localName(name, defaultName));
    setCustomer((c) => ({ ...c, name: localName(c.name, defaultName) }));
    setCustomers((list) => list.map((c) => ({ ...c, name: localName(c.name, defaultName) })));
  }, [defaultName]);
  const [phoneInput, setPhoneInput] = useState(customer.phone);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const textRef = useRef<HTMLInputElement>(null);
  const uploaded = useRef<{ file: File; id: string } | null>(null);
  const thread = useThread(channel.id, customer.phone);
  const messages = thread.messages;
  const { busy: sending, submit } = useSubmit({
    onFailure: (err) => {
      const errs = errorFields(err);
      setFields({
        ...(errs.contact_name ? { contact_name: errs.contact_name } : {}),
        ...(errs.contact_phone ? { contact_phone: errs.contact_phone } : {}),
      });
      const specific = errs.text ?? errs.attachment;
      notify('error', specific ?? errorText(err));
      if (err instanceof ApiError && err.status === 404) thread.refresh(true);
    },
  });

  useEffect(() => saveCustomers(customers), [customers]);

  // Tell the server the customer saw the agent's replies: when the thread is shown, when a new reply
  // arrives while the tab is visible, and when the tab becomes visible again.
  const acked = useRef('');
  useEffect(() => {
    if (!messages) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      const marker = readMarker(channel.id, customer.phone, messages);
      if (marker === acked.current) return;
      acked.current = marker;
      endpoints.simulatorRead(channel.id, customer.phone).catch(() => {
        // not fatal: the agent then sees the reply as delivered
      });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [messages, channel.id, customer.phone]);

  function show(next: Customer) {
    setCustomer(next);
    setNameInput(next.name);
    setPhoneInput(next.phone);
    setFields({});
  }

  function openThread(e: Event) {
    e.preventDefault();
    const phone = normalizePhone(phoneInput);
    if (!phone) {
      setFields({ contact_phone: t('simulator.phone_invalid') });
      return;
    }
    const next = { phone, name: nameInput.trim() || defaultName };
    setCustomers((list) => rememberCustomer(list, next));
    show(next);
  }

  function pickFile(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0] ?? null;
    input.value = '';
    if (!chosen) return;
    if (chosen.type && !chosen.type.startsWith('image/')) {
      notify('error', t('simulator.image_only'));
      return;
    }
    setFile(chosen);
    textRef.current?.focus();
  }

  async function send(e: Event) {
    e.preventDefault();
    if (sending) return;
    const who = { phone: customer.phone, name: nameInput.trim() || defaultName };
    if (!sendBody(text, file ? 'pending' : null, who)) {
      textRef.current?.focus();
      return;
    }
    await submit(async () => {
      let attachment: string | null = null;
      if (file) {
        if (uploaded.current?.file !== file) {
          const stored = await endpoints.uploadFile(file);
          uploaded.current = { file, id: stored.id };
        }
        attachment = uploaded.current.id;
      }
      const body = sendBody(text, attachment, who);
      if (!body) return;
      const message = await endpoints.simulatorSend(channel.id, body);
      thread.add(message);
      setText('');
      setFile(null);
      uploaded.current = null;
      setFields({});
      if (who.name !== customer.name) setCustomer(who);
      setCustomers((list) => rememberCustomer(list, who));
    });
    textRef.current?.focus();
  }

  return (
    <div class="sim">
      <div class="sim-phone">
        <div class="sim-header">
          <Avatar name={channel.name} size="sm" />
          <PageHeader
            title={channel.name}
            description={t('simulator.as_customer', { name: customer.name, phone: customer.phone })}
            actions={
              props.others ? (
                <Link href="/simulator" class="btn btn-ghost btn-small">
                  {t('simulator.all_channels')}
                </Link>
              ) : undefined
            }
          />
        </div>
        <form class="sim-customer" onSubmit={openThread} noValidate aria-label={t('simulator.customer')}>
          <TextField
            id="sim-name"
            label={t('simulator.customer_name')}
            value={nameInput}
            onValue={setNameInput}
            error={fields.contact_name}
            autoComplete="off"
            maxLength={120}
          />
          <TextField
            id="sim-phone"
            type="tel"
            inputMode="tel"
            label={t('simulator.customer_phone')}
            value={phoneInput}
            onValue={setPhoneInput}
            error={fields.contact_phone}
            autoComplete="off"
            spellcheck={false}
          />
          <Button type="submit" class="sim-open">
            {t('simulator.open_thread')}
          </Button>
        </form>
        {customers.length > 1 ? (
          <RecentCustomers customers={customers} current={customer.phone} onShow={show} />
        ) : null}
        {thread.error ? (
          <div class="sim-alert">
            <ErrorBanner error={thread.error} />
          </div>
        ) : null}
        <ThreadView channelName={channel.name} messages={messages} />
        <form class="sim-composer" onSubmit={send} noValidate>
          {file ? (
            <PendingImage
              file={file}
              onRemove={() => {
                setFile(null);
                textRef.current?.focus();
              }}
            />
          ) : null}
          <div class="sim-composer-row">
            <input
              ref={fileRef}
              id="sim-file"
              type="file"
              accept="image/*"
              class="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              onChange={pickFile}
            />
            <button
              type="button"
              class="icon-btn sim-attach"
              aria-label={t('simulator.attach_image')}
              title={t('simulator.attach_image')}
              onClick={() => fileRef.current?.click()}
            >
              <Icon name="image" size={22} />
            </button>
            <label for="sim-text" class="visually-hidden">
              {t('simulator.message_label')}
            </label>
            <input
              ref={textRef}
              id="sim-text"
              class="input sim-input"
              value={text}
              autoComplete="off"
              enterKeyHint="send"
              placeholder={t('simulator.message_placeholder')}
              onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
            />
            <button
              type="submit"
              class="icon-btn sim-send"
              aria-label={sending ? t('simulator.sending') : t('simulator.send')}
              title={t('simulator.send')}
              aria-busy={sending || undefined}
              disabled={sending}
            >
              {sending ? <span class="spinner" aria-hidden="true" /> : <Icon name="send" size={22} />}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
