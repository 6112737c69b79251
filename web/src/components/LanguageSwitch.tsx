import { endpoints } from '../api/endpoints';
import { isLanguage, LANGUAGES, type Language, language, setLanguage, t } from '../i18n';
import { app, dispatch } from '../state/store';
import { notify } from '../state/toasts';
import { errorText } from './format';

/** Names each language in itself, so a person finds theirs whatever is shown now. */
export function languageName(code: Language): string {
  return t(`languages.${code}`);
}

export function LanguageSwitch(props: { id?: string }) {
  const id = props.id ?? 'language-switch';
  async function change(value: string) {
    if (!isLanguage(value)) return;
    const previous = language.value;
    setLanguage(value);
    if (!app.value.me) return;
    try {
      dispatch({ kind: 'local.me_updated', user: await endpoints.updateMe({ language: value }) });
    } catch (err) {
      setLanguage(previous);
      notify('error', errorText(err));
    }
  }
  return (
    <div class="language-switch">
      <label for={id}>{t('language.label')}</label>
      <select
        id={id}
        class="input input-compact"
        value={language.value}
        onChange={(e) => change((e.currentTarget as HTMLSelectElement).value)}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {languageName(code)}
          </option>
        ))}
      </select>
    </div>
  );
}
