import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { Button } from './ui';

/** A read-only value with a button that copies it (selecting it when the clipboard is not available). */
export function CopyField(props: { id: string; label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied(true);
    } catch {
      (document.getElementById(props.id) as HTMLInputElement | null)?.select();
    }
  }
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <div class="copy-box">
        <input
          id={props.id}
          class="input mono"
          readOnly
          value={props.value}
          onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
        />
        <Button onClick={copy} aria-label={t('common.copy_named', { name: props.label })}>
          {copied ? t('common.copied') : t('common.copy')}
        </Button>
      </div>
      <p class="visually-hidden" role="status">
        {copied ? t('common.copied') : ''}
      </p>
    </div>
  );
}
