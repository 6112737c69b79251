import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import { setLanguage } from '../../../i18n';
import {
  draftError,
  fromDrafts,
  historyHoursError,
  isWholeNumber,
  nameError,
  toDrafts,
} from './campaign-form';

describe('campaign fields as edited', () => {
  it('writes the options as one text and reads them back', () => {
    const drafts = toDrafts([
      { id: 'f1', name: 'Motivo', kind: 'list', required: true, options: ['Venta', 'Reclamo'] },
      { id: 'f2', name: 'Pedido', kind: 'text', required: false, options: [] },
    ]);
    expect(drafts[0]).toEqual({
      id: 'f1',
      name: 'Motivo',
      kind: 'list',
      required: true,
      options: 'Venta, Reclamo',
    });
    expect(
      fromDrafts([
        { ...(drafts[0] ?? { name: '', kind: 'list', required: false, options: '' }), options: ' a, ,b ,' },
        { name: ' Nuevo ', kind: 'number', required: false, options: 'ignored' },
      ]),
    ).toEqual([
      { id: 'f1', name: 'Motivo', kind: 'list', required: true, options: ['a', 'b'] },
      { name: 'Nuevo', kind: 'number', required: false, options: [] },
    ]);
  });

  it('finds a field’s message however the server indexes it', () => {
    expect(draftError({ 'fields[1].name': 'a' }, 1, 'name')).toBe('a');
    expect(draftError({ 'fields.0.options': 'b' }, 0, 'options')).toBe('b');
    expect(draftError({ 'fields.0.options': 'b' }, 0, 'name')).toBeUndefined();
  });

  it('takes whole numbers only', () => {
    expect(isWholeNumber(' 72 ')).toBe(true);
    expect(isWholeNumber('0')).toBe(true);
    expect(isWholeNumber('')).toBe(false);
    expect(isWholeNumber('1.5')).toBe(false);
    expect(isWholeNumber('-3')).toBe(false);
  });
});

describe('campaign form errors', () => {
  it('keeps only the name of a failed creation', () => {
    setLanguage('en');
    const taken = new ApiError({
      status: 422,
      code: 'validation_failed',
      errors: [
        { field: 'name', code: 'taken', params: {} },
        { field: 'project_id', code: 'required', params: {} },
      ],
    });
    expect(Object.keys(nameError(taken))).toEqual(['name']);
    expect(nameError(new ApiError({ status: 409, code: 'conflict' }))).toEqual({});
  });

  it('reads the history hours under either name', () => {
    setLanguage('en');
    const nested = new ApiError({
      status: 422,
      code: 'validation_failed',
      errors: [
        { field: 'agent_permissions.history_hours', code: 'out_of_range', params: { min: 1, max: 720 } },
      ],
    });
    expect(historyHoursError(nested).history_hours).toBeTruthy();
    expect(historyHoursError(new ApiError({ status: 409, code: 'conflict' }))).toEqual({ history_hours: '' });
  });
});
