import { describe, expect, it } from 'vitest';
import type { Template } from '../../api/types';
import {
  approvedTemplates,
  callbackKey,
  missingSlots,
  previewTemplate,
  templateSend,
  templateSlots,
} from './logic';

function template(patch: Partial<Template>): Template {
  return {
    id: 't1',
    name: 'retomar',
    language: 'es',
    category: null,
    status: 'APPROVED',
    reason: null,
    body: 'Hola {{1}}, te escribimos por tu pedido {{2}}.',
    positional_parameters: 2,
    named_parameters: [],
    ...patch,
  };
}

describe('out-of-hours contacts', () => {
  it('labels the call-back answer', () => {
    expect(callbackKey('yes')).toBe('out_of_hours.callback.yes');
    expect(callbackKey('no')).toBe('out_of_hours.callback.no');
    expect(callbackKey('no_answer')).toBe('out_of_hours.callback.no_answer');
    expect(callbackKey('n/a')).toBe('out_of_hours.callback.na');
  });

  it('offers approved templates only', () => {
    const list = [
      template({}),
      template({ id: 't2', status: 'PENDING' }),
      template({ id: 't3', status: 'approved' }),
    ];
    expect(approvedTemplates(list).map((t) => t.id)).toEqual(['t1', 't3']);
  });

  it('fills positional variables as a list', () => {
    const tpl = template({});
    expect(templateSlots(tpl)).toEqual(['1', '2']);
    expect(missingSlots(tpl, { '1': 'Ana' })).toEqual(['2']);
    expect(templateSend(tpl, { '1': ' Ana ', '2': 'A-12' })).toEqual({
      name: 'retomar',
      language: 'es',
      parameters: ['Ana', 'A-12'],
    });
    expect(previewTemplate(tpl, { '1': 'Ana' })).toBe('Hola Ana, te escribimos por tu pedido {{2}}.');
  });

  it('fills named variables as an object', () => {
    const tpl = template({
      body: 'Hola {{nombre}}, ya abrimos.',
      positional_parameters: 0,
      named_parameters: ['nombre'],
    });
    expect(templateSlots(tpl)).toEqual(['nombre']);
    expect(templateSend(tpl, { nombre: 'Ana' }).parameters).toEqual({ nombre: 'Ana' });
    expect(previewTemplate(tpl, { nombre: 'Ana' })).toBe('Hola Ana, ya abrimos.');
    expect(templateSend(template({ positional_parameters: 0, body: 'Ya abrimos' }), {}).parameters).toEqual(
      [],
    );
  });
});
