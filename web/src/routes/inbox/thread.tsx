import { useLayoutEffect, useRef } from 'preact/hooks';
import { day } from '../../components/format';
import { useSubmit } from '../../components/forms/useSubmit';
import { MessageItem } from '../../components/inbox/message';
import { Button, Spinner } from '../../components/ui';
import { t } from '../../i18n';
import { dayKey } from '../../i18n/format';
import type { OpenConversation } from '../../realtime/inbox';
import { loadOlder } from '../../state/inbox-data';
import { app } from '../../state/store';

/** A conversation's messages by day; older ones load when scrolled to the top, new ones keep it at the bottom. */
export function Thread(props: { open: OpenConversation; label: string }) {
  const { open } = props;
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const { busy: loadingOlder, submit } = useSubmit({ toast: true });
  const messages = open.messages;
  const first = messages[0]?.id;
  const last = messages[messages.length - 1];

  function older() {
    const el = ref.current;
    if (!el || !open.older || loadingOlder) return;
    anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    const after = open.older;
    void submit(() => loadOlder(open.id, after));
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
