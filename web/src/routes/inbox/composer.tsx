import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { endpoints, itemsOf } from '../../api/endpoints';
import type { Conversation, ConversationDetail, LibraryFile, QuickReply } from '../../api/types';
import { bytes, errorText } from '../../components/format';
import { Icon } from '../../components/icons';
import { mentionToken, tokenAt } from '../../components/inbox/query';
import { lazy } from '../../components/lazy';
import { t } from '../../i18n';
import { app, can, dispatch } from '../../state/store';
import { notify } from '../../state/toasts';
import { typingNotifier } from './typing';

const LibraryPicker = lazy(() => import('./library-picker').then((m) => m.LibraryPicker));

/** A small built-in set; the system's emoji font draws them. */
export const EMOJIS = [
  '😀',
  '😁',
  '😂',
  '🙂',
  '😉',
  '😊',
  '😍',
  '🤔',
  '😅',
  '😢',
  '😮',
  '😎',
  '👍',
  '👎',
  '👏',
  '🙏',
  '👋',
  '🤝',
  '💪',
  '✅',
  '❌',
  '⚠️',
  '❤️',
  '🎉',
  '📦',
  '🚚',
  '💳',
  '📞',
  '📧',
  '📅',
  '⏰',
  '🔔',
  '⭐',
  '🔥',
  '💡',
  '📍',
];

interface Suggestion {
  id: string;
  label: string;
  hint?: string;
}

type Popup = { kind: 'quick'; query: string } | { kind: 'mention'; query: string; start: number } | null;

export function Composer(props: {
  conversation: Conversation;
  detail: ConversationDetail | null;
  /** The server refused free text: the contact's 24-hour window is closed (a template is needed). */
  onWindowClosed?: () => void;
}) {
  const { conversation } = props;
  const [text, setText] = useState('');
  const [note, setNote] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  /** A file of the library attached instead of an upload (it is sent by its id). */
  const [libraryFile, setLibraryFile] = useState<LibraryFile | null>(null);
  const [library, setLibrary] = useState(false);
  const [sending, setSending] = useState(false);
  const [emoji, setEmoji] = useState(false);
  const [popup, setPopup] = useState<Popup>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const typing = useMemo(() => typingNotifier(conversation.id), [conversation.id]);
  const fileRef = useRef<HTMLInputElement>(null);
  const uploaded = useRef<{ file: File; id: string } | null>(null);
  const quickCache = useRef<QuickReply[]>([]);
  const perms = props.detail?.campaign.agent_permissions ?? {};
  const supervises = can('inbox.supervise') || can('inbox.all');
  const mayAttach = can('files.use') && (supervises || perms.attachments !== false);
  const mayQuick = can('quick_replies.use');
  const agents = app.value.inbox.agents;
  const meId = app.value.me?.user.id;

  // Keep a draft per conversation while the tab lives.
  useEffect(() => {
    setText(drafts.get(conversation.id) ?? '');
    setFile(null);
    setNote(false);
  }, [conversation.id]);
  useEffect(() => {
    if (text) drafts.set(conversation.id, text);
    else drafts.delete(conversation.id);
  }, [text, conversation.id]);

  // Suggestions for "/" (quick replies) and "@" (colleagues, in notes).
  useEffect(() => {
    if (!popup) {
      setSuggestions([]);
      return;
    }
    setActive(0);
    if (popup.kind === 'mention') {
      const q = popup.query.toLowerCase();
      setSuggestions(
        agents
          .filter((a) => a.id !== meId && a.name.toLowerCase().includes(q))
          .slice(0, 8)
          .map((a) => ({ id: a.id, label: a.name })),
      );
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      endpoints.quickReplies(popup.query).then(
        (page) => {
          if (cancelled) return;
          quickCache.current = itemsOf(page);
          setSuggestions(
            quickCache.current.slice(0, 8).map((r) => ({ id: r.id, label: r.title, hint: r.text })),
          );
        },
        () => {
          if (!cancelled) setSuggestions([]);
        },
      );
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [popup?.kind, popup?.query, agents.length]);

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
    if (!body && !file && !libraryFile) return;
    setSending(true);
    try {
      let attachments: string[] = [];
      if (libraryFile && !note) {
        attachments = [libraryFile.id];
      } else if (file && !note) {
        if (uploaded.current?.file !== file) {
          const stored = await endpoints.uploadFile(file);
          uploaded.current = { file, id: stored.id };
        }
        attachments = [uploaded.current.id];
      }
      const message = await endpoints.sendMessage(
        conversation.id,
        note ? { text: body, private: true } : { ...(body ? { text: body } : {}), attachments },
      );
      dispatch({ kind: 'local.message_saved', message });
      setText('');
      setFile(null);
      setLibraryFile(null);
      uploaded.current = null;
      setPopup(null);
    } catch (err) {
      notify('error', errorText(err));
      if (err instanceof ApiError && err.code === 'window_closed') props.onWindowClosed?.();
    } finally {
      setSending(false);
      area.current?.focus();
    }
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
  const attached = libraryFile ?? file;
  return (
    <>
      <form
        class={`composer${note ? ' composer-note' : ''}`}
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        {popup && suggestions.length > 0 ? (
          <ul
            class="suggestions"
            id={listId}
            aria-label={popup.kind === 'quick' ? t('inbox.quick_replies') : t('inbox.mention_someone')}
          >
            {suggestions.map((s, i) => (
              <li key={s.id}>
                <button
                  type="button"
                  tabIndex={-1}
                  class={i === active ? 'suggestion suggestion-active' : 'suggestion'}
                  aria-current={i === active ? 'true' : undefined}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    void choose(s);
                  }}
                >
                  <strong>{popup.kind === 'mention' ? `@${s.label}` : s.label}</strong>
                  {s.hint ? <span class="muted">{s.hint}</span> : null}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {popup?.kind === 'quick' && suggestions.length === 0 ? (
          <p class="suggestions suggestions-empty" role="status">
            {t('inbox.no_quick_replies')}
          </p>
        ) : null}
        {emoji ? (
          <fieldset class="emoji-picker">
            <legend class="visually-hidden">{t('inbox.emoji')}</legend>
            {EMOJIS.map((e) => (
              <button
                key={e}
                type="button"
                class="emoji"
                aria-label={e}
                onClick={() => {
                  insert(e);
                  setEmoji(false);
                }}
              >
                {e}
              </button>
            ))}
          </fieldset>
        ) : null}
        {attached && !note ? (
          <div class="composer-file">
            <Icon name="file" size={18} />
            <span>{attached.name}</span>
            <span class="muted">{bytes(attached.size)}</span>
            <button
              type="button"
              class="icon-btn"
              aria-label={t('inbox.remove_file', { name: attached.name })}
              onClick={() => {
                setFile(null);
                setLibraryFile(null);
                uploaded.current = null;
              }}
            >
              <Icon name="close" size={18} />
            </button>
          </div>
        ) : null}
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
        <div class="composer-tools">
          <button
            type="button"
            class={`btn btn-small ${note ? 'btn-note' : 'btn-ghost'}`}
            aria-pressed={note}
            onClick={() => {
              setNote(!note);
              setPopup(null);
              area.current?.focus();
            }}
          >
            <Icon name="lock" size={16} />
            {t('inbox.private_note')}
          </button>
          {mayAttach && !note ? (
            <>
              <input
                ref={fileRef}
                type="file"
                class="visually-hidden"
                id="composer-file"
                tabIndex={-1}
                aria-hidden="true"
                onChange={(e) => {
                  const input = e.currentTarget as HTMLInputElement;
                  const chosen = input.files?.[0] ?? null;
                  input.value = '';
                  if (chosen) {
                    setFile(chosen);
                    setLibraryFile(null);
                  }
                  area.current?.focus();
                }}
              />
              <button
                type="button"
                class="icon-btn"
                aria-label={t('inbox.attach')}
                title={t('inbox.attach')}
                onClick={() => fileRef.current?.click()}
              >
                <Icon name="paperclip" />
              </button>
              <button
                type="button"
                class="icon-btn"
                aria-label={t('inbox.library.open')}
                title={t('inbox.library.open')}
                onClick={() => setLibrary(true)}
              >
                <Icon name="doc" />
              </button>
            </>
          ) : null}
          <button
            type="button"
            class="icon-btn"
            aria-label={t('inbox.emoji')}
            title={t('inbox.emoji')}
            aria-expanded={emoji}
            onClick={() => setEmoji(!emoji)}
          >
            <Icon name="smile" />
          </button>
          {mayQuick && !note ? (
            <button
              type="button"
              class="icon-btn"
              aria-label={t('inbox.quick_replies')}
              title={t('inbox.quick_replies_hint')}
              onClick={() => {
                setText('/');
                setPopup({ kind: 'quick', query: '' });
                focusAt(1);
              }}
            >
              <span aria-hidden="true" class="slash">
                /
              </span>
            </button>
          ) : null}
          <button
            type="submit"
            class="btn btn-primary btn-small composer-send"
            disabled={sending || (!text.trim() && !attached)}
            aria-busy={sending || undefined}
          >
            {sending ? <span class="spinner" aria-hidden="true" /> : <Icon name="send" size={18} />}
            {note ? t('inbox.add_note') : t('inbox.send')}
          </button>
        </div>
      </form>
      {library ? (
        <LibraryPicker
          onClose={() => setLibrary(false)}
          onPick={(picked) => {
            setLibraryFile(picked);
            setFile(null);
            uploaded.current = null;
            setLibrary(false);
            area.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}

const drafts = new Map<string, string>();
