import type { Template } from '../../api/types';
import { SelectField, TextField } from '../../components/ui';
import { t } from '../../i18n';
import { previewTemplate, templateKey, templateSlots } from './logic';

/**
 * A small, self-contained template picker for the out-of-hours page: choose an approved
 * template and fill its variables, with a preview of what the contact reads.
 */
export function OutOfHoursTemplatePicker(props: {
  templates: Template[];
  chosen: Template | null;
  onChoose: (template: Template | null) => void;
  values: Record<string, string>;
  onValues: (values: Record<string, string>) => void;
  errors: Record<string, string>;
}) {
  const chosen = props.chosen;
  return (
    <div class="template-picker">
      <SelectField
        id="ooh-template"
        label={t('out_of_hours.template')}
        value={chosen ? templateKey(chosen) : ''}
        options={[
          { value: '', label: t('out_of_hours.pick_template') },
          ...props.templates.map((tpl) => ({
            value: templateKey(tpl),
            label: `${tpl.name} · ${tpl.language}`,
          })),
        ]}
        onValue={(v) => props.onChoose(props.templates.find((tpl) => templateKey(tpl) === v) ?? null)}
        error={props.errors.template}
      />
      {chosen ? (
        <>
          {templateSlots(chosen).map((slot) => (
            <TextField
              key={slot}
              id={`ooh-var-${slot}`}
              label={t('out_of_hours.variable', { name: `{{${slot}}}` })}
              value={props.values[slot] ?? ''}
              onValue={(v) => props.onValues({ ...props.values, [slot]: v })}
              error={props.errors[`var.${slot}`]}
            />
          ))}
          <div class="template-preview">
            <p class="field-hint">{t('out_of_hours.preview')}</p>
            <p class="template-preview-text">{previewTemplate(chosen, props.values)}</p>
          </div>
        </>
      ) : null}
    </div>
  );
}
