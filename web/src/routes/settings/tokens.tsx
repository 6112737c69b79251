import { useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { ApiToken, Profile } from '../../api/types';
import { when } from '../../components/format';
import { ConfirmDialog } from '../../components/forms/ConfirmDialog';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { FormDialog } from '../../components/forms/FormDialog';
import { useSubmit } from '../../components/forms/useSubmit';
import { Modal } from '../../components/Modal';
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  PageHeader,
  SelectField,
  Spinner,
  TextField,
} from '../../components/ui';
import { useResource } from '../../components/useResource';
import { t } from '../../i18n';
import { notify } from '../../state/toasts';
import { profileLabel, profileName } from './common';

type Dialog = { kind: 'create' } | { kind: 'revoke'; token: ApiToken } | null;

export function TokensPage() {
  const tokens = useResource(() => endpoints.tokens(), []);
  const profiles = useResource(() => endpoints.profiles(), []);
  const [dialog, setDialog] = useState<Dialog>(null);
  const { busy, error: revokeError, submit: submitRevoke, reset: clearRevokeError } = useSubmit();

  async function revoke(token: ApiToken) {
    await submitRevoke(async () => {
      await endpoints.revokeToken(token.id);
      notify('success', t('tokens.revoked_done', { name: token.name }));
      setDialog(null);
      tokens.reload();
    });
  }

  const list = tokens.data ?? [];
  return (
    <>
      <PageHeader
        title={t('tokens.title')}
        description={t('tokens.intro')}
        actions={
          <Button variant="primary" onClick={() => setDialog({ kind: 'create' })}>
            {t('tokens.new')}
          </Button>
        }
      />
      <ErrorBanner error={tokens.error} />
      <section class="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title" class="visually-hidden">
          {t('tokens.title')}
        </h2>
        {tokens.loading && !tokens.data ? (
          <Spinner />
        ) : list.length === 0 ? (
          <EmptyState>{t('tokens.empty')}</EmptyState>
        ) : (
          <ul class="rows">
            {list.map((token) => (
              <li key={token.id} class={`row${token.revoked_at ? ' row-muted' : ''}`}>
                <div class="row-main">
                  <div class="row-text">
                    <span class="row-title">{token.name}</span>
                    <span class="muted">{profileName(profiles.data, token.profile_id, '')}</span>
                  </div>
                </div>
                <div class="row-meta">
                  <span class="muted">
                    {t('tokens.created_by', { name: token.created_by_name ?? token.created_by })}
                  </span>
                  <span class="muted">{t('tokens.created_at', { when: when(token.created_at) })}</span>
                  <span class="muted">
                    {token.last_used_at
                      ? t('tokens.last_used', { when: when(token.last_used_at) })
                      : t('tokens.never_used')}
                  </span>
                  {token.revoked_at ? (
                    <Badge tone="danger">{t('tokens.revoked')}</Badge>
                  ) : (
                    <Badge tone="success">{t('tokens.active')}</Badge>
                  )}
                </div>
                <div class="row-actions">
                  {token.revoked_at ? null : (
                    <Button
                      small
                      variant="danger"
                      onClick={() => {
                        clearRevokeError();
                        setDialog({ kind: 'revoke', token });
                      }}
                      aria-label={t('tokens.revoke_named', { name: token.name })}
                    >
                      {t('tokens.revoke')}
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      {dialog?.kind === 'create' ? (
        <CreateTokenDialog
          profiles={profiles.data ?? []}
          onClose={() => setDialog(null)}
          onCreated={(token) => tokens.setData((old) => [token, ...(old ?? [])])}
        />
      ) : null}
      {dialog?.kind === 'revoke' ? (
        <ConfirmDialog
          title={t('tokens.revoke_title')}
          message={t('tokens.revoke_confirm', { name: dialog.token.name })}
          confirmLabel={t('tokens.revoke')}
          danger
          busy={busy}
          error={revokeError}
          onConfirm={() => revoke(dialog.token)}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </>
  );
}

function CreateTokenDialog(props: {
  profiles: Profile[];
  onClose: () => void;
  onCreated: (token: ApiToken) => void;
}) {
  const [name, setName] = useState('');
  const [profileId, setProfileId] = useState(props.profiles[0]?.id ?? '');
  const { busy, error: banner, fieldErrors, submit: send, reset } = useSubmit();
  const [local, setLocal] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const fields = { ...fieldErrors, ...local };

  async function submit() {
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t('errors.fields.required');
    if (!profileId) problems.profile_id = t('errors.fields.required');
    setLocal(problems);
    reset();
    if (Object.keys(problems).length) return;
    await send(async () => {
      const created = await endpoints.createToken(name.trim(), profileId);
      setSecret(created.token ?? '');
      const { token: _secret, ...rest } = created;
      props.onCreated(rest);
    });
  }

  async function copy() {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      const input = document.getElementById('token-secret') as HTMLInputElement | null;
      input?.select();
    }
  }

  if (secret !== null) {
    return (
      <Modal
        title={t('tokens.created_title')}
        onClose={props.onClose}
        footer={
          <Button variant="primary" onClick={props.onClose}>
            {t('common.done')}
          </Button>
        }
      >
        <Alert kind="warning">{t('tokens.shown_once')}</Alert>
        <div class="field">
          <label for="token-secret">{t('tokens.secret')}</label>
          <div class="copy-box">
            <input
              id="token-secret"
              class="input mono"
              readOnly
              value={secret}
              onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
            />
            <Button onClick={copy}>{copied ? t('tokens.copied') : t('tokens.copy')}</Button>
          </div>
          <p class="visually-hidden" role="status">
            {copied ? t('tokens.copied') : ''}
          </p>
        </div>
      </Modal>
    );
  }

  return (
    <FormDialog
      title={t('tokens.new_title')}
      onClose={props.onClose}
      onSubmit={submit}
      busy={busy}
      submitLabel={t('tokens.create')}
      error={banner}
    >
      <TextField
        id="token-name"
        label={t('fields.name')}
        hint={t('tokens.name_hint')}
        value={name}
        onValue={setName}
        error={fields.name}
        required
      />
      <SelectField
        id="token-profile"
        label={t('fields.profile')}
        hint={t('tokens.profile_hint')}
        value={profileId}
        onValue={setProfileId}
        error={fields.profile_id}
        options={props.profiles.map((p) => ({ value: p.id, label: profileLabel(p) }))}
      />
    </FormDialog>
  );
}
