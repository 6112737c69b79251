import { Modal } from '../../components/Modal';
import { Button } from '../../components/ui';
import { t } from '../../i18n';

/** Whether the keystroke was typed into a field (shortcuts then stay out of the way). */
export function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

export const SHORTCUTS: { keys: string[]; label: string }[] = [
  { keys: ['j', '↓'], label: 'inbox.shortcuts.next' },
  { keys: ['k', '↑'], label: 'inbox.shortcuts.previous' },
  { keys: ['Enter'], label: 'inbox.shortcuts.open' },
  { keys: ['/'], label: 'inbox.shortcuts.search' },
  { keys: ['Esc'], label: 'inbox.shortcuts.back' },
  { keys: ['?'], label: 'inbox.shortcuts.help' },
];

export function ShortcutsDialog(props: { onClose: () => void }) {
  return (
    <Modal
      title={t('inbox.shortcuts.title')}
      onClose={props.onClose}
      footer={
        <Button variant="primary" onClick={props.onClose}>
          {t('common.close')}
        </Button>
      }
    >
      <dl class="shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.label}>
            <dt>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 ? ` ${t('inbox.shortcuts.or')} ` : null}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{t(s.label)}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
