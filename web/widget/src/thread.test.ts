import { describe, expect, it } from 'vitest';
import { errorText, pickLanguage, textsFor } from './i18n';
import { backoffMs, lastId, merge, type ThreadMessage } from './thread';

const msg = (id: string, text = id): ThreadMessage => ({
  id,
  direction: 'inbound',
  kind: 'text',
  text,
  attachment: null,
  author_name: null,
  status: null,
  created_at: '2026-01-01T00:00:00Z',
});

describe('the widget thread', () => {
  it('keeps each message once, in id order, the newest copy winning', () => {
    const thread = merge([msg('01b'), msg('01a')], [msg('01c'), msg('01b', 'again')]);
    expect(thread.map((m) => `${m.id}:${m.text}`)).toEqual(['01a:01a', '01b:again', '01c:01c']);
    expect(lastId(thread)).toBe('01c');
    expect(lastId([])).toBeNull();
  });

  it('backs off up to 30 seconds', () => {
    expect([0, 1, 2, 10].map(backoffMs)).toEqual([1000, 2000, 4000, 30_000]);
  });
});

describe('the widget language', () => {
  it('follows the page, then the browser, then Spanish', () => {
    expect(pickLanguage('pt-BR', ['en-US'])).toBe('pt-BR');
    expect(pickLanguage('', ['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLanguage(null, ['fr'])).toBe('es');
    expect(pickLanguage('es-CO', [])).toBe('es');
  });

  it('names errors it knows and falls back for others', () => {
    const en = textsFor('en');
    expect(errorText(en, 'invalid_email')).toBe(en.errors.invalid_email);
    expect(errorText(en, 'something_new')).toBe(en.errors.unknown);
  });
});
