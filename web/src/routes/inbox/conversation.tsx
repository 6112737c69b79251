import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { Conversation } from '../../api/types';
import { day, errorText, when } from '../../components/format';
import { useSubmit } from '../../components/forms/useSubmit';
import { Icon } from '../../components/icons';
import { CloseDialog, TransferDialog } from '../../components/inbox/actions';
import { ChannelIcon, ConversationStatusBadge, contactLabel } from '../../components/inbox/bits';
import { MessageItem } from '../../components/inbox/message';
import { windowClosed } from '../../components/inbox/query';
import { lazy } from '../../components/lazy';
import { Alert, Avatar, Button, Link, Spinner } from '../../components/ui';
import { t } from '../../i18n';
import { dayKey } from '../../i18n/format';
import { type OpenConversation, viewerOf, visibleTo } from '../../realtime/inbox';
import { now } from '../../state/clock';
import {
  agentName,
  dispositionName,
  loadConversation,
  loadOlder,
  markRead,
  queueName,
} from '../../state/inbox-data';
import { app, dispatch } from '../../state/store';
import { notify } from '../../state/toasts';
import { route } from '../router';
import { Composer } from './composer';
import { ContactPanel } from './contact';

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

export function ConversationView(props: { id: string; channelName: string }) {
  const { id } = props;
  const state = app.value;
  const open = state.inbox.open?.id === id ? state.inbox.open : null;
  const c: Conversation | null = open?.conversation ?? null;
  const me = state.me;
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [panel, setPanel] = useState(false);
  /** The action running (its button is busy). */
  const [busy, setBusy] = useState<string | null>(null);
  const { submit } = useSubmit({ toast: true });
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
    await submit(async () => {
      dispatch({ kind: 'local.conversation_saved', conversation: await action() });
      if (done) notify('success', done);
    });
    setBusy(null);
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
