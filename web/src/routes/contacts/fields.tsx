import type { ContactField } from '../../api/types';
import { num } from '../../components/format';
import { CheckboxField, SelectField, TextField } from '../../components/ui';
import { language, t } from '../../i18n';
import { formatDate } from '../../i18n/format';

/** A stored value as people read it: numbers and dates in their language, yes / no. */
export function showFieldValue(field: ContactField, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'boolean') return value ? t('contact_fields.yes') : t('contact_fields.no');
  if (field.type === 'number' && typeof value === 'number') return num(value);
  // A calendar day, not an instant: read at noon UTC so no time zone moves it.
  if (field.type === 'date' && typeof value === 'string')
    return formatDate(`${value}T12:00:00Z`, language.value, 'UTC');
  return String(value);
}

/** What the edit form holds for a value: text for inputs, a boolean for checkboxes. */
export type Draft = string | boolean;

export function draftOf(field: ContactField, value: unknown): Draft {
  if (field.type === 'boolean') return value === true;
  return value === null || value === undefined ? '' : String(value);
}

/** The value to send: `null` clears, numbers as numbers, everything else as typed. */
export function sentValue(field: ContactField, draft: Draft): unknown {
  if (field.type === 'boolean') return draft === true;
  const text = String(draft).trim();
  if (!text) return null;
  if (field.type === 'number') {
    const parsed = Number(text.replace(',', '.'));
    return Number.isFinite(parsed) ? parsed : text;
  }
  return text;
}

/** The input that fits a field's type. */
export function FieldInput(props: {
  field: ContactField;
  draft: Draft;
  onDraft: (draft: Draft) => void;
  error?: string | undefined;
}) {
  const { field, draft, onDraft, error } = props;
  const id = `contact-field-${field.key}`;
  if (field.type === 'boolean') {
    return <CheckboxField id={id} label={field.label} checked={draft === true} onChecked={onDraft} />;
  }
  if (field.type === 'list') {
    const options = [
      { value: '', label: t('contact_fields.no_value') },
      ...field.options.map((o) => ({ value: o, label: o })),
    ];
    return (
      <SelectField
        id={id}
        label={field.label}
        value={String(draft)}
        options={options}
        onValue={onDraft}
        error={error}
      />
    );
  }
  const inputTypes: Partial<Record<ContactField['type'], 'number' | 'date' | 'email' | 'tel'>> = {
    number: 'number',
    date: 'date',
    email: 'email',
    phone: 'tel',
  };
  const inputType = inputTypes[field.type] ?? 'text';
  return (
    <TextField
      id={id}
      label={field.label}
      type={inputType}
      value={String(draft)}
      onValue={onDraft}
      error={error}
      {...(field.type === 'number' ? { step: 'any' } : {})}
    />
  );
}

/** The comparison a list filter makes for a field: text-like values match inside, others equal. */
export function filterOp(field: ContactField): 'contains' | 'eq' {
  return ['text', 'email', 'phone'].includes(field.type) ? 'contains' : 'eq';
}

/** The contacts list's filter by one custom field. */
export function FieldFilter(props: {
  fields: ContactField[];
  fieldKey: string;
  value: string;
  onField: (key: string) => void;
  onValue: (value: string) => void;
}) {
  const chosen = props.fields.find((f) => f.key === props.fieldKey);
  const options = [
    { value: '', label: t('contact_fields.any_field') },
    ...props.fields.map((f) => ({ value: f.key, label: f.label })),
  ];
  return (
    <>
      <SelectField
        id="contacts-field"
        label={t('contact_fields.filter_field')}
        value={props.fieldKey}
        options={options}
        onValue={props.onField}
      />
      {chosen?.type === 'boolean' ? (
        <SelectField
          id="contacts-field-value"
          label={chosen.label}
          value={props.value}
          options={[
            { value: '', label: t('contact_fields.no_value') },
            { value: 'true', label: t('contact_fields.yes') },
            { value: 'false', label: t('contact_fields.no') },
          ]}
          onValue={props.onValue}
        />
      ) : chosen ? (
        <FieldInput field={chosen} draft={props.value} onDraft={(d) => props.onValue(String(d))} />
      ) : null}
    </>
  );
}
