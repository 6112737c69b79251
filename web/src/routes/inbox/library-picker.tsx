import { useEffect, useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { LibraryFile } from '../../api/types';
import { bytes } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { Icon } from '../../components/icons';
import { LoadMore } from '../../components/LoadMore';
import { Modal } from '../../components/Modal';
import { Button, EmptyState, Spinner } from '../../components/ui';
import { t } from '../../i18n';

/** CONV-9: choose a file of the organization's library to attach to a reply. */
export function LibraryPicker(props: { onPick: (file: LibraryFile) => void; onClose: () => void }) {
  const [items, setItems] = useState<LibraryFile[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { busy: more, submit: loadPage } = useSubmit({ onFailure: setError });

  async function load(after: string | null) {
    const page = await endpoints.library(after);
    setItems((previous) => (after ? [...(previous ?? []), ...page.items] : page.items));
    setNext(page.next ?? null);
  }

  useEffect(() => {
    load(null).catch(setError);
  }, []);

  return (
    <Modal
      title={t('inbox.library.title')}
      onClose={props.onClose}
      footer={<Button onClick={props.onClose}>{t('common.cancel')}</Button>}
    >
      <ErrorBanner error={error} />
      {!items && !error ? <Spinner /> : null}
      {items?.length === 0 ? <EmptyState>{t('inbox.library.empty')}</EmptyState> : null}
      {items?.length ? (
        <ul class="library-pick">
          {items.map((f) => (
            <li key={f.id}>
              <button type="button" class="library-pick-item" onClick={() => props.onPick(f)}>
                <Icon name="file" size={18} />
                <span class="library-pick-name">{f.name}</span>
                <span class="muted">{bytes(f.size)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <LoadMore hasMore={Boolean(next)} busy={more} onLoad={() => loadPage(() => load(next))} />
    </Modal>
  );
}
