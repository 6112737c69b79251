import { describe, expect, it } from 'vitest';
import type { ContactField } from '../../api/types';
import { parseOptions, suggestKey } from '../settings/contact-fields';
import { draftOf, filterOp, sentValue } from './fields';

function field(type: ContactField['type'], options: string[] = []): ContactField {
  return {
    id: 'f',
    key: 'k',
    label: 'K',
    type,
    options,
    position: 1,
    archived_at: null,
    created_at: '2026-01-01T00:00:00Z',
  };
}

describe('contact field values', () => {
  it('sends numbers as numbers, a blank as null and booleans as booleans', () => {
    expect(sentValue(field('number'), '7,5')).toBe(7.5);
    expect(sentValue(field('number'), ' 12 ')).toBe(12);
    expect(sentValue(field('number'), 'many')).toBe('many');
    expect(sentValue(field('text'), '   ')).toBeNull();
    expect(sentValue(field('date'), '2026-03-31')).toBe('2026-03-31');
    expect(sentValue(field('boolean'), true)).toBe(true);
    expect(sentValue(field('boolean'), '')).toBe(false);
  });

  it('drafts what is stored', () => {
    expect(draftOf(field('boolean'), true)).toBe(true);
    expect(draftOf(field('boolean'), undefined)).toBe(false);
    expect(draftOf(field('number'), 7.5)).toBe('7.5');
    expect(draftOf(field('list', ['Oro']), undefined)).toBe('');
  });

  it('filters text inside and other types by equality', () => {
    expect(filterOp(field('text'))).toBe('contains');
    expect(filterOp(field('phone'))).toBe('contains');
    expect(filterOp(field('number'))).toBe('eq');
    expect(filterOp(field('list'))).toBe('eq');
  });
});

describe('contact field definitions', () => {
  it('suggests a key the server accepts', () => {
    expect(suggestKey('Ciudad de residencia')).toBe('ciudad_de_residencia');
    expect(suggestKey('Número de cédula')).toBe('numero_de_cedula');
    expect(suggestKey('2º plan')).toBe('plan');
    expect(suggestKey('x'.repeat(60))).toHaveLength(40);
  });

  it('reads one option per line', () => {
    expect(parseOptions(' Oro \n\nPlata\n')).toEqual(['Oro', 'Plata']);
  });
});
