// The widget's texts: only the `widget` key of each locale file is bundled (named JSON
// imports let the build drop every other key).
import { widget as en } from '../../../locales/en.json';
import { widget as es } from '../../../locales/es.json';
import { widget as ptBR } from '../../../locales/pt-BR.json';

export type Texts = typeof en;
export type Language = 'es' | 'pt-BR' | 'en';

const catalogs: Record<Language, Texts> = { es, 'pt-BR': ptBR, en };

/** The page's language if the widget speaks it, else the browser's, else Spanish. */
export function pickLanguage(pageLang: string | null | undefined, browserLangs: readonly string[]): Language {
  for (const raw of [pageLang ?? '', ...browserLangs]) {
    const tag = raw.trim().toLowerCase();
    if (tag.startsWith('pt')) return 'pt-BR';
    if (tag.startsWith('es')) return 'es';
    if (tag.startsWith('en')) return 'en';
  }
  return 'es';
}

export function textsFor(lang: Language): Texts {
  return catalogs[lang];
}

/** The text for an API error code, or the generic one. */
export function errorText(texts: Texts, code: string | undefined): string {
  const known = texts.errors as Record<string, string>;
  return (code && known[code]) || texts.errors.unknown;
}
