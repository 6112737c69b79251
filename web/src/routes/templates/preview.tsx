import { previewParts } from '../../components/templates/templates';
import { t } from '../../i18n';

/**
 * What the contact will see on WhatsApp, as the form is typed: the header in bold, the body with
 * each variable's example (or the placeholder while it has none), the footer, and the buttons.
 */
export function WhatsAppPreview(props: {
  header: string;
  body: string;
  examples: Record<string, string>;
  footer: string;
  buttons: string[];
}) {
  const buttons = props.buttons.map((b) => b.trim()).filter(Boolean);
  return (
    <section class="wa-preview" aria-labelledby="wa-preview-title">
      <h3 id="wa-preview-title">{t('templates.preview')}</h3>
      <div class="wa-preview-screen">
        <div class="wa-preview-bubble" data-testid="wa-preview">
          {props.header.trim() ? <p class="wa-preview-header">{props.header}</p> : null}
          <p class="wa-preview-body">
            {props.body.trim() ? (
              previewParts(props.body, props.examples).map((part, i) =>
                'text' in part ? (
                  part.text
                ) : part.value ? (
                  <mark key={i}>{part.value}</mark>
                ) : (
                  <span key={i} class="template-missing">{`{{${part.variable}}}`}</span>
                ),
              )
            ) : (
              <span class="muted">{t('templates.preview_empty')}</span>
            )}
          </p>
          {props.footer.trim() ? <p class="wa-preview-footer">{props.footer}</p> : null}
        </div>
        {buttons.length ? (
          <ul class="wa-preview-buttons">
            {buttons.map((b, i) => (
              <li key={i}>{b}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  );
}
