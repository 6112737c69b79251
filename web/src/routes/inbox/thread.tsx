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
import { closingLines } from './closing-lines';
import { useThreadScroll } from './thread-scroll';

/**
 * A conversation's messages by day. It opens at the newest message and follows new ones while the
 * reader is there; scrolled up, a "new messages" control appears instead; older ones load at the top.
 */
export function Thread(props: { open: OpenConversation; label: string }) {
  const { open } = props;
  const ref = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const { busy: loadingOlder, submit } = useSubmit({ toast: true });
  const messages = open.messages;
  const first = messages[0]?.id;
  const last = messages[messages.length - 1];
  const scroll = useThreadScroll(ref, list, last, app.value.me?.user.id);

  function older() {
    const el = ref.current;
    if (!el || !open.older || loadingOlder) return;
    anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    const after = open.older;
    void submit(() => loadOlder(open.id, after));
  }

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (anchor.current) {
      // Older messages went in above: keep the ones being read where they were.
      el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
      anchor.current = null;
    } else if (scroll.stick.current) {
      el.scrollTop = el.scrollHeight;
    }
    // A short first page that does not fill the view: fetch more at once.
    if (open.loaded && open.older && el.scrollHeight <= el.clientHeight + 40) older();
  }, [first, open.loaded]);

  const closing = closingLines(open);
  const zone = app.value.me?.user.time_zone;
  let previousDay = '';
  return (
    <div class="thread-frame">
      <div
        class="thread"
        ref={ref}
        role="log"
        aria-label={props.label}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable with the keyboard
        tabIndex={0}
        onScroll={(e) => {
          scroll.onScroll();
          if ((e.currentTarget as HTMLDivElement).scrollTop < 150) older();
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
        <ul class="messages" ref={list}>
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
                closing={closing}
                m={m}
                onMedia={() => (scroll.stick.current ? scroll.toEnd() : undefined)}
                quoted={m.reply_to_id ? messages.find((x) => x.id === m.reply_to_id) : undefined}
              />,
            ];
          })}
        </ul>
      </div>
      {scroll.newBelow ? (
        <button type="button" class="thread-new-below" onClick={scroll.toEnd}>
          {t('inbox.new_messages_below')} <span aria-hidden="true">↓</span>
        </button>
      ) : null}
    </div>
  );
}
