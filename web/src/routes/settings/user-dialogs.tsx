import { useState } from 'preact/hooks';
import { endpoints, pageOf } from '../../api/endpoints';
import type { Profile, StatusChange, User } from '../../api/types';
import { when } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { FormDialog } from '../../components/forms/FormDialog';
import { useSubmit } from '../../components/forms/useSubmit';
import { languageName } from '../../components/LanguageSwitch';
import { LoadMore } from '../../components/LoadMore';
import { Modal } from '../../components/Modal';
import { TimeZoneField } from '../../components/TimeZoneField';
import { CheckboxField, EmptyState, SelectField, Spinner, StatusLabel, TextField } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { isLanguage, LANGUAGES, language, t } from '../../i18n';
import { dispatch } from '../../state/store';
import { notify } from '../../state/toasts';
import { parseCapacity, profileLabel } from './common';

function languageOptions() {
  return LANGUAGES.map((code) => ({ value: code, label: languageName(code) }));
}

function profileOptions(profiles: Profile[]) {
  return profiles.map((p) => ({ value: p.id, label: profileLabel(p) }));
}

export function InviteDialog(props: { profiles: Profile[]; onClose: () => void }) {
  const agent = props.profiles.find((p) => p.builtin === 'agent') ?? props.profiles[0];
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [profileId, setProfileId] = useState(agent?.id ?? '');
  const [lang, setLang] = useState<string>(language.value);
  const [timeZone, setTimeZone] = useState('');
  const [capacity, setCapacity] = useState('');
  const { busy, error: banner, fieldErrors, submit: send, reset } = useSubmit();
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = { ...fieldErrors, ...local };

  async function submit() {
    const problems: Record<string, string> = {};
    if (!email.trim()) problems.email = t('errors.fields.required');
    if (!name.trim()) problems.name = t('errors.fields.required');
    if (!profileId) problems.profile_id = t('errors.fields.required');
    const cap = parseCapacity(capacity);
    if (cap !== undefined && Number.isNaN(cap)) problems.capacity = t('errors.fields.invalid');
    setLocal(problems);
    reset();
    if (Object.keys(problems).length) return;
    await send(async () => {
      const user = await endpoints.invite({
        email: email.trim(),
        name: name.trim(),
        profile_id: profileId,
        language: isLanguage(lang) ? lang : undefined,
        time_zone: timeZone.trim() || undefined,
        capacity: cap,
      });
      dispatch({ kind: 'local.user_saved', user });
      notify('success', t('users.invite_sent', { email: user.email }));
      props.onClose();
    });
  }

  return (
    <FormDialog
      title={t('users.invite_title')}
      onClose={props.onClose}
      onSubmit={submit}
      busy={busy}
      submitLabel={t('users.invite_submit')}
    >
      <p class="muted">{t('users.invite_intro')}</p>
      <ErrorBanner error={banner} />
      <TextField
        id="invite-email"
        label={t('fields.email')}
        type="email"
        value={email}
        onValue={setEmail}
        error={fields.email}
        autoComplete="off"
        required
      />
      <TextField
        id="invite-name"
        label={t('fields.name')}
        value={name}
        onValue={setName}
        error={fields.name}
        autoComplete="off"
        required
      />
      <SelectField
        id="invite-profile"
        label={t('fields.profile')}
        value={profileId}
        onValue={setProfileId}
        options={profileOptions(props.profiles)}
        error={fields.profile_id}
      />
      <div class="grid-2 tight">
        <SelectField
          id="invite-language"
          label={t('fields.language')}
          value={lang}
          onValue={setLang}
          options={languageOptions()}
          error={fields.language}
        />
        <TextField
          id="invite-capacity"
          label={t('fields.capacity')}
          hint={t('fields.capacity_hint')}
          inputMode="numeric"
          value={capacity}
          onValue={setCapacity}
          error={fields.capacity}
        />
      </div>
      <TimeZoneField id="invite-tz" value={timeZone} onValue={setTimeZone} error={fields.time_zone} />
    </FormDialog>
  );
}

/** Whether a profile's holders see the inbox by the campaigns they supervise (ORG-3). */
export function supervisesByCampaign(profile: Profile | undefined): boolean {
  if (!profile) return false;
  return profile.permissions.includes('inbox.supervise') && !profile.permissions.includes('inbox.all');
}

/** The campaigns a supervisor supervises: one checkbox each; saved with the dialog. */
function SupervisesField(props: { selected: string[]; onSelected: (ids: string[]) => void }) {
  const campaigns = useResource(() => endpoints.campaigns(), []);
  const live = (campaigns.data ?? []).filter((c) => !c.archived_at || props.selected.includes(c.id));
  return (
    <fieldset class="plain-fieldset" id="edit-supervises">
      <legend>{t('users.supervises')}</legend>
      <p class="field-hint">{t('users.supervises_hint')}</p>
      {campaigns.loading && !campaigns.data ? <Spinner /> : null}
      {campaigns.data && !live.length ? <p class="muted">{t('users.supervises_empty')}</p> : null}
      {live.map((c) => (
        <CheckboxField
          key={c.id}
          id={`edit-supervises-${c.id}`}
          label={c.name}
          checked={props.selected.includes(c.id)}
          onChecked={(on) =>
            props.onSelected(on ? [...props.selected, c.id] : props.selected.filter((id) => id !== c.id))
          }
        />
      ))}
    </fieldset>
  );
}

export function EditUserDialog(props: { user: User; profiles: Profile[]; onClose: () => void }) {
  const { user } = props;
  const [name, setName] = useState(user.name);
  const [profileId, setProfileId] = useState(user.profile_id ?? '');
  const [capacity, setCapacity] = useState(String(user.capacity));
  const [lang, setLang] = useState<string>(user.language);
  const [timeZone, setTimeZone] = useState(user.time_zone);
  const [active, setActive] = useState(user.active);
  const { busy, error: banner, fieldErrors, submit: send, reset } = useSubmit();
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = { ...fieldErrors, ...local };
  const supervises = supervisesByCampaign(props.profiles.find((p) => p.id === profileId));
  const supervision = useResource(() => endpoints.supervision(user.id), [user.id]);
  const [supervised, setSupervised] = useState<string[] | null>(null);
  const chosen = supervised ?? supervision.data?.campaign_ids ?? null;

  async function submit() {
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t('errors.fields.required');
    const cap = parseCapacity(capacity);
    if (cap === undefined || Number.isNaN(cap)) problems.capacity = t('errors.fields.invalid');
    setLocal(problems);
    reset();
    if (Object.keys(problems).length) return;
    await send(async () => {
      const saved = await endpoints.updateUser(user.id, {
        name: name.trim(),
        profile_id: profileId,
        capacity: cap,
        language: isLanguage(lang) ? lang : undefined,
        time_zone: timeZone.trim(),
        active,
      });
      if (supervises && supervised !== null) await endpoints.setSupervision(user.id, supervised);
      dispatch({ kind: 'local.user_saved', user: saved });
      notify('success', t('users.saved', { name: saved.name }));
      props.onClose();
    });
  }

  return (
    <FormDialog
      title={t('users.edit_title', { name: user.name })}
      onClose={props.onClose}
      onSubmit={submit}
      busy={busy}
      error={banner}
    >
      <p class="muted">{user.email}</p>
      <TextField
        id="edit-name"
        label={t('fields.name')}
        value={name}
        onValue={setName}
        error={fields.name}
        required
      />
      <SelectField
        id="edit-profile"
        label={t('fields.profile')}
        value={profileId}
        onValue={setProfileId}
        options={profileOptions(props.profiles)}
        error={fields.profile_id}
      />
      <div class="grid-2 tight">
        <SelectField
          id="edit-language"
          label={t('fields.language')}
          value={lang}
          onValue={setLang}
          options={languageOptions()}
          error={fields.language}
        />
        <TextField
          id="edit-capacity"
          label={t('fields.capacity')}
          hint={t('fields.capacity_hint')}
          inputMode="numeric"
          value={capacity}
          onValue={setCapacity}
          error={fields.capacity}
        />
      </div>
      {supervises && chosen !== null ? (
        <SupervisesField selected={chosen} onSelected={setSupervised} />
      ) : null}
      <ErrorBanner error={fields.campaign_ids} />
      <TimeZoneField id="edit-tz" value={timeZone} onValue={setTimeZone} error={fields.time_zone} />
      <CheckboxField
        id="edit-active"
        label={t('fields.active')}
        hint={t('fields.active_hint')}
        checked={active}
        onChecked={setActive}
      />
    </FormDialog>
  );
}

export function HistoryDialog(props: { user: User; onClose: () => void }) {
  const [items, setItems] = useState<StatusChange[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const { busy: more, submit: loadPage } = useSubmit({ toast: true });
  const first = useResource(async () => {
    const page = pageOf(await endpoints.statusHistory(props.user.id, null));
    setItems(page.items);
    setNext(page.next);
    return true;
  }, [props.user.id]);

  async function loadMore() {
    await loadPage(async () => {
      const page = pageOf(await endpoints.statusHistory(props.user.id, next));
      setItems((old) => [...old, ...page.items]);
      setNext(page.next);
    });
  }

  return (
    <Modal title={t('users.history_title', { name: props.user.name })} onClose={props.onClose}>
      <ErrorBanner error={first.error} />
      {first.loading && items.length === 0 ? (
        <Spinner />
      ) : items.length === 0 ? (
        <EmptyState>{t('users.history_empty')}</EmptyState>
      ) : (
        <ol class="timeline">
          {items.map((item, i) => (
            <li key={`${item.at}-${i}`}>
              <time dateTime={item.at}>{when(item.at)}</time>
              <StatusLabel status={item.status} reason={item.pause_reason_name} />
            </li>
          ))}
        </ol>
      )}
      <LoadMore hasMore={Boolean(next)} busy={more} onLoad={loadMore} />
    </Modal>
  );
}
