import { useEffect, useState } from 'preact/hooks';
import { endpoints, itemsOf } from '../../api/endpoints';
import type { Agent } from '../../api/types';
import { t } from '../../i18n';

export interface Suggestion {
  id: string;
  label: string;
  hint?: string;
}

/** What the composer is completing: a quick reply after "/" or a colleague after "@" (in notes). */
export type Popup =
  | { kind: 'quick'; query: string }
  | { kind: 'mention'; query: string; start: number }
  | null;

/** The suggestions for the popup: colleagues by name, or the quick replies the server finds. */
export function useSuggestions(popup: Popup, agents: Agent[], meId: string | undefined) {
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
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
          setSuggestions(
            itemsOf(page)
              .slice(0, 8)
              .map((r) => ({ id: r.id, label: r.title, hint: r.text })),
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
  return { suggestions, active, setActive };
}

/** The list over the composer; a press picks without taking focus from the text. */
export function SuggestionList(props: {
  id: string;
  popup: Exclude<Popup, null>;
  suggestions: Suggestion[];
  active: number;
  onChoose: (s: Suggestion) => void;
}) {
  const { popup, suggestions, active } = props;
  if (suggestions.length === 0) {
    return popup.kind === 'quick' ? (
      <p class="suggestions suggestions-empty" role="status">
        {t('inbox.no_quick_replies')}
      </p>
    ) : null;
  }
  return (
    <ul
      class="suggestions"
      id={props.id}
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
              props.onChoose(s);
            }}
          >
            <strong>{popup.kind === 'mention' ? `@${s.label}` : s.label}</strong>
            {s.hint ? <span class="muted">{s.hint}</span> : null}
          </button>
        </li>
      ))}
    </ul>
  );
}
