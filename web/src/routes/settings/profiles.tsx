import { useState } from 'preact/hooks';
import { endpoints, pageOf } from '../../api/endpoints';
import type { PermissionModule, Profile, User } from '../../api/types';
import { ConfirmDialog } from '../../components/forms/ConfirmDialog';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { FormDialog } from '../../components/forms/FormDialog';
import { useSubmit } from '../../components/forms/useSubmit';
import { LoadMore } from '../../components/LoadMore';
import { Modal } from '../../components/Modal';
import { Avatar, Badge, Button, EmptyState, PageHeader, Spinner, TextField } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t, tn } from '../../i18n';
import { notify } from '../../state/toasts';
import { profileLabel } from './common';

/** `inbox.own` → `permissions.names.inbox_own`. */
export function permissionKey(permission: string): string {
  return `permissions.names.${permission.replace(/\./g, '_')}`;
}

type Dialog =
  | { kind: 'edit'; profile: Profile | null }
  | { kind: 'members'; profile: Profile }
  | { kind: 'delete'; profile: Profile }
  | null;

export function ProfilesPage() {
  const profiles = useResource(() => endpoints.profiles(), []);
  const catalogue = useResource(() => endpoints.permissions(), []);
  const [dialog, setDialog] = useState<Dialog>(null);
  const { busy, error: deleteError, submit: submitRemoval, reset: clearDeleteError } = useSubmit();

  async function remove(profile: Profile) {
    await submitRemoval(async () => {
      await endpoints.deleteProfile(profile.id);
      notify('success', t('profiles.deleted', { name: profile.name }));
      setDialog(null);
      profiles.reload();
    });
  }

  const list = profiles.data ?? [];
  return (
    <>
      <PageHeader
        title={t('profiles.title')}
        description={t('profiles.intro')}
        actions={
          <Button
            variant="primary"
            onClick={() => setDialog({ kind: 'edit', profile: null })}
            disabled={!catalogue.data}
          >
            {t('profiles.new')}
          </Button>
        }
      />
      <ErrorBanner error={profiles.error} />
      {profiles.loading && !profiles.data ? (
        <Spinner />
      ) : list.length === 0 ? (
        <EmptyState>{t('profiles.empty')}</EmptyState>
      ) : (
        <ul class="cards">
          {list.map((profile) => (
            <li key={profile.id} class="card profile-card">
              <div class="profile-card-head">
                <h2>{profileLabel(profile)}</h2>
                {profile.builtin ? (
                  <Badge tone="info">{t('profiles.builtin_badge')}</Badge>
                ) : (
                  <Badge>{t('profiles.custom_badge')}</Badge>
                )}
              </div>
              <p class="muted">
                {tn('profiles.permission_count', profile.permissions.length)} ·{' '}
                {tn('profiles.member_count', profile.member_count)}
              </p>
              <div class="row-actions">
                <Button
                  small
                  disabled={profile.builtin !== null}
                  title={profile.builtin ? t('profiles.builtin_locked') : undefined}
                  onClick={() => setDialog({ kind: 'edit', profile })}
                  aria-label={t('profiles.edit_named', { name: profileLabel(profile) })}
                >
                  {t('common.edit')}
                </Button>
                <Button
                  small
                  onClick={() => setDialog({ kind: 'members', profile })}
                  aria-label={t('profiles.members_named', { name: profileLabel(profile) })}
                >
                  {t('profiles.members')}
                </Button>
                <Button
                  small
                  variant="danger"
                  disabled={profile.builtin !== null}
                  title={profile.builtin ? t('profiles.builtin_locked') : undefined}
                  onClick={() => {
                    clearDeleteError();
                    setDialog({ kind: 'delete', profile });
                  }}
                  aria-label={t('profiles.delete_named', { name: profileLabel(profile) })}
                >
                  {t('common.delete')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {dialog?.kind === 'edit' && catalogue.data ? (
        <ProfileEditor
          profile={dialog.profile}
          modules={catalogue.data.modules}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            profiles.reload();
          }}
        />
      ) : null}
      {dialog?.kind === 'members' ? (
        <MembersDialog profile={dialog.profile} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title={t('profiles.delete_title')}
          message={tn('profiles.delete_confirm', dialog.profile.member_count, { name: dialog.profile.name })}
          confirmLabel={t('common.delete')}
          danger
          busy={busy}
          error={deleteError}
          onConfirm={() => remove(dialog.profile)}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </>
  );
}

function ProfileEditor(props: {
  profile: Profile | null;
  modules: PermissionModule[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const [name, setName] = useState(props.profile?.name ?? '');
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(props.profile?.permissions ?? []));
  const { busy, error: banner, fieldErrors, submit: send, reset } = useSubmit();
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = { ...fieldErrors, ...local };

  function toggle(permission: string, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(permission);
    else next.delete(permission);
    setChosen(next);
  }

  function toggleModule(module: PermissionModule, on: boolean) {
    const next = new Set(chosen);
    for (const p of module.permissions) {
      if (on) next.add(p);
      else next.delete(p);
    }
    setChosen(next);
  }

  async function submit() {
    if (!name.trim()) {
      setLocal({ name: t('errors.fields.required') });
      return;
    }
    setLocal({});
    reset();
    const permissions = [...chosen].sort();
    await send(async () => {
      if (props.profile) await endpoints.updateProfile(props.profile.id, { name: name.trim(), permissions });
      else await endpoints.createProfile(name.trim(), permissions);
      notify('success', t('profiles.saved', { name: name.trim() }));
      props.onSaved();
    });
  }

  return (
    <FormDialog
      wide
      title={props.profile ? t('profiles.edit_title', { name: props.profile.name }) : t('profiles.new_title')}
      onClose={props.onClose}
      onSubmit={submit}
      busy={busy}
      error={banner}
    >
      <TextField
        id="profile-name-input"
        label={t('fields.name')}
        value={name}
        onValue={setName}
        error={fields.name}
        required
      />
      <ErrorBanner error={fields.permissions} />
      <div class="perm-grid">
        {props.modules.map((module) => {
          const all = module.permissions.every((p) => chosen.has(p));
          return (
            <fieldset key={module.module} class="perm-module">
              <legend>{t(`permissions.modules.${module.module}`)}</legend>
              <div class="check check-all">
                <input
                  type="checkbox"
                  id={`perm-all-${module.module}`}
                  checked={all}
                  onChange={(e) => toggleModule(module, (e.currentTarget as HTMLInputElement).checked)}
                />
                <label for={`perm-all-${module.module}`}>{t('profiles.select_all')}</label>
              </div>
              {module.permissions.map((permission) => (
                <div class="check" key={permission}>
                  <input
                    type="checkbox"
                    id={`perm-${permission}`}
                    value={permission}
                    checked={chosen.has(permission)}
                    onChange={(e) => toggle(permission, (e.currentTarget as HTMLInputElement).checked)}
                  />
                  <label for={`perm-${permission}`}>{t(permissionKey(permission))}</label>
                </div>
              ))}
            </fieldset>
          );
        })}
      </div>
    </FormDialog>
  );
}

function MembersDialog(props: { profile: Profile; onClose: () => void }) {
  const [items, setItems] = useState<User[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const { busy: more, submit: loadPage } = useSubmit({ toast: true });
  const first = useResource(async () => {
    const page = pageOf(await endpoints.profileMembers(props.profile.id, null));
    setItems(page.items);
    setNext(page.next);
    return true;
  }, [props.profile.id]);

  async function loadMore() {
    await loadPage(async () => {
      const page = pageOf(await endpoints.profileMembers(props.profile.id, next));
      setItems((old) => [...old, ...page.items]);
      setNext(page.next);
    });
  }

  return (
    <Modal title={t('profiles.members_title', { name: profileLabel(props.profile) })} onClose={props.onClose}>
      <ErrorBanner error={first.error} />
      {first.loading && items.length === 0 ? (
        <Spinner />
      ) : items.length === 0 ? (
        <EmptyState>{t('profiles.members_empty')}</EmptyState>
      ) : (
        <ul class="member-list">
          {items.map((user) => (
            <li key={user.id}>
              <Avatar name={user.name} url={user.avatar_url} size="sm" />
              <span class="row-text">
                <span class="row-title">{user.name}</span>
                <span class="muted">{user.email}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasMore={Boolean(next)} busy={more} onLoad={loadMore} />
    </Modal>
  );
}
