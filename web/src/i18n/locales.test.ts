import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogs, LANGUAGES, type Tree } from './index';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of flatten(value as Tree, path)) out.set(k, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

const flat = Object.fromEntries(LANGUAGES.map((lang) => [lang, flatten(catalogs[lang])])) as Record<
  (typeof LANGUAGES)[number],
  Map<string, unknown>
>;

/** The `ErrorCode` enum of the server's OpenAPI document (its snapshot, kept by its tests). */
function serverErrorCodes(): string[] {
  const snapshot = readFileSync(
    new URL('../../../crates/charla-server/tests/api/snapshots/api__openapi__openapi.snap', import.meta.url),
    'utf8',
  );
  const document = JSON.parse(snapshot.split(/^---$/m).slice(2).join('---'));
  const schema = document.components.schemas.ErrorCode;
  const variants: { enum?: string[]; const?: string }[] = schema.oneOf ?? [schema];
  const codes = variants.flatMap((v) => v.enum ?? (v.const ? [v.const] : []));
  expect(codes.length).toBeGreaterThan(30);
  return codes;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(path);
  }
  return out;
}

/** Keys written literally in the sources: t('…'), tOr('…'), t(x ? '…' : '…'), and `label:`/`key:` entries. */
function usedKeys(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /\bt(?:Or)?\(\s*'([^']+)'/g,
    /\bt(?:Or)?\(\s*[^'()]+\?\s*'([^']+)'\s*:\s*'([^']+)'/g,
    /\b(?:label|key): '([a-z_]+(?:\.[A-Za-z0-9_-]+)+)'/g,
  ];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        for (const key of match.slice(1)) if (key) found.set(key, file.slice(SRC.length));
      }
    }
  }
  // Counted texts (tn('…', n)) need at least their `other` form.
  for (const file of sourceFiles(SRC)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\btn\(\s*'([^']+)'/g)) {
      found.set(`${match[1]}.other`, file.slice(SRC.length));
    }
  }
  return found;
}

describe('locales', () => {
  it('have identical key sets', () => {
    const [first, ...rest] = LANGUAGES;
    const base = [...(flat[first as 'es'].keys() ?? [])].sort();
    for (const lang of rest) {
      const keys = [...flat[lang].keys()].sort();
      expect({ lang, missing: base.filter((k) => !flat[lang].has(k)) }).toEqual({ lang, missing: [] });
      expect({ lang, extra: keys.filter((k) => !flat[first as 'es'].has(k)) }).toEqual({ lang, extra: [] });
    }
  });

  it('hold only non-empty strings', () => {
    for (const lang of LANGUAGES) {
      const bad = [...flat[lang]].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
      expect({ lang, bad }).toEqual({ lang, bad: [] });
    }
  });

  it('use the same placeholders in every language', () => {
    const names = (text: unknown) => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of flat.es) {
      for (const lang of LANGUAGES) {
        expect({ key, lang, params: names(flat[lang].get(key)) }).toEqual({
          key,
          lang,
          params: names(value),
        });
      }
    }
  });

  it('contain every key the server needs', () => {
    // Every code the server may answer (its OpenAPI document's ErrorCode), and the client's own.
    const errorCodes = [...serverErrorCodes(), 'unknown'];
    const fieldCodes = [
      'required',
      'too_long',
      'too_short',
      'invalid_email',
      'invalid',
      'invalid_time_zone',
      'invalid_language',
      'unknown_permission',
      'taken',
      'out_of_range',
    ];
    const required = [
      'mail.invite.subject',
      'mail.invite.body',
      'mail.recovery.subject',
      'mail.recovery.body',
      ...errorCodes.map((c) => `errors.${c}`),
      ...fieldCodes.map((c) => `errors.fields.${c}`),
      ...['online', 'paused', 'invisible', 'offline'].map((s) => `statuses.${s}`),
    ];
    for (const lang of LANGUAGES) {
      expect({ lang, missing: required.filter((k) => !flat[lang].has(k)) }).toEqual({ lang, missing: [] });
    }
    for (const lang of LANGUAGES) {
      const invite = String(flat[lang].get('mail.invite.body'));
      const recovery = String(flat[lang].get('mail.recovery.body'));
      for (const p of ['{name}', '{org}', '{link}']) expect(invite).toContain(p);
      for (const p of ['{name}', '{link}', '{hours}']) expect(recovery).toContain(p);
      expect(String(flat[lang].get('errors.fields.too_long'))).toContain('{max}');
      expect(String(flat[lang].get('errors.fields.too_short'))).toContain('{min}');
      expect(String(flat[lang].get('errors.fields.out_of_range'))).toMatch(
        /\{min\}.*\{max\}|\{max\}.*\{min\}/s,
      );
    }
  });

  it('name every permission of the catalogue and every module', () => {
    const catalogue: Record<string, string[]> = {
      inbox: ['inbox.own', 'inbox.supervise', 'inbox.all'],
      contacts: ['contacts.view', 'contacts.manage'],
      quick_replies: ['quick_replies.use', 'quick_replies.manage'],
      files: ['files.use'],
      campaigns: ['campaigns.manage'],
      broadcasts: ['broadcasts.manage'],
      monitoring: ['monitoring.view'],
      reports: ['reports.view'],
      charts: ['charts.view'],
      settings: ['settings.manage'],
      users: ['users.manage'],
      api: ['api.manage'],
      audit: ['audit.view'],
    };
    const missing: string[] = [];
    for (const [module, permissions] of Object.entries(catalogue)) {
      if (!flat.es.has(`permissions.modules.${module}`)) missing.push(module);
      for (const p of permissions) {
        const key = `permissions.names.${p.replace(/\./g, '_')}`;
        if (!flat.es.has(key)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  it('contain every key the sources use', () => {
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter(([key]) => !flat.es.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});
