import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { Conversation, Message } from '../../api/types';
import { bytes, clock, day, errorText, when } from '../../components/format';
import { Icon } from '../../components/icons';
import { lazy } from '../../components/lazy';
import { Alert, Avatar, Button, Link, Spinner } from '../../components/ui';
import { t, tOr } from '../../i18n';
import { type OpenConversation, viewerOf, visibleTo } from '../../realtime/inbox';
import { now } from '../../state/clock';
import { app, dispatch } from '../../state/store';
import { notify } from '../../state/toasts';
import { route } from '../router';
import { dayKey } from '../simulator/thread';
import { CloseDialog, TransferDialog } from './actions';
import { ChannelIcon, ConversationStatusBadge, contactLabel } from './bits';
import { Composer } from './composer';
import { ContactPanel } from './contact';
import { agentName, directory, loadConversation, loadOlder, markRead, queueName } from './data';
import { splitMentions, systemEvent } from './query';

export function MessageText(props: { text: string }) {
  return (
    <p class="msg-text">
      {splitMentions(props.text).map((part, i) =>
        'mention' in part ? (
          <span key={i} class="mention">
            @{part.mention}
          </span>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}

function dispositionName(id: unknown): string {
  return typeof id === 'string' ? (directory.value.dispositions.find((d) => d.id === id)?.name ?? '') : '';
}

/** The short line of a system message ("Assigned to Ana"), in the interface's language. */
export function systemText(m: Message): string {
  const { key, event, payload } = systemEvent(m);
  if (event === 'assigned') {
    return t(key, { agent: agentName(payload.to_agent_id as string) || t('inbox.someone') });
  }
  if (event === 'queued') {
    return t(key, { queue: queueName(payload.to_queue_id as string) || t('inbox.a_queue') });
  }
  if (event === 'closed') {
    const reason = typeof payload.reason === 'string' ? payload.reason : '';
    const why = reason ? tOr(`inbox.closed_reasons.${reason}`, reason) : '';
    const disposition = dispositionName(payload.disposition_id);
    return t(key, { reason: [why, disposition].filter(Boolean).join(' · ') || '—' });
  }
  return m.text || t(key);
}

function Attachment(props: { m: Message; onMedia: () => void }) {
  const file = props.m.attachment;
  if (!file) return null;
  const type = file.content_type?.toLowerCase() ?? '';
  if (type.startsWith('image/')) {
    return (
      <a class="msg-image" href={file.url} target="_blank" rel="noopener">
        <img
          src={file.url}
          alt={t('inbox.image_alt', { name: file.name })}
          loading="lazy"
          onLoad={props.onMedia}
        />
      </a>
    );
  }
  if (type.startsWith('audio/')) {
    return (
      <audio class="msg-audio" controls src={file.url} preload="none">
        <track kind="captions" />
      </audio>
    );
  }
  return (
    <a class="msg-file" href={file.url} target="_blank" rel="noopener">
      <Icon name="file" />
      <span class="msg-file-name">{file.name}</span>
      <span class="msg-file-size">{bytes(file.size)}</span>
    </a>
  );
}

function DeliveryStatus(props: { m: Message }) {
  const { m } = props;
  if (m.direction !== 'outbound' || !m.status) return null;
  if (m.status === 'failed') {
    const reason = m.error?.title || m.error?.code || '';
    return (
      <span class="msg-status msg-status-failed" title={reason || undefined}>
        {reason ? t('inbox.delivery.failed_with', { reason }) : t('inbox.delivery.failed')}
      </span>
    );
  }
  return (
    <span class={`msg-status msg-status-${m.status}`}>{tOr(`inbox.delivery.${m.status}`, m.status)}</span>
  );
}

/** The emoji reactions on a message (`payload.reactions`: who → emoji). */
export function reactionsOf(m: Pick<Message, 'payload'>): string[] {
  const reactions = (m.payload as { reactions?: unknown } | null)?.reactions;
  if (!reactions || typeof reactions !== 'object') return [];
  return Object.values(reactions as Record<string, unknown>).filter(
    (v): v is string => typeof v === 'string',
  );
}

export function MessageItem(props: { m: Message; onMedia: () => void; quoted?: Message | undefined }) {
  const { m, quoted } = props;
  if (m.direction === 'system') {
    return (
      <li class="msg-system">
        <span>
          {systemText(m)} · <time dateTime={m.created_at}>{clock(m.created_at)}</time>
        </span>
      </li>
    );
  }
  const side = m.direction === 'inbound' ? 'theirs' : 'mine';
  const who =
    m.direction === 'inbound'
      ? t('inbox.from_contact')
      : m.direction === 'note'
        ? t('inbox.private_note_by', { name: m.author?.name ?? t('inbox.someone') })
        : (m.author?.name ?? t('inbox.from_agent'));
  return (
    <li class={`msg msg-${side} msg-${m.direction}`} data-id={m.id}>
      <div class="msg-bubble">
        <span class={m.direction === 'inbound' ? 'visually-hidden' : 'msg-author'}>
          {m.direction === 'note' ? <Icon name="lock" size={14} /> : null}
          {who}
        </span>
        {m.reply_to_id ? (
          <blockquote class="msg-quote">
            <span class="visually-hidden">{t('inbox.in_reply_to')}</span>
            {quoted ? (quoted.text ?? quoted.attachment?.name ?? '') : t('inbox.earlier_message')}
          </blockquote>
        ) : null}
        <Attachment m={m} onMedia={props.onMedia} />
        {m.text ? <MessageText text={m.text} /> : null}
        {!m.text && !m.attachment ? (
          <p class="msg-text msg-unsupported">{t('inbox.unsupported', { kind: m.kind })}</p>
        ) : null}
        <span class="msg-meta">
          <time dateTime={m.created_at} title={when(m.created_at)}>
            {clock(m.created_at)}
          </time>
          <DeliveryStatus m={m} />
        </span>
        {reactionsOf(m).length ? (
          <span
            class="msg-reactions"
            role="img"
            aria-label={t('inbox.reactions', { list: reactionsOf(m).join(' ') })}
          >
            {reactionsOf(m).join(' ')}
          </span>
        ) : null}
      </div>
    </li>
  );
}

function Thread(props: { open: OpenConversation; label: string }) {
  const { open } = props;
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const messages = open.messages;
  const first = messages[0]?.id;
  const last = messages[messages.length - 1];

  function older() {
    const el = ref.current;
    if (!el || !open.older || loadingOlder) return;
    anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    setLoadingOlder(true);
    loadOlder(open.id, open.older)
      .catch((err: unknown) => notify('error', errorText(err)))
      .finally(() => setLoadingOlder(false));
  }

  const toBottom = () => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  };

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (anchor.current) {
      el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
      anchor.current = null;
    } else {
      if (last && last.direction !== 'inbound') stick.current = true;
      toBottom();
    }
    // A short first page that does not fill the view: fetch more at once.
    if (open.loaded && open.older && el.scrollHeight <= el.clientHeight + 40) older();
  }, [first, last?.id, messages.length, open.loaded]);

  const zone = app.value.me?.user.time_zone;
  let previousDay = '';
  return (
    <div
      class="thread"
      ref={ref}
      role="log"
      aria-label={props.label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable with the keyboard
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget as HTMLDivElement;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        if (el.scrollTop < 150) older();
      }}
    >
      {!open.loaded ? <Spinner /> : null}
      {open.loaded && open.older ? (
        <p class="thread-older">
          <Button small variant="ghost" busy={loadingOlder} onClick={older}>
            {t('inbox.load_older')}
          </Button>
        </p>
      ) : null}
      {open.loaded && !open.older && messages.length > 0 ? (
        <p class="thread-start">{t('inbox.thread_start')}</p>
      ) : null}
      <ul class="messages">
        {messages.map((m) => {
          const d = dayKey(m.created_at, zone);
          const separator = d !== previousDay;
          previousDay = d;
          return [
            separator ? (
              <li key={`day-${d}`} class="msg-day" aria-hidden="true">
                <span>{day(m.created_at)}</span>
              </li>
            ) : null,
            <MessageItem
              key={m.id}
              m={m}
              onMedia={toBottom}
              quoted={m.reply_to_id ? messages.find((x) => x.id === m.reply_to_id) : undefined}
            />,
          ];
        })}
      </ul>
    </div>
  );
}

// Loaded when first opened: most conversations never need it.
const TemplatePicker = lazy(() => import('./template-picker').then((m) => m.TemplatePicker));

type DialogKind = 'transfer' | 'close' | 'template' | null;

const DAY_MS = 24 * 3600 * 1000;

/** WhatsApp only lets free text go out within 24 hours of the contact's last message. */
export function windowClosed(c: Conversation, at: number): boolean {
  if (c.channel_kind !== 'whatsapp' || c.status === 'closed' || !c.last_contact_message_at) return false;
  return at - Date.parse(c.last_contact_message_at) > DAY_MS;
}

export function ConversationView(props: { id: string; channelName: string }) {
  const { id } = props;
  const state = app.value;
  const open = state.inbox.open?.id === id ? state.inbox.open : null;
  const c: Conversation | null = open?.conversation ?? null;
  const me = state.me;
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [panel, setPanel] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  /** The server said the window is closed (our clock may differ from its). */
  const [shut, setShut] = useState(false);
  const reloads = state.reloads;

  useEffect(() => {
    setShut(false);
    dispatch({ kind: 'local.conversation_opened', id });
    return () => dispatch({ kind: 'local.conversation_left', id });
  }, [id]);

  useEffect(() => {
    setError(null);
    loadConversation(id).catch((err: unknown) => setError(err));
  }, [id, reloads]);

  // Opening it (and new messages while it is on screen) marks it read.
  const unread = c?.unread_count ?? 0;
  useEffect(() => {
    if (!c || unread === 0) return;
    const mine = c.agent_id === me?.user.id;
    if (!mine) return;
    const mark = () => {
      if (document.visibilityState === 'visible') void markRead(id);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [id, unread, c?.agent_id]);

  if (error && !c) {
    return (
      <div class="conv-error">
        <Alert kind="error">{errorText(error)}</Alert>
        <p>
          <Link href={`/inbox${route.value.search}`}>{t('inbox.back_to_list')}</Link>
        </p>
      </div>
    );
  }
  if (!open || !c || !me) return <Spinner />;

  const viewer = viewerOf(me.user.id, me.permissions, state.inbox.counts, state.inbox.agents);
  const supervises = viewer.supervises;
  const mine = c.agent_id === me.user.id;
  const closed = c.status === 'closed';
  const canAct = mine || supervises;
  const stillVisible = visibleTo(c, viewer);
  const detail = open.detail;
  const agent = c.agent_id ? agentName(c.agent_id) : '';

  async function run(name: string, action: () => Promise<Conversation>, done?: string) {
    setBusy(name);
    try {
      dispatch({ kind: 'local.conversation_saved', conversation: await action() });
      if (done) notify('success', done);
    } catch (err) {
      notify('error', errorText(err));
    } finally {
      setBusy(null);
    }
  }

  const label = contactLabel(c);
  return (
    <div class="conv">
      <header class="conv-head">
        <Link
          href={`/inbox${route.value.search}`}
          class="icon-btn conv-back"
          aria-label={t('inbox.back_to_list')}
        >
          <Icon name="back" />
        </Link>
        <Avatar name={label} size="sm" />
        <div class="conv-who">
          <h2 class="conv-title">{label}</h2>
          <p class="conv-sub">
            <ChannelIcon kind={c.channel_kind} />
            {c.contact.phone ? <span class="conv-phone">{c.contact.phone}</span> : null}
            {props.channelName ? <span class="muted">{props.channelName}</span> : null}
          </p>
        </div>
        <div class="conv-state">
          <ConversationStatusBadge status={c.status} />
          <span class="conv-agent muted">
            {agent
              ? t('inbox.assigned_to', { name: agent })
              : c.queue_id
                ? t('inbox.in_queue', { queue: queueName(c.queue_id) || t('inbox.a_queue') })
                : null}
          </span>
        </div>
        <div class="conv-actions">
          {c.status === 'queued' ? (
            <Button
              variant="primary"
              small
              busy={busy === 'accept'}
              onClick={() => run('accept', () => endpoints.accept(id), t('inbox.accepted'))}
            >
              <Icon name="check" size={18} />
              {t('inbox.accept')}
            </Button>
          ) : null}
          {!closed && canAct ? (
            <Button small onClick={() => setDialog('transfer')}>
              <Icon name="transfer" size={18} />
              {t('inbox.transfer')}
            </Button>
          ) : null}
          {!closed && canAct && c.status !== 'queued' ? (
            <Button small onClick={() => setDialog('close')}>
              {t('inbox.close')}
            </Button>
          ) : null}
          {!closed && canAct ? (
            <Button
              small
              variant="ghost"
              aria-pressed={c.bot_paused}
              busy={busy === 'bot'}
              onClick={() =>
                run(
                  'bot',
                  () => endpoints.setBotPaused(id, !c.bot_paused),
                  c.bot_paused ? t('inbox.bot_resumed') : t('inbox.bot_paused'),
                )
              }
            >
              <Icon name="bot" size={18} />
              {c.bot_paused ? t('inbox.resume_bot') : t('inbox.pause_bot')}
            </Button>
          ) : null}
          <Button
            small
            variant="ghost"
            aria-expanded={panel}
            aria-controls="contact-panel"
            onClick={() => setPanel(!panel)}
          >
            <Icon name="user" size={18} />
            {t('inbox.contact_panel')}
          </Button>
        </div>
      </header>
      {windowClosed(c, now.value) || (shut && !closed) ? (
        <Alert kind="warning">
          <span class="window-banner">
            <span>{t('errors.window_closed')}</span>
            {canAct ? (
              <Button small onClick={() => setDialog('template')}>
                {t('inbox.templates.open')}
              </Button>
            ) : null}
          </span>
        </Alert>
      ) : null}
      {!stillVisible ? (
        <Alert kind="info">
          {t('inbox.no_longer_yours')}{' '}
          <Link href={`/inbox${route.value.search}`}>{t('inbox.back_to_list')}</Link>
        </Alert>
      ) : null}
      <div class={`conv-body${panel ? ' conv-body-panel' : ''}`}>
        <div class="conv-thread-col">
          <Thread open={open} label={t('inbox.thread_label', { name: label })} />
          {closed ? (
            <p class="conv-closed-banner">
              {t('inbox.closed_banner', {
                when: when(c.closed_at),
              })}
              {c.disposition_id && dispositionName(c.disposition_id)
                ? ` · ${dispositionName(c.disposition_id)}`
                : ''}
            </p>
          ) : c.status === 'queued' && !supervises ? (
            <p class="conv-closed-banner">{t('inbox.accept_to_reply')}</p>
          ) : canAct ? (
            <Composer conversation={c} detail={detail} onWindowClosed={() => setShut(true)} />
          ) : (
            <p class="conv-closed-banner">{t('inbox.read_only')}</p>
          )}
        </div>
        {panel ? <ContactPanel conversation={c} detail={detail} onClose={() => setPanel(false)} /> : null}
      </div>
      {dialog === 'transfer' ? <TransferDialog conversation={c} onClose={() => setDialog(null)} /> : null}
      {dialog === 'template' ? <TemplatePicker conversation={c} onClose={() => setDialog(null)} /> : null}
      {dialog === 'close' && detail ? (
        <CloseDialog conversation={c} detail={detail} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}
