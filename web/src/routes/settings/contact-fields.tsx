import { useState } from 'preact/hooks';
import { endpoints, pageOf } from '../../api/endpoints';
import type { ContactField, ContactFieldType } from '../../api/types';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import {
  Badge,
  Button,
  CheckboxField,
  EmptyState,
  PageHeader,
  SelectField,
  Spinner,
  TextField,
} from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { notify } from '../../state/toasts';

export const FIELD_TYPES: ContactFieldType[] = [
  'text',
  'number',
  'date',
  'list',
  'boolean',
  'email',
  'phone',
];

/** One option per line, trimmed, without empty lines. */
export function parseOptions(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A key suggested from a label: lowercase ASCII letters, digits and `_`, starting with a letter. */
export function suggestKey(label: string): string {
  const plain = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '');
  return plain.slice(0, 40);
}

function NewField(props: { onCreated: () => void }) {
  const [label, setLabel] = useState('');
  const [key, setKey] = useState('');
  const [keyEdited, setKeyEdited] = useState(false);
  const [type, setType] = useState<ContactFieldType>('text');
  const [options, setOptions] = useState('');
  const { busy, error, fieldErrors, submit } = useSubmit();

  async function create(e: Event) {
    e.preventDefault();
    await submit(async () => {
      const field = await endpoints.createContactField({
        key: key.trim(),
        label: label.trim(),
        type,
        options: type === 'list' ? parseOptions(options) : [],
      });
      notify('success', t('contact_fields.created', { label: field.label }));
      setLabel('');
      setKey('');
      setKeyEdited(false);
      setOptions('');
      props.onCreated();
    });
  }

  return (
    <form class="card" onSubmit={create} noValidate aria-labelledby="new-field-title">
      <h2 id="new-field-title">{t('contact_fields.new')}</h2>
      <ErrorBanner error={error} />
      <TextField
        id="field-label"
        label={t('contact_fields.label')}
        value={label}
        onValue={(value) => {
          setLabel(value);
          if (!keyEdited) setKey(suggestKey(value));
        }}
        error={fieldErrors.label}
      />
      <TextField
        id="field-key"
        label={t('contact_fields.key')}
        hint={t('contact_fields.key_hint')}
        value={key}
        onValue={(value) => {
          setKey(value);
          setKeyEdited(true);
        }}
        error={fieldErrors.key}
      />
      <SelectField
        id="field-type"
        label={t('contact_fields.type')}
        value={type}
        options={FIELD_TYPES.map((value) => ({ value, label: t(`contact_fields.types.${value}`) }))}
        onValue={(value) => setType(value as ContactFieldType)}
        error={fieldErrors.type}
      />
      {type === 'list' ? (
        <OptionsField id="field-options" value={options} onValue={setOptions} error={fieldErrors.options} />
      ) : null}
      <Button type="submit" variant="primary" busy={busy}>
        {t('contact_fields.add')}
      </Button>
    </form>
  );
}

function OptionsField(props: {
  id: string;
  value: string;
  onValue: (v: string) => void;
  error?: string | undefined;
}) {
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label for={props.id}>{t('contact_fields.options')}</label>
      <textarea
        id={props.id}
        class="input"
        rows={4}
        value={props.value}
        aria-describedby={`${props.id}-hint`}
        aria-invalid={props.error ? true : undefined}
        onInput={(e) => props.onValue((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <p class="field-hint" id={`${props.id}-hint`}>
        {t('contact_fields.options_hint')}
      </p>
      {props.error ? <p class="field-error">{props.error}</p> : null}
    </div>
  );
}

function FieldRow(props: { field: ContactField; onChanged: () => void }) {
  const f = props.field;
  const [editing, setEditing] = useState(false);
  const [label, setLabel] = useState(f.label);
  const [options, setOptions] = useState(f.options.join('\n'));
  const { busy, error, fieldErrors, submit } = useSubmit({ toast: true });

  async function save(patch: { label?: string; options?: string[]; archived?: boolean }, done: string) {
    await submit(async () => {
      await endpoints.updateContactField(f.id, patch);
      notify('success', t(done, { label: f.label }));
      setEditing(false);
      props.onChanged();
    });
  }

  if (editing) {
    return (
      <li class="row">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const patch = f.type === 'list' ? { label, options: parseOptions(options) } : { label };
            void save(patch, 'contact_fields.saved');
          }}
          noValidate
        >
          <ErrorBanner error={error} />
          <TextField
            id={`label-${f.id}`}
            label={t('contact_fields.label')}
            value={label}
            onValue={setLabel}
            error={fieldErrors.label}
          />
          {f.type === 'list' ? (
            <OptionsField
              id={`options-${f.id}`}
              value={options}
              onValue={setOptions}
              error={fieldErrors.options}
            />
          ) : null}
          <Button type="submit" variant="primary" small busy={busy}>
            {t('common.save')}
          </Button>{' '}
          <Button small onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </Button>
        </form>
      </li>
    );
  }
  return (
    <li class="row">
      <strong>{f.label}</strong>
      <code>{f.key}</code>
      <Badge>{t(`contact_fields.types.${f.type}`)}</Badge>
      {f.options.length ? <span class="muted">{f.options.join(' · ')}</span> : null}
      {f.archived_at ? <Badge>{t('contact_fields.archived')}</Badge> : null}
      <span class="row-actions">
        {f.archived_at ? (
          <Button small busy={busy} onClick={() => save({ archived: false }, 'contact_fields.restored')}>
            {t('contact_fields.restore')}
          </Button>
        ) : (
          <>
            <Button
              small
              onClick={() => setEditing(true)}
              aria-label={t('contact_fields.edit_named', { label: f.label })}
            >
              {t('common.edit')}
            </Button>
            <Button
              small
              busy={busy}
              onClick={() => save({ archived: true }, 'contact_fields.archived_done')}
              aria-label={t('contact_fields.archive_named', { label: f.label })}
            >
              {t('contact_fields.archive')}
            </Button>
          </>
        )}
      </span>
    </li>
  );
}

/** `/settings/contact-fields`: what the organization records about its contacts (CRM-2). */
export function ContactFieldsPage() {
  const [withArchived, setWithArchived] = useState(false);
  const res = useResource(
    async () => pageOf(await endpoints.contactFields(withArchived)).items,
    [withArchived],
  );
  return (
    <>
      <PageHeader title={t('contact_fields.title')} description={t('contact_fields.intro')} />
      <div class="grid-2">
        <section class="card" aria-labelledby="fields-title">
          <h2 id="fields-title">{t('contact_fields.list')}</h2>
          <CheckboxField
            id="show-archived"
            label={t('contact_fields.show_archived')}
            checked={withArchived}
            onChecked={setWithArchived}
          />
          <ErrorBanner error={res.error} />
          {!res.data ? (
            <Spinner />
          ) : res.data.length === 0 ? (
            <EmptyState>{t('contact_fields.empty')}</EmptyState>
          ) : (
            <ul class="rows" aria-labelledby="fields-title">
              {res.data.map((field) => (
                <FieldRow
                  key={`${field.id}:${field.archived_at ?? ''}`}
                  field={field}
                  onChanged={res.reload}
                />
              ))}
            </ul>
          )}
        </section>
        <NewField onCreated={res.reload} />
      </div>
    </>
  );
}
