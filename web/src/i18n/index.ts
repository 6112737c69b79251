import { signal } from '@preact/signals';
import en from '../../../locales/en.json';
import es from '../../../locales/es.json';
import ptBR from '../../../locales/pt-BR.json';

export type Language = 'es' | 'pt-BR' | 'en';
export const LANGUAGES: readonly Language[] = ['es', 'pt-BR', 'en'];
export const DEFAULT_LANGUAGE: Language = 'es';

export interface Tree {
  [key: string]: string | Tree;
}
export type Params = Record<string, string | number>;

export const catalogs: Record<Language, Tree> = { es, 'pt-BR': ptBR, en };

const STORAGE_KEY = 'charla.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The best language for a list of BCP 47 tags (the browser's), Spanish when none fits. */
export function pickLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('es')) return 'es';
    if (lower.startsWith('pt')) return 'pt-BR';
    if (lower.startsWith('en')) return 'en';
  }
  return DEFAULT_LANGUAGE;
}

function initialLanguage(): Language {
  if (typeof window === 'undefined') return DEFAULT_LANGUAGE;
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // storage may be unavailable (private mode): fall through
  }
  return pickLanguage(window.navigator.languages ?? [window.navigator.language]);
}

/** The language the interface is shown in; components re-render when it changes. */
export const language = signal<Language>(initialLanguage());

export function setLanguage(lang: Language): void {
  language.value = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // ignore
  }
}

export function lookup(lang: Language, key: string): string | undefined {
  let node: string | Tree | undefined = catalogs[lang];
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** The text for a key in a language; Spanish, then the key itself, when missing. */
export function translate(lang: Language, key: string, params?: Params): string {
  const text = lookup(lang, key) ?? lookup(DEFAULT_LANGUAGE, key) ?? key;
  return interpolate(text, params);
}

export function hasKey(key: string, lang: Language = language.value): boolean {
  return lookup(lang, key) !== undefined;
}

/** Translates in the current language. Reading it inside a component subscribes it to language changes. */
export function t(key: string, params?: Params): string {
  return translate(language.value, key, params);
}

/**
 * A text about a count, in the plural form the language's rules pick for it (`Intl.PluralRules`):
 * `key.one`, `key.many`… falling back to `key.other`. The count is the `{n}` placeholder.
 */
export function translateCount(lang: Language, key: string, n: number, params?: Params): string {
  const form = new Intl.PluralRules(lang).select(n);
  const chosen = lookup(lang, `${key}.${form}`) !== undefined ? `${key}.${form}` : `${key}.other`;
  return translate(lang, chosen, { n: new Intl.NumberFormat(lang).format(n), ...params });
}

/** Translates a text about a count in the current language ("1 member", "2 members"). */
export function tn(key: string, n: number, params?: Params): string {
  return translateCount(language.value, key, n, params);
}

/** Translates a key built at run time (a code from the server), or returns the fallback when unknown. */
export function tOr(key: string, fallback: string, params?: Params): string {
  const lang = language.value;
  return hasKey(key, lang) ? translate(lang, key, params) : fallback;
}
