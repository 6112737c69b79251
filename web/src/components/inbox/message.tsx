import type { Attachment as AttachmentFile, Message } from '../../api/types';
import { t, tOr } from '../../i18n';
import { agentName, dispositionName, queueName } from '../../state/inbox-data';
import { bytes, clock, when } from '../format';
import { Icon } from '../icons';
import { splitMentions, systemEvent } from './query';
import { outboundLabel, senderKind } from './sender';

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
    // An agent's disposition ("Resuelto") already says what "resuelta" would: say it once.
    const disposition = dispositionName(payload.disposition_id);
    return t(key, { reason: disposition || why || '—' });
  }
  return m.text || t(key);
}

/** A message's further files beyond its attachment (an MMS's other media), as the server
 * stored them in `payload.more_media`: each with its `file_id` once fetched. */
export function moreAttachments(m: Pick<Message, 'payload'>): AttachmentFile[] {
  const items = Array.isArray(m.payload.more_media)
    ? (m.payload.more_media as Record<string, unknown>[])
    : [];
  return items
    .filter((item) => typeof item?.file_id === 'string')
    .map((item) => ({
      id: item.file_id as string,
      name: null,
      content_type: typeof item.content_type === 'string' ? item.content_type : null,
      size: null,
      url: `/api/v1/files/${item.file_id as string}/content`,
    }));
}

function Attachment(props: { file: AttachmentFile | null; onMedia: () => void }) {
  const file = props.file;
  if (!file) return null;
  const type = file.content_type?.toLowerCase() ?? '';
  if (type.startsWith('image/')) {
    return (
      <a class="msg-image" href={file.url} target="_blank" rel="noopener">
        <img
          src={file.url}
          alt={t('inbox.image_alt', { name: file.name ?? '' })}
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
      {file.size !== null ? <span class="msg-file-size">{bytes(file.size)}</span> : null}
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
  const reactions = m.payload.reactions;
  if (!reactions || typeof reactions !== 'object') return [];
  return Object.values(reactions as Record<string, unknown>).filter(
    (v): v is string => typeof v === 'string',
  );
}

export function MessageItem(props: {
  m: Message;
  onMedia: () => void;
  quoted?: Message | undefined;
  /** For the closing line: the fields filled in and the closing note, one line each. */
  closing?: string[] | undefined;
}) {
  const { m, quoted } = props;
  if (m.direction === 'system') {
    const details = systemEvent(m).event === 'closed' ? (props.closing ?? []) : [];
    return (
      <li class="msg-system">
        <span>
          {systemText(m)} · <time dateTime={m.created_at}>{clock(m.created_at)}</time>
          {details.map((line) => (
            <span key={line} class="msg-system-detail">
              {line}
            </span>
          ))}
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
        : outboundLabel(m);
  const sender = senderKind(m);
  return (
    <li class={`msg msg-${side} msg-${m.direction}${sender ? ` msg-by-${sender}` : ''}`} data-id={m.id}>
      <div class="msg-bubble">
        <span class={m.direction === 'inbound' ? 'visually-hidden' : 'msg-author'}>
          {m.direction === 'note' ? <Icon name="lock" size={14} /> : null}
          {sender && sender !== 'template' ? <Icon name="bot" size={14} /> : null}
          {who}
        </span>
        {m.reply_to_id ? (
          <blockquote class="msg-quote">
            <span class="visually-hidden">{t('inbox.in_reply_to')}</span>
            {quoted ? (quoted.text ?? quoted.attachment?.name ?? '') : t('inbox.earlier_message')}
          </blockquote>
        ) : null}
        <Attachment file={m.attachment} onMedia={props.onMedia} />
        {moreAttachments(m).map((file) => (
          <Attachment key={file.id} file={file} onMedia={props.onMedia} />
        ))}
        {m.text ? <MessageText text={m.text} /> : null}
        {!m.text && !m.attachment ? (
          <p class="msg-text msg-unsupported">{t('inbox.unsupported', { kind: m.kind })}</p>
        ) : null}
        <span class="msg-meta">
          <time dateTime={m.created_at} title={when(m.created_at)}>
            {clock(m.created_at)}
          </time>
          {m.payload.edited === true ? <span class="msg-edited">{t('inbox.edited')}</span> : null}
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
