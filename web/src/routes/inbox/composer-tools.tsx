import type { ComponentChildren } from 'preact';
import { Icon } from '../../components/icons';
import { t } from '../../i18n';

/** The row under the composer's text: private note, attachments, emoji, quick replies and send. */
export function ComposerTools(props: {
  note: boolean;
  onNote: () => void;
  /** The attach buttons, when attaching is allowed here. */
  attach: ComponentChildren;
  emoji: boolean;
  onEmoji: () => void;
  /** Starts a quick reply; null when quick replies are not offered. */
  onQuick: (() => void) | null;
  sending: boolean;
  canSend: boolean;
}) {
  const { note, emoji, sending } = props;
  return (
    <div class="composer-tools">
      <button
        type="button"
        class={`btn btn-small ${note ? 'btn-note' : 'btn-ghost'}`}
        aria-pressed={note}
        onClick={props.onNote}
      >
        <Icon name="lock" size={16} />
        <span class="composer-tool-label">{t('inbox.private_note')}</span>
      </button>
      {props.attach}
      <button
        type="button"
        class="icon-btn"
        aria-label={t('inbox.emoji')}
        title={t('inbox.emoji')}
        aria-expanded={emoji}
        onClick={props.onEmoji}
      >
        <Icon name="smile" />
      </button>
      {props.onQuick ? (
        <button
          type="button"
          class="icon-btn"
          aria-label={t('inbox.quick_replies')}
          title={t('inbox.quick_replies_hint')}
          onClick={props.onQuick}
        >
          <span aria-hidden="true" class="slash">
            /
          </span>
        </button>
      ) : null}
      <button
        type="submit"
        class="btn btn-primary btn-small composer-send"
        disabled={sending || !props.canSend}
        aria-busy={sending || undefined}
      >
        {sending ? <span class="spinner" aria-hidden="true" /> : <Icon name="send" size={18} />}
        {note ? t('inbox.add_note') : t('inbox.send')}
      </button>
    </div>
  );
}
