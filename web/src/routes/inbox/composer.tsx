import { useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { endpoints } from '../../api/endpoints';
import type { AgentPermissions, Conversation, ConversationDetail } from '../../api/types';
import { errorText } from '../../components/format';
import { useSubmit } from '../../components/forms/useSubmit';
import { mentionToken, tokenAt } from '../../components/inbox/query';
import { lazy } from '../../components/lazy';
import { t } from '../../i18n';
import { app, can, dispatch } from '../../state/store';
import { notify } from '../../state/toasts';
import { AttachButtons, AttachedFile, useAttachment } from './composer-attachments';
import { useDraft } from './composer-draft';
import { EmojiPicker } from './composer-emoji';
import { type Popup, type Suggestion, SuggestionList, useSuggestions } from './composer-suggestions';
import { ComposerTools } from './composer-tools';
import { typingNotifier } from './typing';

const LibraryPicker = lazy(() => import('./library-picker').then((m) => m.LibraryPicker));

export function Composer(props: {
  conversation: Conversation;
  detail: ConversationDetail | null;
  /** The server refused free text: the contact's 24-hour window is closed (a template is needed). */
  onWindowClosed?: () => void;
}) {
  const { conversation } = props;
  const [note, setNote] = useState(false);
  const attachment = useAttachment();
  const [text, setText] = useDraft(conversation.id, () => {
    attachment.dropDeviceFile();
    setNote(false);
  });
  const [library, setLibrary] = useState(false);
  const [emoji, setEmoji] = useState(false);
  const [popup, setPopup] = useState<Popup>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const typing = useMemo(() => typingNotifier(conversation.id), [conversation.id]);
  const perms: Partial<AgentPermissions> = props.detail?.campaign.agent_permissions ?? {};
  const supervises = can('inbox.supervise') || can('inbox.all');
  const mayAttach = can('files.use') && (supervises || perms.attachments !== false);
  const mayQuick = can('quick_replies.use');
  const { suggestions, active, setActive } = useSuggestions(
    popup,
    app.value.inbox.agents,
    app.value.me?.user.id,
  );
  const { busy: sending, submit } = useSubmit({
    toast: true,
    onFailure: (err) => {
      if (err instanceof ApiError && err.code === 'window_closed') props.onWindowClosed?.();
    },
  });

  function update(value: string, caret: number) {
    setText(value);
    if (mayQuick && !note) {
      const quick = tokenAt(value, caret, '/');
      if (quick && !/\n/.test(quick.query)) {
        setPopup({ kind: 'quick', query: quick.query });
        return;
      }
    }
    if (note) {
      const mention = tokenAt(value, caret, '@');
      if (mention) {
        setPopup({ kind: 'mention', query: mention.query, start: mention.start });
        return;
      }
    }
    setPopup(null);
  }

  async function choose(s: Suggestion) {
    const current = popup;
    setPopup(null);
    if (!current) return;
    if (current.kind === 'mention') {
      const caret = area.current?.selectionStart ?? text.length;
      const token = `${mentionToken(s.label, s.id)} `;
      const next = text.slice(0, current.start) + token + text.slice(caret);
      setText(next);
      focusAt(current.start + token.length);
      return;
    }
    try {
      const rendered = await endpoints.renderQuickReply(s.id, conversation.id);
      setText(rendered.text);
      focusAt(rendered.text.length);
    } catch (err) {
      notify('error', errorText(err));
    }
  }

  function focusAt(position: number) {
    requestAnimationFrame(() => {
      const el = area.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(position, position);
    });
  }

  function insert(value: string) {
    const el = area.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + value + text.slice(end));
    focusAt(start + value.length);
  }

  async function send() {
    if (sending) return;
    const body = text.trim();
    if (!body && !attachment.attached) return;
    await submit(async () => {
      const attachments = note ? [] : await attachment.ids();
      const message = await endpoints.sendMessage(
        conversation.id,
        note ? { text: body, private: true } : { ...(body ? { text: body } : {}), attachments },
      );
      dispatch({ kind: 'local.message_saved', message });
      setText('');
      attachment.clear();
      setPopup(null);
    });
    area.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent) {
    if (popup && suggestions.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((active + step + suggestions.length) % suggestions.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        const s = suggestions[active];
        if (s) void choose(s);
        return;
      }
    }
    if (e.key === 'Escape') {
      if (popup || emoji) {
        e.preventDefault();
        e.stopPropagation();
        setPopup(null);
        setEmoji(false);
      }
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  const listId = `composer-suggestions-${conversation.id}`;
  const attached = attachment.attached;
  return (
    <>
      <form
        class={`composer${note ? ' composer-note' : ''}`}
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        {popup ? (
          <SuggestionList
            id={listId}
            popup={popup}
            suggestions={suggestions}
            active={active}
            onChoose={(s) => void choose(s)}
          />
        ) : null}
        {emoji ? (
          <EmojiPicker
            onPick={(e) => {
              insert(e);
              setEmoji(false);
            }}
          />
        ) : null}
        {attached && !note ? <AttachedFile file={attached} onRemove={attachment.clear} /> : null}
        {note ? <p class="composer-note-hint">{t('inbox.note_hint')}</p> : null}
        <label for="composer-text" class="visually-hidden">
          {note ? t('inbox.note_label') : t('inbox.message_label')}
        </label>
        <textarea
          ref={area}
          id="composer-text"
          class="input composer-text"
          rows={2}
          value={text}
          placeholder={note ? t('inbox.note_placeholder') : t('inbox.message_placeholder')}
          aria-autocomplete="list"
          aria-controls={popup && suggestions.length > 0 ? listId : undefined}
          onInput={(e) => {
            const el = e.currentTarget as HTMLTextAreaElement;
            update(el.value, el.selectionStart ?? el.value.length);
            if (!note && conversation.channel_kind === 'webchat') typing();
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setPopup(null), 150)}
        />
        <ComposerTools
          note={note}
          onNote={() => {
            setNote(!note);
            setPopup(null);
            area.current?.focus();
          }}
          attach={
            mayAttach && !note ? (
              <AttachButtons
                onFile={(chosen) => {
                  if (chosen) attachment.fromDevice(chosen);
                  area.current?.focus();
                }}
                onLibrary={() => setLibrary(true)}
              />
            ) : null
          }
          emoji={emoji}
          onEmoji={() => setEmoji(!emoji)}
          onQuick={
            mayQuick && !note
              ? () => {
                  setText('/');
                  setPopup({ kind: 'quick', query: '' });
                  focusAt(1);
                }
              : null
          }
          sending={sending}
          canSend={Boolean(text.trim() || attached)}
        />
      </form>
      {library ? (
        <LibraryPicker
          onClose={() => setLibrary(false)}
          onPick={(picked) => {
            attachment.fromLibrary(picked);
            setLibrary(false);
            area.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}
