import { useEffect, useState } from 'preact/hooks';
import type { Conversation } from '../../api/types';
import { when } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { CloseDialog, TransferDialog } from '../../components/inbox/actions';
import { contactLabel } from '../../components/inbox/bits';
import { windowClosed } from '../../components/inbox/query';
import { lazy } from '../../components/lazy';
import { Alert, Button, Link, Spinner } from '../../components/ui';
import { t } from '../../i18n';
import { viewerOf, visibleTo } from '../../realtime/inbox';
import { now } from '../../state/clock';
import { dispositionName, loadConversation, markRead } from '../../state/inbox-data';
import { app, dispatch } from '../../state/store';
import { route } from '../router';
import { Composer } from './composer';
import { ContactPanel } from './contact';
import { ConversationHeader, type DialogKind } from './conversation-header';
import { Thread } from './thread';
import { WriteAgain } from './write-again';

// Loaded when first opened: most conversations never need it.
const SendTemplateDialog = lazy(() => import('./send-template').then((m) => m.SendTemplateDialog));

export function ConversationView(props: { id: string; channelName: string }) {
  const { id } = props;
  const state = app.value;
  const open = state.inbox.open?.id === id ? state.inbox.open : null;
  const c: Conversation | null = open?.conversation ?? null;
  const me = state.me;
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [panel, setPanel] = useState(false);
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
        <ErrorBanner error={error} />
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

  const label = contactLabel(c);
  return (
    <div class="conv">
      <ConversationHeader
        conversation={c}
        channelName={props.channelName}
        canAct={canAct}
        panel={panel}
        onPanel={() => setPanel(!panel)}
        onDialog={setDialog}
      />
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
          <Thread key={open.id} open={open} label={t('inbox.thread_label', { name: label })} />
          {closed ? (
            <div class="conv-closed">
              <p class="conv-closed-banner">
                {t('inbox.closed_banner', {
                  when: when(c.closed_at),
                })}
                {c.disposition_id && dispositionName(c.disposition_id)
                  ? ` · ${dispositionName(c.disposition_id)}`
                  : ''}
              </p>
              {canAct ? <WriteAgain conversation={c} /> : null}
            </div>
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
      {dialog === 'template' ? <SendTemplateDialog conversation={c} onClose={() => setDialog(null)} /> : null}
      {dialog === 'close' && detail ? (
        <CloseDialog conversation={c} detail={detail} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}
