import { useState } from 'preact/hooks';
import { endpoints } from '../api/endpoints';
import { isLanguage, LANGUAGES, setLanguage, t } from '../i18n';
import { app, dispatch } from '../state/store';
import { notify } from '../state/toasts';
import { FormDialog } from './forms/FormDialog';
import { useSubmit } from './forms/useSubmit';
import { languageName } from './LanguageSwitch';
import { TimeZoneField } from './TimeZoneField';
import { SelectField, TextField } from './ui';

/** The signed-in user's own profile: name, time zone, language, avatar. */
export function ProfileDialog(props: { onClose: () => void }) {
  const user = app.value.me?.user;
  const [name, setName] = useState(user?.name ?? '');
  const [timeZone, setTimeZone] = useState(user?.time_zone ?? '');
  const [lang, setLang] = useState<string>(user?.language ?? 'es');
  const [avatar, setAvatar] = useState(user?.avatar_url ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, fieldErrors, submit } = useSubmit();
  if (!user) return null;
  const fields = { ...fieldErrors, ...local };

  async function save() {
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t('errors.fields.required');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    await submit(async () => {
      const updated = await endpoints.updateMe({
        name: name.trim(),
        time_zone: timeZone.trim(),
        language: isLanguage(lang) ? lang : undefined,
        avatar_url: avatar.trim() ? avatar.trim() : null,
      });
      dispatch({ kind: 'local.me_updated', user: updated });
      if (isLanguage(updated.language)) setLanguage(updated.language);
      notify('success', t('profile.saved'));
      props.onClose();
    });
  }

  return (
    <FormDialog
      title={t('profile.title')}
      onClose={props.onClose}
      onSubmit={save}
      busy={busy}
      error={!Object.keys(local).length && error}
    >
      <TextField
        id="profile-name"
        label={t('fields.name')}
        value={name}
        onValue={setName}
        error={fields.name}
        autoComplete="name"
        required
      />
      <TimeZoneField id="profile-tz" value={timeZone} onValue={setTimeZone} error={fields.time_zone} />
      <SelectField
        id="profile-language"
        label={t('fields.language')}
        value={lang}
        onValue={setLang}
        error={fields.language}
        options={LANGUAGES.map((code) => ({ value: code, label: languageName(code) }))}
      />
      <TextField
        id="profile-avatar"
        label={t('fields.avatar_url')}
        hint={t('fields.avatar_url_hint')}
        type="url"
        value={avatar}
        onValue={setAvatar}
        error={fields.avatar_url}
        inputMode="url"
      />
    </FormDialog>
  );
}
