import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { baseField, fieldErrors, fieldMessage, problemMessage } from './problem';

describe('problemMessage', () => {
  it('translates the code in each language', () => {
    const err = new ApiError({ status: 401, code: 'invalid_credentials' });
    expect(problemMessage(err, { lang: 'en' })).toBe('The email or password is incorrect.');
    expect(problemMessage(err, { lang: 'es' })).toBe('El correo o la contraseña no son correctos.');
    expect(problemMessage(err, { lang: 'pt-BR' })).toBe('O e-mail ou a senha estão incorretos.');
  });

  it('adds the unlock time of a locked account in the user zone', () => {
    const err = new ApiError({ status: 423, code: 'account_locked', locked_until: '2026-03-05T15:30:00Z' });
    const text = problemMessage(err, { lang: 'en', timeZone: 'America/Bogota' });
    expect(text).toContain('temporarily locked');
    expect(text).toContain('10:30');
    expect(text).toContain('Mar 5, 2026');
  });

  it('adds the Retry-After wait of a rate limit', () => {
    const err = new ApiError({ status: 429, code: 'too_many_requests', retry_after: 42 });
    expect(problemMessage(err, { lang: 'en' })).toBe('Too many attempts in a row. Try again in 42 seconds.');
    expect(problemMessage(err, { lang: 'es' })).toContain('dentro de 42 segundos');
  });

  it('falls back to the generic message for an unknown code or a non-API error', () => {
    // A code this build does not know (a newer server's) arrives as a plain problem object.
    expect(problemMessage({ status: 418, code: 'teapot' }, { lang: 'en' })).toBe(
      'An unexpected error occurred.',
    );
    expect(problemMessage(new Error('boom'), { lang: 'es' })).toBe('Ocurrió un error inesperado.');
  });
});

describe('field errors', () => {
  const err = new ApiError({
    status: 400,
    code: 'validation_failed',
    errors: [
      { field: 'name', code: 'too_long', params: { max: 120 } },
      { field: 'email', code: 'invalid_email', params: {} },
      { field: 'permissions[2]', code: 'unknown_permission', params: {} },
      { field: 'capacity', code: 'out_of_range', params: { min: 1, max: 50 } },
      { field: 'name', code: 'required', params: {} },
      { field: 'x', code: 'weird_code', params: {} },
    ],
  });

  it('maps each field to its first translated message with params', () => {
    const fields = fieldErrors(err, 'en');
    expect(fields.name).toBe('Use at most 120 characters.');
    expect(fields.email).toBe('Enter a valid email address.');
    expect(fields.permissions).toBe('One of the permissions does not exist.');
    expect(fields.capacity).toBe('Use a value between 1 and 50.');
    expect(fields.x).toBe('This value is not valid.');
  });

  it('translates into Spanish and Portuguese too', () => {
    expect(fieldMessage({ field: 'password', code: 'too_short', params: { min: 10 } }, 'es')).toBe(
      'Usa al menos 10 caracteres.',
    );
    expect(fieldMessage({ field: 'password', code: 'too_short', params: { min: 10 } }, 'pt-BR')).toBe(
      'Use pelo menos 10 caracteres.',
    );
  });

  it('reduces indexed fields to the form field', () => {
    expect(baseField('permissions[3]')).toBe('permissions');
    expect(baseField('items.0')).toBe('items');
    expect(baseField('name')).toBe('name');
  });
});
