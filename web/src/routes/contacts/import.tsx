import { useEffect, useState } from 'preact/hooks';
import { type ContactImport, contactImports, importRunning } from '../../api/contact-imports';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { Modal } from '../../components/Modal';
import { Alert, Button, Field } from '../../components/ui';
import { t } from '../../i18n';

/** How often a running import's progress is read again. */
const POLL_MS = 1000;

/** Why a whole file was refused, in the import's own words (its columns differ from a broadcast's). */
export function importErrorText(code: string): string {
  const own = t(`contact_imports.errors.${code}`);
  return own === `contact_imports.errors.${code}` ? t(`errors.${code}`) : own;
}

function Progress(props: { job: ContactImport }) {
  const j = props.job;
  if (j.status === 'queued') return <p role="status">{t('contact_imports.queued')}</p>;
  if (j.status === 'running') return <p role="status">{t('contact_imports.running', { rows: j.rows })}</p>;
  if (j.status === 'failed') {
    return (
      <Alert kind="error">
        {t('contact_imports.failed')} {j.error ? importErrorText(j.error.code) : ''}{' '}
        {j.error?.detail ? <span class="muted">{j.error.detail}</span> : null}
      </Alert>
    );
  }
  const counts = { rows: j.rows, created: j.created, updated: j.updated, failed: j.failed_rows };
  return <Alert kind={j.failed_rows ? 'warning' : 'success'}>{t('contact_imports.done', counts)}</Alert>;
}

function FailedRows(props: { job: ContactImport }) {
  const rows = props.job.failed;
  if (!rows.length) return null;
  return (
    <div class="table-scroll">
      <table class="table" aria-label={t('contact_imports.failed_rows')}>
        <thead>
          <tr>
            <th>{t('contact_imports.row')}</th>
            <th>{t('contact_imports.column')}</th>
            <th>{t('contact_imports.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.row}-${r.column}`}>
              <td>{r.row}</td>
              <td>{r.column}</td>
              <td>{r.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.job.failed_rows > rows.length ? (
        <p class="muted">
          {t('contact_imports.more_failed', { shown: rows.length, total: props.job.failed_rows })}
        </p>
      ) : null}
    </div>
  );
}

/** Reads the import again until it is done or failed. */
function usePolled(id: string | null): [ContactImport | null, unknown] {
  const [job, setJob] = useState<ContactImport | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const next = await contactImports.get(id);
        if (stopped) return;
        setJob(next);
        if (importRunning(next)) timer = setTimeout(read, POLL_MS);
      } catch (err) {
        if (!stopped) setError(err);
      }
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id]);
  return [job, error];
}

/** Upload a sheet, watch it being read, and read why rows were left out. */
export function ImportDialog(props: { onClose: () => void; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [id, setId] = useState<string | null>(null);
  const { busy, error, fieldErrors, submit } = useSubmit();
  const [job, pollError] = usePolled(id);
  const finished = job !== null && !importRunning(job);
  useEffect(() => {
    if (finished) props.onImported();
  }, [finished]);

  function start() {
    if (!file) return;
    void submit(async () => {
      const queued = await contactImports.start(file);
      setId(queued.id);
    });
  }

  return (
    <Modal
      title={t('contact_imports.import')}
      onClose={props.onClose}
      wide
      onSubmit={id ? undefined : start}
      footer={
        id ? (
          <Button onClick={props.onClose}>{t('contact_imports.close')}</Button>
        ) : (
          <Button type="submit" variant="primary" busy={busy} disabled={!file}>
            {t('contact_imports.start')}
          </Button>
        )
      }
    >
      <p class="muted">{t('contact_imports.import_intro')}</p>
      {id ? null : (
        <Field id="contact-import-file" label={t('contact_imports.file')} error={fieldErrors.file}>
          {(aria) => (
            <input
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
              {...aria}
            />
          )}
        </Field>
      )}
      <ErrorBanner error={error ?? pollError} />
      {job ? <Progress job={job} /> : null}
      {job ? <FailedRows job={job} /> : null}
    </Modal>
  );
}
