import { useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { endpoints, itemsOf } from '../../api/endpoints';
import { fieldMessage } from '../../api/problem';
import type { Conversation, Template } from '../../api/types';
import { errorText } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { FormDialog } from '../../components/forms/FormDialog';
import { useSubmit } from '../../components/forms/useSubmit';
import { TemplatePicker } from '../../components/templates/TemplatePicker';
import {
  errorKey,
  missingVariables,
  templateSend,
  templateVariables,
  type Variables,
} from '../../components/templates/templates';
import { EmptyState, Spinner } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { language, t } from '../../i18n';
import { dispatch } from '../../state/store';
import { notify } from '../../state/toasts';

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
export function SendTemplateDialog(props: { conversation: Conversation; onClose: () => void }) {
  const c = props.conversation;
  const templates = useResource(() => endpoints.templates(c.channel_id).then(itemsOf), [c.channel_id]);
  const [chosen, setChosen] = useState<Template | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [chooseFirst, setChooseFirst] = useState(false);
  const { busy, problem, submit, reset } = useSubmit();
  const list = templates.data ?? [];
  const vars = templateVariables(chosen?.body ?? '');
  const failed = sendErrors(problem, vars);
  const errors = { ...failed.byField, ...missing };
  const formError = chooseFirst ? t('inbox.templates.choose_first') : failed.general;

  function choose(template: Template) {
    setChosen(template);
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
    for (const key of missingVariables(vars, values)) required[key] = t('errors.fields.required');
    if (Object.keys(required).length) {
      reset();
      setMissing(required);
      return;
    }
    setMissing({});
    await submit(async () => {
      const message = await endpoints.sendTemplate(c.id, templateSend(chosen, values));
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
        <TemplatePicker
          templates={list}
          chosen={chosen}
          onChoose={choose}
          values={values}
          onValues={setValues}
          errors={errors}
        />
      ) : null}
    </FormDialog>
  );
}
