import { useEffect, useRef, useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { LibraryFile } from '../../api/types';
import { bytes, when } from '../../components/format';
import { ConfirmDialog } from '../../components/forms/ConfirmDialog';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { Icon } from '../../components/icons';
import { LoadMore } from '../../components/LoadMore';
import { Button, EmptyState, PageHeader, Spinner } from '../../components/ui';
import { t } from '../../i18n';
import { app } from '../../state/store';
import { notify } from '../../state/toasts';

/** Files a browser can show in a tab (the server sends the rest as downloads). */
export function previewable(contentType: string): boolean {
  return (
    (/^(image|audio|video)\//.test(contentType) && contentType !== 'image/svg+xml') ||
    contentType === 'application/pdf'
  );
}

/** `/settings/files`: the organization's file library (CONV-9): upload, open, take out. */
export function FilesPage() {
  const [items, setItems] = useState<LibraryFile[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { busy: uploading, submit: submitUpload } = useSubmit({ toast: true });
  const { busy: more, submit: loadPage } = useSubmit({ toast: true });
  const [deleting, setDeleting] = useState<LibraryFile | null>(null);
  const { busy: deleteBusy, submit: submitRemoval } = useSubmit({ toast: true });
  const picker = useRef<HTMLInputElement>(null);
  const reloads = app.value.reloads;

  async function load(after: string | null) {
    const page = await endpoints.library(after);
    setItems((previous) => (after ? [...(previous ?? []), ...page.items] : page.items));
    setNext(page.next ?? null);
  }

  useEffect(() => {
    setError(null);
    load(null).catch(setError);
  }, [reloads]);

  async function upload(files: FileList | null) {
    if (!files?.length) return;
    await submitUpload(async () => {
      for (const file of Array.from(files)) {
        await endpoints.uploadFile(file, true);
        notify('success', t('files.uploaded', { name: file.name }));
      }
      await load(null);
    });
    if (picker.current) picker.current.value = '';
  }

  async function loadMore() {
    await loadPage(async () => {
      await load(next);
    });
  }

  async function remove(file: LibraryFile) {
    await submitRemoval(async () => {
      await endpoints.removeFromLibrary(file.id);
      setItems((previous) => (previous ?? []).filter((f) => f.id !== file.id));
      setDeleting(null);
      notify('success', t('files.deleted', { name: file.name }));
    });
  }

  return (
    <>
      <PageHeader
        title={t('files.title')}
        description={t('files.intro')}
        actions={
          <>
            <input
              ref={picker}
              id="files-upload"
              type="file"
              multiple
              tabIndex={-1}
              aria-label={t('files.upload')}
              class="visually-hidden"
              onChange={(e) => void upload((e.currentTarget as HTMLInputElement).files)}
            />
            <Button variant="primary" busy={uploading} onClick={() => picker.current?.click()}>
              <Icon name="paperclip" size={18} />
              {t('files.upload')}
            </Button>
          </>
        }
      />
      <ErrorBanner error={error} />
      <section class="card" aria-labelledby="files-list">
        <h2 id="files-list">{t('files.list')}</h2>
        {!items ? (
          error ? null : (
            <Spinner />
          )
        ) : items.length === 0 ? (
          <EmptyState>{t('files.empty')}</EmptyState>
        ) : (
          <ul class="rows">
            {items.map((f) => (
              <li key={f.id} class="row file-row">
                {previewable(f.content_type) && f.content_type.startsWith('image/') ? (
                  <img class="file-thumb" src={f.url} alt="" loading="lazy" />
                ) : (
                  <Icon name="file" />
                )}
                <div class="row-text">
                  <a class="row-title" href={f.url} target="_blank" rel="noopener">
                    {f.name}
                  </a>
                  <span class="muted">
                    {f.content_type} · {bytes(f.size)} · {when(f.created_at)}
                  </span>
                </div>
                <div class="row-actions">
                  <a class="btn btn-secondary btn-small" href={f.url} download={f.name}>
                    {t('files.download')}
                    <span class="visually-hidden"> {f.name}</span>
                  </a>
                  <Button small variant="ghost" onClick={() => setDeleting(f)}>
                    {t('common.delete')}
                    <span class="visually-hidden"> {f.name}</span>
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
        <LoadMore hasMore={Boolean(next)} busy={more} onLoad={loadMore} />
      </section>
      {deleting ? (
        <ConfirmDialog
          title={t('files.delete_title')}
          message={t('files.delete_confirm', { name: deleting.name })}
          confirmLabel={t('common.delete')}
          danger
          busy={deleteBusy}
          onClose={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        />
      ) : null}
    </>
  );
}
