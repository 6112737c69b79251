import { useMemo, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { endpoints, itemsOf } from '../../api/endpoints';
import { fieldMessage } from '../../api/problem';
import type { Conversation, Template } from '../../api/types';
import { errorText } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { FormDialog } from '../../components/forms/FormDialog';
import { useSubmit } from '../../components/forms/useSubmit';
import { Badge, EmptyState, Spinner, TextField } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { language, t, tOr } from '../../i18n';
import { dispatch } from '../../state/store';
import { notify } from '../../state/toasts';
import {
  errorKey,
  previewParts,
  sendable,
  templateParameters,
  templateVariables,
  type Variables,
  variableKeys,
} from './templates';

function statusTone(status: string): 'success' | 'warning' | 'danger' | 'neutral' {
  const s = status.toUpperCase();
  if (s === 'APPROVED') return 'success';
  if (s === 'REJECTED' || s === 'DISABLED' || s === 'PAUSED') return 'danger';
  if (s === 'PENDING' || s === 'IN_APPEAL') return 'warning';
  return 'neutral';
}

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

/** A failed send's messages: by variable, and one for the banner (the template's own, else the call's). */
function sendErrors(
  problem: unknown,
  vars: Variables,
): { byField: Record<string, string>; general: string | null } {
  const byField: Record<string, string> = {};
  if (!problem) return { byField, general: null };
  let general: string | null = null;
  if (problem instanceof ApiError && problem.problem.errors?.length) {
    for (const item of problem.problem.errors) {
      const key = errorKey(item, vars);
      const text = fieldMessage(item, language.value);
      if (key === 'template.parameters' || key === 'template.name' || key === 'template') general ??= text;
      else byField[key] ??= text;
    }
  }
  return { byField, general: general ?? (Object.keys(byField).length ? null : errorText(problem)) };
}

/** OUT-3: reaching a WhatsApp contact whose 24-hour window closed, with one of the number's templates. */
export function TemplatePicker(props: { conversation: Conversation; onClose: () => void }) {
  const c = props.conversation;
  const templates = useResource(() => endpoints.templates(c.channel_id).then(itemsOf), [c.channel_id]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [chooseFirst, setChooseFirst] = useState(false);
  const { busy, problem, submit, reset } = useSubmit();
  const list = templates.data ?? [];
  const chosen = list.find((x) => x.id === chosenId) ?? null;
  const vars: Variables = useMemo(
    () => (chosen?.body ? templateVariables(chosen.body) : { kind: 'positional', count: 0 }),
    [chosen?.body],
  );
  const failed = sendErrors(problem, vars);
  const errors = { ...failed.byField, ...missing };
  const formError = chooseFirst ? t('inbox.templates.choose_first') : failed.general;

  function choose(template: Template) {
    setChosenId(template.id);
    setValues({});
    setMissing({});
    setChooseFirst(false);
    reset();
  }

  async function send() {
    if (!chosen) {
      setChooseFirst(true);
      return;
    }
    const required: Record<string, string> = {};
    for (const key of variableKeys(vars)) {
      if (!(values[key] ?? '').trim()) required[key] = t('errors.fields.required');
    }
    if (Object.keys(required).length) {
      reset();
      setMissing(required);
      return;
    }
    setMissing({});
    await submit(async () => {
      const message = await endpoints.sendTemplate(c.id, {
        name: chosen.name,
        language: chosen.language,
        parameters: templateParameters(vars, values),
      });
      dispatch({ kind: 'local.message_saved', message });
      notify('success', t('inbox.templates.sent', { name: chosen.name }));
      props.onClose();
    });
  }

  return (
    <FormDialog
      title={t('inbox.templates.title')}
      wide
      onClose={props.onClose}
      onSubmit={send}
      busy={busy}
      submitDisabled={!chosen}
      submitLabel={t('inbox.templates.send')}
    >
      <p class="muted">{t('inbox.templates.intro')}</p>
      <ErrorBanner error={templates.error} />
      <ErrorBanner error={formError} />
      {templates.loading && !templates.data ? <Spinner /> : null}
      {templates.data && list.length === 0 ? <EmptyState>{t('inbox.templates.empty')}</EmptyState> : null}
      {list.length > 0 ? (
        <fieldset class="plain-fieldset">
          <legend>{t('inbox.templates.choose')}</legend>
          <ul class="template-list">
            {list.map((x) => {
              const ok = sendable(x);
              const hint = `template-${x.id}-hint`;
              return (
                <li key={x.id} class={`template-option${ok ? '' : ' template-option-off'}`}>
                  <input
                    type="radio"
                    name="template"
                    id={`template-${x.id}`}
                    checked={x.id === chosenId}
                    disabled={!ok}
                    aria-describedby={hint}
                    onChange={() => choose(x)}
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
        </fieldset>
      ) : null}
      {chosen?.body ? (
        <div class="template-form">
          {variableKeys(vars).length ? (
            <fieldset class="plain-fieldset">
              <legend>{t('inbox.templates.variables')}</legend>
              {variableKeys(vars).map((key) => (
                <TextField
                  key={`${chosen.id}-${key}`}
                  id={`template-var-${key}`}
                  label={t('inbox.templates.variable', { name: `{{${key}}}` })}
                  value={values[key] ?? ''}
                  onValue={(v) => setValues({ ...values, [key]: v })}
                  error={errors[key]}
                />
              ))}
            </fieldset>
          ) : (
            <p class="muted">{t('inbox.templates.no_variables')}</p>
          )}
          <Preview body={chosen.body} values={values} />
        </div>
      ) : null}
    </FormDialog>
  );
}
