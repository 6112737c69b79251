import { t } from '../../i18n';

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

/** The emoji panel under the composer: a click inserts one. */
export function EmojiPicker(props: { onPick: (emoji: string) => void }) {
  return (
    <fieldset class="emoji-picker">
      <legend class="visually-hidden">{t('inbox.emoji')}</legend>
      {EMOJIS.map((e) => (
        <button key={e} type="button" class="emoji" aria-label={e} onClick={() => props.onPick(e)}>
          {e}
        </button>
      ))}
    </fieldset>
  );
}
