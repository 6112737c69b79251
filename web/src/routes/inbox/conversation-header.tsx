import { useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { Conversation } from '../../api/types';
import { useSubmit } from '../../components/forms/useSubmit';
import { Icon } from '../../components/icons';
import { ChannelIcon, ConversationStatusBadge, contactLabel } from '../../components/inbox/bits';
import { Avatar, Button, Link } from '../../components/ui';
import { t } from '../../i18n';
import { agentName, queueName } from '../../state/inbox-data';
import { dispatch } from '../../state/store';
import { notify } from '../../state/toasts';
import { route } from '../router';
import { ConversationMore, type MoreAction } from './conversation-more';

export type DialogKind = 'transfer' | 'close' | 'template' | null;

/** A conversation's header: who, its state, and what one can do with it (accept, transfer, close, the bot). */
export function ConversationHeader(props: {
  conversation: Conversation;
  channelName: string;
  canAct: boolean;
  panel: boolean;
  onPanel: () => void;
  onDialog: (dialog: DialogKind) => void;
}) {
  const { conversation: c, canAct, panel } = props;
  const id = c.id;
  /** The action last started; its button is busy while the submission runs. */
  const [action, setAction] = useState<string | null>(null);
  const { busy: running, submit } = useSubmit({ toast: true });
  const busy = running ? action : null;
  const closed = c.status === 'closed';
  const agent = c.agent_id ? agentName(c.agent_id) : '';
  const label = contactLabel(c);

  const toggleBot = () =>
    run(
      'bot',
      () => endpoints.setBotPaused(id, !c.bot_paused),
      c.bot_paused ? t('inbox.bot_resumed') : t('inbox.bot_paused'),
    );
  const more: MoreAction[] = [
    ...(!closed && canAct
      ? [
          {
            key: 'bot',
            icon: 'bot',
            label: c.bot_paused ? t('inbox.resume_bot') : t('inbox.pause_bot'),
            onSelect: () => void toggleBot(),
          },
        ]
      : []),
    { key: 'contact', icon: 'user', label: t('inbox.contact_panel'), onSelect: props.onPanel },
  ];

  async function run(name: string, save: () => Promise<Conversation>, done?: string) {
    setAction(name);
    await submit(async () => {
      dispatch({ kind: 'local.conversation_saved', conversation: await save() });
      if (done) notify('success', done);
    });
  }

  return (
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
          {props.channelName ? <span class="muted conv-channel">{props.channelName}</span> : null}
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
          <Button small onClick={() => props.onDialog('transfer')}>
            <Icon name="transfer" size={18} />
            {t('inbox.transfer')}
          </Button>
        ) : null}
        {!closed && canAct && c.status !== 'queued' ? (
          <Button small onClick={() => props.onDialog('close')}>
            {t('inbox.close')}
          </Button>
        ) : null}
        {!closed && canAct ? (
          <Button
            small
            variant="ghost"
            class="conv-wide-only"
            aria-pressed={c.bot_paused}
            busy={busy === 'bot'}
            onClick={toggleBot}
          >
            <Icon name="bot" size={18} />
            {c.bot_paused ? t('inbox.resume_bot') : t('inbox.pause_bot')}
          </Button>
        ) : null}
        <Button
          small
          variant="ghost"
          class="conv-wide-only"
          aria-expanded={panel}
          aria-controls="contact-panel"
          onClick={props.onPanel}
        >
          <Icon name="user" size={18} />
          {t('inbox.contact_panel')}
        </Button>
      </div>
      <ConversationMore actions={more} />
    </header>
  );
}
