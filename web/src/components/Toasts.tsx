import { t } from '../i18n';
import { dismiss, toasts } from '../state/toasts';

/** The polite live region where short confirmations appear. */
export function Toasts() {
  return (
    <div class="toasts" aria-live="polite" aria-atomic="false">
      {toasts.value.map((toast) => (
        <div
          key={toast.id}
          class={`toast toast-${toast.kind}`}
          role={toast.kind === 'error' ? 'alert' : 'status'}
        >
          <span>{toast.text}</span>
          <button
            type="button"
            class="icon-btn"
            onClick={() => dismiss(toast.id)}
            aria-label={t('common.dismiss')}
          >
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
              <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            </svg>
          </button>
        </div>
      ))}
    </div>
  );
}
