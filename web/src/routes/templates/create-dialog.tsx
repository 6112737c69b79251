import { useState } from 'preact/hooks';
import { outbound } from '../../api/outbound';
import type { Template } from '../../api/types';
import { errorFields } from '../../components/format';
import { FormDialog } from '../../components/forms/FormDialog';
import { useSubmit } from '../../components/forms/useSubmit';
import { TextAreaField } from '../../components/TextAreaField';
import { SelectField, TextField } from '../../components/ui';
import { t } from '../../i18n';
import {
  CATEGORIES,
  type Draft,
  EMPTY_DRAFT,
  exampleKeys,
  formErrors,
  LANGUAGES,
  toComponents,
} from './draft';
import { WhatsAppPreview } from './preview';

/** A new template for one WhatsApp number's business account, with a live preview (OUT-1). */
export function CreateTemplateDialog(props: {
  channelId: string;
  onCreated: (template: Template) => void;
  onClose: () => void;
}) {
  const [d, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const set = (patch: Partial<Draft>) => setDraft({ ...d, ...patch });
  const built = toComponents(d);
  const { busy, problem, fieldErrors, submit } = useSubmit({
    fields: (p) => formErrors(errorFields(p), built.fields),
  });
  const keys = exampleKeys(d.body);

  async function save() {
    await submit(async () => {
      const created = await outbound.createTemplate({
        channel_id: props.channelId,
        name: d.name.trim(),
        language: d.language,
        category: d.category,
        components: built.components,
      });
      props.onCreated(created);
    });
  }

  return (
    <FormDialog
      title={t('templates.create_title')}
      onClose={props.onClose}
      onSubmit={save}
      wide
      busy={busy}
      submitLabel={t('templates.submit')}
      error={problem}
    >
      <div class="template-create">
        <div class="template-create-fields">
          <TextField
            id="tpl-name"
            label={t('templates.name')}
            hint={t('templates.name_hint')}
            value={d.name}
            onValue={(name) => set({ name })}
            error={fieldErrors.name}
          />
          <SelectField
            id="tpl-language"
            label={t('templates.language')}
            value={d.language}
            options={LANGUAGES.map((code) => ({ value: code, label: code }))}
            onValue={(language) => set({ language })}
            error={fieldErrors.language}
          />
          <SelectField
            id="tpl-category"
            label={t('templates.category')}
            value={d.category}
            options={CATEGORIES.map((c) => ({
              value: c,
              label: t(`templates.categories.${c.toLowerCase()}`),
            }))}
            onValue={(category) => set({ category })}
            error={fieldErrors.category}
          />
          <TextField
            id="tpl-header"
            label={t('templates.header')}
            hint={t('templates.header_hint')}
            value={d.header}
            onValue={(header) => set({ header })}
            error={fieldErrors.header}
          />
          <TextAreaField
            id="tpl-body"
            label={t('templates.body')}
            hint={t('templates.body_hint')}
            value={d.body}
            onValue={(body) => set({ body })}
            error={fieldErrors.body}
            rows={5}
          />
          {keys.length ? (
            <fieldset class="plain-fieldset">
              <legend>{t('templates.examples')}</legend>
              {keys.map((key) => (
                <TextField
                  key={key}
                  id={`tpl-example-${key}`}
                  label={t('templates.example_of', { name: `{{${key}}}` })}
                  value={d.examples[key] ?? ''}
                  onValue={(v) => set({ examples: { ...d.examples, [key]: v } })}
                />
              ))}
              {fieldErrors.examples ? <p class="field-error">{fieldErrors.examples}</p> : null}
            </fieldset>
          ) : null}
          <TextField
            id="tpl-footer"
            label={t('templates.footer')}
            value={d.footer}
            onValue={(footer) => set({ footer })}
            error={fieldErrors.footer}
          />
          <fieldset class="plain-fieldset">
            <legend>{t('templates.buttons')}</legend>
            {d.buttons.map((label, i) => (
              <TextField
                key={i}
                id={`tpl-button-${i}`}
                label={t('templates.button_n', { n: i + 1 })}
                value={label}
                onValue={(v) => set({ buttons: d.buttons.map((b, j) => (j === i ? v : b)) })}
              />
            ))}
            {fieldErrors.buttons ? <p class="field-error">{fieldErrors.buttons}</p> : null}
          </fieldset>
        </div>
        <WhatsAppPreview
          header={d.header}
          body={d.body}
          examples={d.examples}
          footer={d.footer}
          buttons={d.buttons}
        />
      </div>
    </FormDialog>
  );
}
