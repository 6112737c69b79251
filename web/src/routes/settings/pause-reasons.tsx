import { useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { PauseReason } from '../../api/types';
import { ConfirmDialog } from '../../components/forms/ConfirmDialog';
import { useSubmit } from '../../components/forms/useSubmit';
import { Button, EmptyState } from '../../components/ui';
import { t } from '../../i18n';
import { loadPauseReasons } from '../../state/session';
import { app } from '../../state/store';
import { notify } from '../../state/toasts';

function ReasonRow(props: { reason: PauseReason; onDelete: () => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(props.reason.name);
  const [missing, setMissing] = useState<string | null>(null);
  const { busy, error: banner, fieldErrors, submit, reset } = useSubmit();
  const error = missing ?? fieldErrors.name ?? banner;
  const inputId = `reason-${props.reason.id}`;

  async function save(e: Event) {
    e.preventDefault();
    if (!name.trim()) {
      setMissing(t('errors.fields.required'));
      return;
    }
    setMissing(null);
    await submit(async () => {
      await endpoints.renamePauseReason(props.reason.id, name.trim());
      await loadPauseReasons();
      setEditing(false);
    });
  }

  if (editing) {
    return (
      <li class="reason">
        <form class="inline-form" onSubmit={save} noValidate>
          <label for={inputId} class="visually-hidden">
            {t('fields.name')}
          </label>
          <input
            id={inputId}
            class="input"
            value={name}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${inputId}-error` : undefined}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
          <Button type="submit" variant="primary" small busy={busy}>
            {t('common.save')}
          </Button>
          <Button
            small
            onClick={() => {
              setEditing(false);
              setName(props.reason.name);
              setMissing(null);
              reset();
            }}
          >
            {t('common.cancel')}
          </Button>
        </form>
        {error ? (
          <p class="field-error" id={`${inputId}-error`}>
            {error}
          </p>
        ) : null}
      </li>
    );
  }
  return (
    <li class="reason">
      <span class="reason-name">{props.reason.name}</span>
      <span class="row-actions">
        <Button
          small
          onClick={() => setEditing(true)}
          aria-label={t('pause_reasons.rename_named', { name: props.reason.name })}
        >
          {t('pause_reasons.rename')}
        </Button>
        <Button
          small
          variant="danger"
          onClick={props.onDelete}
          aria-label={t('pause_reasons.delete_named', { name: props.reason.name })}
        >
          {t('common.delete')}
        </Button>
      </span>
    </li>
  );
}

/** The organization's pause reasons, offered by the status switch. */
export function PauseReasonsSection() {
  const reasons = app.value.pauseReasons;
  const [name, setName] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const { busy, error: banner, fieldErrors, submit } = useSubmit();
  const error = missing ?? fieldErrors.name ?? banner;
  const [deleting, setDeleting] = useState<PauseReason | null>(null);
  const {
    busy: deleteBusy,
    error: deleteError,
    submit: submitRemoval,
    reset: clearDeleteError,
  } = useSubmit();

  async function add(e: Event) {
    e.preventDefault();
    if (!name.trim()) {
      setMissing(t('errors.fields.required'));
      return;
    }
    setMissing(null);
    await submit(async () => {
      await endpoints.createPauseReason(name.trim());
      await loadPauseReasons();
      setName('');
    });
  }

  async function remove(reason: PauseReason) {
    await submitRemoval(async () => {
      await endpoints.deletePauseReason(reason.id);
      await loadPauseReasons();
      notify('success', t('pause_reasons.deleted', { name: reason.name }));
      setDeleting(null);
    });
  }

  return (
    <section class="card" aria-labelledby="pause-reasons-title">
      <h2 id="pause-reasons-title">{t('pause_reasons.title')}</h2>
      <p class="muted">{t('pause_reasons.intro')}</p>
      {reasons.length === 0 ? (
        <EmptyState>{t('pause_reasons.empty')}</EmptyState>
      ) : (
        <ul class="reasons">
          {reasons.map((reason) => (
            <ReasonRow
              key={reason.id}
              reason={reason}
              onDelete={() => {
                clearDeleteError();
                setDeleting(reason);
              }}
            />
          ))}
        </ul>
      )}
      <form class="inline-form" onSubmit={add} noValidate>
        <label for="new-reason" class="visually-hidden">
          {t('pause_reasons.new_label')}
        </label>
        <input
          id="new-reason"
          class="input"
          placeholder={t('pause_reasons.new_label')}
          value={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'new-reason-error' : undefined}
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        />
        <Button type="submit" variant="primary" busy={busy}>
          {t('pause_reasons.add')}
        </Button>
      </form>
      {error ? (
        <p class="field-error" id="new-reason-error">
          {error}
        </p>
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t('pause_reasons.delete_title')}
          message={t('pause_reasons.delete_confirm', { name: deleting.name })}
          confirmLabel={t('common.delete')}
          danger
          busy={deleteBusy}
          error={deleteError}
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </section>
  );
}
