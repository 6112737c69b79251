import { describe, expect, it } from 'vitest';
import type { Template } from '../../api/types';
import {
  errorKey,
  missingVariables,
  previewParts,
  renderTemplate,
  sendable,
  statusTone,
  templateParameters,
  templateSend,
  templateVariables,
  variableKeys,
} from './templates';

const POSITIONAL = 'Hola {{1}}, tienes {{2}} de descuento hasta el {{3}}.';
const NAMED = 'Hola {{first_name}}, pedido {{ order_number }} ({{first_name}})';

describe('template variables (as the server reads them)', () => {
  it('finds positional and named variables', () => {
    expect(templateVariables(POSITIONAL)).toEqual({ kind: 'positional', count: 3 });
    expect(templateVariables('Sin variables')).toEqual({ kind: 'positional', count: 0 });
    expect(templateVariables(NAMED)).toEqual({ kind: 'named', names: ['first_name', 'order_number'] });
    expect(variableKeys(templateVariables(POSITIONAL))).toEqual(['1', '2', '3']);
    expect(variableKeys(templateVariables(NAMED))).toEqual(['first_name', 'order_number']);
  });

  it('turns the form into the send parameters: a list in order, or an object', () => {
    const positional = templateVariables(POSITIONAL);
    expect(templateParameters(positional, { '2': ' 25% ', '1': 'Ana', '3': '31/01' })).toEqual([
      'Ana',
      '25%',
      '31/01',
    ]);
    const named = templateVariables(NAMED);
    expect(templateParameters(named, { order_number: 'SKBUP2', first_name: 'Juan', extra: 'x' })).toEqual({
      first_name: 'Juan',
      order_number: 'SKBUP2',
    });
  });

  it('previews the body as it is being filled', () => {
    expect(previewParts('Hola {{1}}, ya', { '1': 'Ana' })).toEqual([
      { text: 'Hola ' },
      { variable: '1', value: 'Ana' },
      { text: ', ya' },
    ]);
    expect(renderTemplate(POSITIONAL, { '1': 'Ana', '2': '25%' })).toBe(
      'Hola Ana, tienes 25% de descuento hasta el {{3}}.',
    );
    expect(renderTemplate(NAMED, { first_name: 'Juan', order_number: '42' })).toBe(
      'Hola Juan, pedido 42 (Juan)',
    );
  });

  it('offers only approved templates with a body', () => {
    const base: Template = {
      id: '1',
      name: 'promo',
      language: 'es',
      category: 'MARKETING',
      status: 'APPROVED',
      reason: null,
      body: POSITIONAL,
      positional_parameters: 3,
      named_parameters: [],
      details: {},
      components: [],
      updated_at: '2026-03-01T10:00:00Z',
    };
    expect(sendable(base)).toBe(true);
    expect(sendable({ ...base, status: 'REJECTED' })).toBe(false);
    expect(sendable({ ...base, status: 'PENDING' })).toBe(false);
    expect(sendable({ ...base, body: null })).toBe(false);
  });

  it('places the API errors beside the variable they name', () => {
    const positional = templateVariables(POSITIONAL);
    expect(errorKey({ field: 'template.parameters.0', code: 'required' }, positional)).toBe('1');
    expect(errorKey({ field: 'template.parameters', code: 'parameter_count' }, positional)).toBe(
      'template.parameters',
    );
    const named = templateVariables(NAMED);
    expect(errorKey({ field: 'template.parameters.first_name', code: 'required' }, named)).toBe('first_name');
    expect(errorKey({ field: 'template.name', code: 'not_approved' }, named)).toBe('template.name');
  });

  it('names the variables still empty', () => {
    const positional = templateVariables(POSITIONAL);
    expect(missingVariables(positional, { '1': 'Ana', '2': '  ' })).toEqual(['2', '3']);
    expect(missingVariables(templateVariables(NAMED), { first_name: 'Juan', order_number: '42' })).toEqual(
      [],
    );
    expect(missingVariables(templateVariables('Ya abrimos'), {})).toEqual([]);
  });

  it('gives the send its name, language and parameters', () => {
    const template: Template = {
      id: 't1',
      name: 'retomar',
      language: 'es',
      category: null,
      status: 'APPROVED',
      reason: null,
      body: 'Hola {{1}}, te escribimos por tu pedido {{2}}.',
      positional_parameters: 2,
      named_parameters: [],
      details: {},
      components: [],
      updated_at: '2026-03-01T10:00:00Z',
    };
    expect(templateSend(template, { '1': ' Ana ', '2': 'A-12' })).toEqual({
      name: 'retomar',
      language: 'es',
      parameters: ['Ana', 'A-12'],
    });
    const named = { ...template, body: 'Hola {{nombre}}, ya abrimos.', named_parameters: ['nombre'] };
    expect(templateSend(named, { nombre: 'Ana' }).parameters).toEqual({ nombre: 'Ana' });
    expect(templateSend({ ...template, body: 'Ya abrimos' }, {}).parameters).toEqual([]);
  });

  it('colours the status Meta gives', () => {
    expect(statusTone('APPROVED')).toBe('success');
    expect(statusTone('approved')).toBe('success');
    expect(statusTone('REJECTED')).toBe('danger');
    expect(statusTone('PAUSED')).toBe('danger');
    expect(statusTone('PENDING')).toBe('warning');
    expect(statusTone('IN_APPEAL')).toBe('warning');
    expect(statusTone('LIMIT_EXCEEDED')).toBe('neutral');
  });
});
