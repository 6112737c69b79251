import { useEffect, useRef, useState } from 'preact/hooks';
import { Icon } from '../../components/icons';
import { t } from '../../i18n';

export interface MoreAction {
  key: string;
  label: string;
  icon: string;
  onSelect: () => void;
}

/**
 * On a phone, the conversation's secondary actions (the bot, the contact panel) behind one
 * button, so none is pushed past the screen's edge; wider screens show them inline instead.
 */
export function ConversationMore(props: { actions: MoreAction[] }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: Event) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div class="conv-more" ref={root}>
      <button
        ref={button}
        type="button"
        class="icon-btn conv-more-button"
        aria-expanded={open}
        aria-controls="conv-more-panel"
        aria-label={t('inbox.more_actions')}
        onClick={() => setOpen(!open)}
      >
        <Icon name="more" />
      </button>
      {open ? (
        <ul class="conv-more-panel" id="conv-more-panel">
          {props.actions.map((a) => (
            <li key={a.key}>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  a.onSelect();
                }}
              >
                <Icon name={a.icon} size={18} />
                {a.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
