import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { endpoints } from '../../api/endpoints';
import type { Channel, SimulatorMessage } from '../../api/types';
import { bytes, clock, day, errorFields, errorText } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { Icon } from '../../components/icons';
import { Alert, Avatar, Button, EmptyState, Link, PageHeader, Spinner, TextField } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { app, me } from '../../state/store';
import { notify } from '../../state/toasts';
import { navigate, route } from '../router';
import { PendingImage } from './pending-image';
import { RecentCustomers } from './recent-customers';
import {
  type Customer,
  DEFAULT_PHONE,
  groupByDay,
  isImage,
  normalizePhone,
  POLL_MS,
  parseCustomers,
  readMarker,
  rememberCustomer,
  sendBody,
  sortThread,
  statusKey,
  upsertMessage,
} from './thread';

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
  let channel: Channel | undefined = list.find((c) => c.id === channelId);
  if (!channel && channels.error) {
    // The list could not be read (e.g. a missing permission): the chat itself may still work.
    channel = { id: channelId, kind: 'simulator', name: t('simulator.title'), campaign_id: null, status: '' };
  }
  if (!channel) {
    return (
      <>
        <PageHeader title={t('simulator.title')} />
        <Alert kind="error">{t('simulator.not_found')}</Alert>
        <p>
          <Link href="/simulator">{t('simulator.all_channels')}</Link>
        </p>
      </>
    );
  }
  return <SimulatorChat key={channel.id} channel={channel} others={list.length > 1} />;
}

interface Thread {
  /** The thread of the shown customer, oldest first; null until it is first read. */
  messages: SimulatorMessage[] | null;
  error: unknown;
  refresh: (force: boolean) => void;
  add: (message: SimulatorMessage) => void;
}

/** Reads a customer's thread now, on every message event of the channel, and every few seconds. */
function useThread(channelId: string, phone: string): Thread {
  const key = `${channelId}\n${phone}`;
  const [state, setState] = useState<{ key: string; messages: SimulatorMessage[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const inFlight = useRef<AbortController | null>(null);

  const refresh = useCallback(
    (force: boolean) => {
      if (inFlight.current && !force) return;
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      seq.current += 1;
      const mine = seq.current;
      endpoints.simulatorMessages(channelId, phone, controller.signal).then(
        (items) => {
          if (inFlight.current === controller) inFlight.current = null;
          if (mine !== seq.current) return;
          setState({ key, messages: sortThread(items) });
          setError(null);
        },
        (err: unknown) => {
          if (inFlight.current === controller) inFlight.current = null;
          if (mine !== seq.current || (err instanceof DOMException && err.name === 'AbortError')) return;
          setError(err);
        },
      );
    },
    [channelId, phone, key],
  );

  useEffect(() => {
    setError(null);
    refresh(true);
    const timer = setInterval(() => refresh(false), POLL_MS);
    return () => {
      clearInterval(timer);
      seq.current += 1;
      inFlight.current?.abort();
      inFlight.current = null;
    };
  }, [refresh]);

  // Live events: the WebSocket bumps a per-channel counter; a change means "read again".
  const activity = app.value.channelActivity[channelId] ?? 0;
  const reloads = app.value.reloads;
  const seen = useRef({ activity, reloads });
  useEffect(() => {
    if (seen.current.activity === activity && seen.current.reloads === reloads) return;
    seen.current = { activity, reloads };
    refresh(true);
  }, [activity, reloads, refresh]);

  const add = useCallback(
    (message: SimulatorMessage) => {
      setState((prev) =>
        prev && prev.key === key ? { key, messages: upsertMessage(prev.messages, message) } : prev,
      );
      refresh(true);
    },
    [key, refresh],
  );

  return { messages: state && state.key === key ? state.messages : null, error, refresh, add };
}

function Bubble(props: { message: SimulatorMessage; onMedia: () => void }) {
  const { message } = props;
  const mine = message.direction === 'inbound';
  const file = message.attachment;
  const status = statusKey(message);
  return (
    <li class={`sim-msg ${mine ? 'sim-msg-mine' : 'sim-msg-theirs'}`}>
      <div class="sim-bubble">
        <span class="visually-hidden">{mine ? t('simulator.from_you') : t('simulator.from_agent')}</span>
        {file ? (
          isImage(file) ? (
            <a class="sim-image" href={file.url} target="_blank" rel="noopener">
              <img
                src={file.url}
                alt={t('simulator.image_alt', { name: file.name })}
                loading="lazy"
                onLoad={props.onMedia}
              />
            </a>
          ) : (
            <a class="sim-file" href={file.url} target="_blank" rel="noopener">
              <Icon name="file" />
              <span class="sim-file-name">{file.name}</span>
              <span class="sim-file-size">{bytes(file.size)}</span>
            </a>
          )
        ) : null}
        {message.text ? <p class="sim-text">{message.text}</p> : null}
        {!message.text && !file ? (
          <p class="sim-text sim-unsupported">{t('simulator.unsupported', { kind: message.kind })}</p>
        ) : null}
        <span class="sim-meta">
          <time dateTime={message.created_at}>{clock(message.created_at)}</time>
          {status ? <span class={`sim-status sim-status-${message.status}`}>{t(status)}</span> : null}
        </span>
      </div>
    </li>
  );
}

function ThreadView(props: { channelName: string; messages: SimulatorMessage[] | null }) {
  const { messages } = props;
  const ref = useRef<HTMLDivElement>(null);
  /** Whether the view follows new messages (it does until the person scrolls up). */
  const stick = useRef(true);
  const last = messages?.[messages.length - 1];

  const toBottom = useCallback(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, []);

  useLayoutEffect(() => {
    if (last?.direction === 'inbound') stick.current = true;
    toBottom();
  }, [last?.id, messages === null, toBottom]);

  const zone = me.value?.user.time_zone;
  return (
    <div
      class="sim-thread"
      ref={ref}
      role="log"
      aria-label={t('simulator.thread_label', { channel: props.channelName })}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable with the keyboard
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget as HTMLDivElement;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
    >
      {messages === null ? (
        <Spinner />
      ) : messages.length === 0 ? (
        <p class="sim-empty">{t('simulator.empty')}</p>
      ) : (
        groupByDay(messages, zone).map((group) => (
          <div key={group.day} class="sim-day">
            <p class="sim-day-label">
              <span>{day(group.at)}</span>
            </p>
            <ul class="sim-messages">
              {group.messages.map((message) => (
                <Bubble key={message.id} message={message} onMedia={toBottom} />
              ))}
            </ul>
          </div>
        ))
      )}
    </div>
  );
}

function SimulatorChat(props: { channel: Channel; others: boolean }) {
  const { channel } = props;
  const defaultName = t('simulator.default_name');
  const [customers, setCustomers] = useState<Customer[]>(() => {
    const saved = loadCustomers();
    return saved.length > 0 ? saved : [{ phone: DEFAULT_PHONE, name: defaultName }];
  });
  const [customer, setCustomer] = useState<Customer>(
    () => customers[0] ?? { phone: DEFAULT_PHONE, name: defaultName },
  );
  const [nameInput, setNameInput] = useState(customer.name);
  const [phoneInput, setPhoneInput] = useState(customer.phone);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [sending, setSending] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const textRef = useRef<HTMLInputElement>(null);
  const uploaded = useRef<{ file: File; id: string } | null>(null);
  const thread = useThread(channel.id, customer.phone);
  const messages = thread.messages;

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
    setSending(true);
    try {
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
    } catch (err) {
      const errs = errorFields(err);
      setFields({
        ...(errs.contact_name ? { contact_name: errs.contact_name } : {}),
        ...(errs.contact_phone ? { contact_phone: errs.contact_phone } : {}),
      });
      const specific = errs.text ?? errs.attachment;
      notify('error', specific ?? errorText(err));
      if (err instanceof ApiError && err.status === 404) thread.refresh(true);
    } finally {
      setSending(false);
      textRef.current?.focus();
    }
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
            <Alert kind="error">{errorText(thread.error)}</Alert>
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
