import { useEffect, useState } from 'preact/hooks';
import { endpoints, pageOf } from '../../api/endpoints';
import type { User } from '../../api/types';
import { ConfirmDialog } from '../../components/forms/ConfirmDialog';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { LoadMore } from '../../components/LoadMore';
import { lazy } from '../../components/lazy';
import { Button, EmptyState, PageHeader, Spinner } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { app, dispatch } from '../../state/store';
import { notify } from '../../state/toasts';
import { profileName } from './common';
import { PauseReasonsSection } from './pause-reasons';
import { EditUserDialog, HistoryDialog, InviteDialog } from './user-dialogs';
import { UserRow } from './user-row';

const PAGE_SIZE = 50;

const AbsenceDialog = lazy(() => import('../../components/AbsenceDialog').then((m) => m.AbsenceDialog), {
  quiet: true,
});

type Dialog =
  | { kind: 'invite' }
  | { kind: 'edit'; user: User }
  | { kind: 'history'; user: User }
  | { kind: 'reset'; user: User }
  | { kind: 'absence'; user: User }
  | null;

export function UsersPage() {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [loading, setLoading] = useState(true);
  const { busy: more, submit: loadPage } = useSubmit({ toast: true });
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const { busy, error: dialogError, submit: submitReset, reset: clearDialogError } = useSubmit();
  const profiles = useResource(() => endpoints.profiles(), []);
  const state = app.value;
  const reloads = state.reloads;

  useEffect(() => {
    const timer = setTimeout(() => setSearch(query.trim()), 300);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    endpoints.users({ q: search || undefined, limit: PAGE_SIZE }).then(
      (page) => {
        if (!live) return;
        const { items, next } = pageOf(page);
        dispatch({ kind: 'local.users_loaded', items, next, append: false });
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [search, reloads]);

  async function loadMore() {
    if (!state.usersNext) return;
    await loadPage(async () => {
      const { items, next } = pageOf(
        await endpoints.users({ q: search || undefined, after: state.usersNext, limit: PAGE_SIZE }),
      );
      dispatch({ kind: 'local.users_loaded', items, next, append: true });
    });
  }

  async function resetPassword(user: User) {
    await submitReset(async () => {
      await endpoints.adminResetPassword(user.id);
      notify('success', t('users.reset_sent', { email: user.email }));
      setDialog(null);
    });
  }

  const reasonName = (id: string | null) => state.pauseReasons.find((r) => r.id === id)?.name;
  const users = state.users;

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.intro')}
        actions={
          <Button variant="primary" onClick={() => setDialog({ kind: 'invite' })}>
            {t('users.invite')}
          </Button>
        }
      />
      <section class="card" aria-labelledby="users-list-title">
        <div class="toolbar">
          <h2 id="users-list-title" class="visually-hidden">
            {t('users.list')}
          </h2>
          <div class="search">
            <label for="users-search" class="visually-hidden">
              {t('users.search')}
            </label>
            <input
              id="users-search"
              class="input"
              type="search"
              placeholder={t('users.search')}
              value={query}
              onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
        </div>
        <ErrorBanner error={error} />
        {loading && users.length === 0 ? (
          <Spinner />
        ) : users.length === 0 ? (
          <EmptyState>{search ? t('users.no_match') : t('users.empty')}</EmptyState>
        ) : (
          <ul class="rows" aria-busy={loading || undefined}>
            {users.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                profile={profileName(profiles.data, user.profile_id, user.profile_name)}
                pauseReason={reasonName(user.pause_reason_id)}
                onDialog={(kind) => {
                  if (kind === 'reset') clearDialogError();
                  setDialog({ kind, user });
                }}
              />
            ))}
          </ul>
        )}
        <LoadMore hasMore={Boolean(state.usersNext)} busy={more} onLoad={loadMore} />
      </section>
      <PauseReasonsSection />
      {dialog?.kind === 'invite' ? (
        <InviteDialog profiles={profiles.data ?? []} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <EditUserDialog user={dialog.user} profiles={profiles.data ?? []} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'history' ? (
        <HistoryDialog user={dialog.user} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'absence' ? (
        <AbsenceDialog userId={dialog.user.id} name={dialog.user.name} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'reset' ? (
        <ConfirmDialog
          title={t('users.reset_title')}
          message={t('users.reset_confirm', { name: dialog.user.name, email: dialog.user.email })}
          confirmLabel={t('users.reset_send')}
          busy={busy}
          error={dialogError}
          onConfirm={() => resetPassword(dialog.user)}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </>
  );
}
