import { useCallback, useLayoutEffect, useRef } from 'preact/hooks';
import type { SimulatorMessage } from '../../api/types';
import { bytes, clock, day } from '../../components/format';
import { Icon } from '../../components/icons';
import { senderKind } from '../../components/inbox/sender';
import { Spinner } from '../../components/ui';
import { t } from '../../i18n';
import { me } from '../../state/store';
import { groupByDay, isImage, statusKey } from './thread';

/** One message bubble: its image or file, its text, its time and delivery status. */
function Bubble(props: { message: SimulatorMessage; onMedia: () => void }) {
  const { message } = props;
  const mine = message.direction === 'inbound';
  const file = message.attachment;
  const status = statusKey(message);
  // The customer sees which replies a person wrote and which the bot or a template sent.
  const sender = senderKind(message);
  return (
    <li class={`sim-msg ${mine ? 'sim-msg-mine' : 'sim-msg-theirs'}${sender ? ` sim-msg-by-${sender}` : ''}`}>
      <div class="sim-bubble">
        {sender ? (
          <span class="sim-sender">{t(`senders.${sender}`)}</span>
        ) : (
          <span class="visually-hidden">{mine ? t('simulator.from_you') : t('simulator.from_agent')}</span>
        )}
        {file ? (
          isImage(file) ? (
            <a class="sim-image" href={file.url} target="_blank" rel="noopener">
              <img
                src={file.url}
                alt={t('simulator.image_alt', { name: file.name ?? '' })}
                loading="lazy"
                onLoad={props.onMedia}
              />
            </a>
          ) : (
            <a class="sim-file" href={file.url} target="_blank" rel="noopener">
              <Icon name="file" />
              <span class="sim-file-name">{file.name}</span>
              {file.size !== null ? <span class="sim-file-size">{bytes(file.size)}</span> : null}
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

/** The customer's thread as the phone shows it, grouped by day. */
export function ThreadView(props: { channelName: string; messages: SimulatorMessage[] | null }) {
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
