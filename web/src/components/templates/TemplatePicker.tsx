import { useMemo } from 'preact/hooks';
import type { Template } from '../../api/types';
import { t, tOr } from '../../i18n';
import { Badge, TextField } from '../ui';
import { previewParts, sendable, statusTone, templateVariables, variableKeys } from './templates';

function Preview(props: { body: string; values: Record<string, string> }) {
  return (
    <div class="template-preview">
      <h3>{t('inbox.templates.preview')}</h3>
      <p class="msg-bubble template-preview-bubble">
        {previewParts(props.body, props.values).map((part, i) =>
          'text' in part ? (
            part.text
          ) : part.value ? (
            <mark key={i}>{part.value}</mark>
          ) : (
            <span key={i} class="template-missing">{`{{${part.variable}}}`}</span>
          ),
        )}
      </p>
    </div>
  );
}

/**
 * Choosing one of a WhatsApp number's templates (OUT-3): the templates with Meta's status (only
 * sendable ones can be chosen), then the chosen one's variables and a preview of what the contact
 * reads. The screen holding it keeps the choice and the values, and sends.
 */
export function TemplatePicker(props: {
  templates: Template[];
  chosen: Template | null;
  onChoose: (template: Template) => void;
  values: Record<string, string>;
  onValues: (values: Record<string, string>) => void;
  /** Variable → its message. */
  errors: Record<string, string>;
  /** The choice's own message (e.g. none chosen). */
  choiceError?: string | undefined;
}) {
  const { chosen, values } = props;
  const keys = useMemo(() => variableKeys(templateVariables(chosen?.body ?? '')), [chosen?.body]);
  return (
    <>
      <fieldset class="plain-fieldset">
        <legend>{t('inbox.templates.choose')}</legend>
        <ul class="template-list">
          {props.templates.map((x) => {
            const ok = sendable(x);
            const hint = `template-${x.id}-hint`;
            return (
              <li key={x.id} class={`template-option${ok ? '' : ' template-option-off'}`}>
                <input
                  type="radio"
                  name="template"
                  id={`template-${x.id}`}
                  checked={x.id === chosen?.id}
                  disabled={!ok}
                  aria-describedby={props.choiceError ? `${hint} template-choice-error` : hint}
                  onChange={() => props.onChoose(x)}
                />
                <label for={`template-${x.id}`}>
                  <span class="template-name">{x.name}</span>
                  {x.language ? <span class="muted">· {x.language}</span> : null}
                </label>
                <Badge tone={statusTone(x.status)}>
                  {tOr(`inbox.templates.statuses.${x.status.toLowerCase()}`, x.status)}
                </Badge>
                <p class="field-hint template-body" id={hint}>
                  {x.body ?? ''}
                  {!ok && x.reason ? ` (${x.reason})` : ''}
                </p>
              </li>
            );
          })}
        </ul>
        {props.choiceError ? (
          <p class="field-error" id="template-choice-error">
            {props.choiceError}
          </p>
        ) : null}
      </fieldset>
      {chosen?.body ? (
        <div class="template-form">
          {keys.length ? (
            <fieldset class="plain-fieldset">
              <legend>{t('inbox.templates.variables')}</legend>
              {keys.map((key) => (
                <TextField
                  key={`${chosen.id}-${key}`}
                  id={`template-var-${key}`}
                  label={t('inbox.templates.variable', { name: `{{${key}}}` })}
                  value={values[key] ?? ''}
                  onValue={(v) => props.onValues({ ...values, [key]: v })}
                  error={props.errors[key]}
                />
              ))}
            </fieldset>
          ) : (
            <p class="muted">{t('inbox.templates.no_variables')}</p>
          )}
          <Preview body={chosen.body} values={values} />
        </div>
      ) : null}
    </>
  );
}
