import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDate,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatTime,
  formatWait,
  safeTimeZone,
  timeZones,
} from './format';
import { interpolate, pickLanguage, translate, translateCount } from './index';

const instant = '2026-03-05T15:30:00Z';

describe('dates in the user locale and time zone', () => {
  it('shows the local time of the user time zone', () => {
    expect(formatDateTime(instant, 'es', 'America/Bogota')).toContain('10:30');
    expect(formatDateTime(instant, 'pt-BR', 'America/Sao_Paulo')).toContain('12:30');
    expect(formatDateTime(instant, 'en', 'UTC')).toContain('3:30');
  });

  it('uses each language for month names and order', () => {
    expect(formatDate(instant, 'es', 'UTC')).toMatch(/mar/i);
    expect(formatDate(instant, 'pt-BR', 'UTC')).toMatch(/mar/i);
    expect(formatDate(instant, 'en', 'UTC')).toMatch(/Mar 5, 2026/);
    expect(formatDate(instant, 'es', 'UTC')).toMatch(/^5/);
  });

  it('crosses the date line with the zone', () => {
    expect(formatDate('2026-03-05T02:00:00Z', 'en', 'America/Mexico_City')).toMatch(/Mar 4/);
  });

  it('falls back to the device zone for an unknown zone, and to empty for a bad date', () => {
    expect(safeTimeZone('Mars/Olympus')).toBeUndefined();
    expect(safeTimeZone('Europe/Madrid')).toBe('Europe/Madrid');
    expect(formatDateTime(instant, 'en', 'Mars/Olympus')).not.toBe('');
    expect(formatDateTime('nope', 'en', 'UTC')).toBe('');
  });

  it('lists time zones including UTC', () => {
    const zones = timeZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('America/Bogota');
  });
});

describe('numbers', () => {
  it('groups digits the local way', () => {
    expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
    expect(formatNumber(1234567.5, 'pt-BR')).toBe('1.234.567,5');
    expect(formatNumber(1234567.5, 'es')).toMatch(/^1.234.567,5$/);
  });
});

describe('waits', () => {
  it('says how long to wait in words', () => {
    expect(formatWait(30, 'en')).toBe('in 30 seconds');
    expect(formatWait(90, 'es')).toBe('dentro de 2 minutos');
    expect(formatWait(7200, 'pt-BR')).toBe('em 2 horas');
  });
});

describe('translate', () => {
  it('fills placeholders and falls back to Spanish, then to the key', () => {
    expect(interpolate('Hola, {name}. {missing}', { name: 'Ana' })).toBe('Hola, Ana. {missing}');
    expect(translate('en', 'statuses.paused')).toBe('Paused');
    expect(translate('pt-BR', 'statuses.paused')).toBe('Em pausa');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });

  it('picks the language from browser tags', () => {
    expect(pickLanguage(['pt-PT', 'en'])).toBe('pt-BR');
    expect(pickLanguage(['en-GB'])).toBe('en');
    expect(pickLanguage(['de-DE'])).toBe('es');
    expect(pickLanguage(['es-MX'])).toBe('es');
  });
});

describe('times of day and file sizes', () => {
  it('shows only the time in the user zone', () => {
    expect(formatTime(instant, 'es', 'America/Bogota')).toBe('10:30');
    expect(formatTime(instant, 'en', 'UTC')).toMatch(/^3:30\sPM$/);
    expect(formatTime('nope', 'en', 'UTC')).toBe('');
  });

  it('scales bytes to a readable unit', () => {
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(2500, 'en')).toBe('2.5 kB');
    expect(formatBytes(34_000_000, 'en')).toBe('34 MB');
  });
});

describe('formatDuration', () => {
  it('uses one short unit per magnitude, in the user language', () => {
    expect(formatDuration(45.4, 'en')).toBe('45 sec');
    expect(formatDuration(150, 'en')).toBe('2.5 min');
    expect(formatDuration(5400, 'en')).toBe('1.5 hr');
    expect(formatDuration(150, 'es')).toBe('2,5 min');
  });
});

describe('counted texts', () => {
  it('agree with their count in every language', () => {
    expect(translateCount('es', 'profiles.member_count', 1)).toBe('1 miembro');
    expect(translateCount('es', 'profiles.member_count', 2)).toBe('2 miembros');
    expect(translateCount('es', 'profiles.member_count', 0)).toBe('0 miembros');
    expect(translateCount('pt-BR', 'surveys.answers_n', 1)).toBe('1 resposta');
    expect(translateCount('pt-BR', 'surveys.answers_n', 3)).toBe('3 respostas');
    expect(translateCount('en', 'surveys.answers_n', 1)).toBe('1 answer');
    expect(translateCount('en', 'surveys.answers_n', 1200)).toBe('1,200 answers');
    expect(translateCount('es', 'profiles.delete_confirm', 1, { name: 'Ventas' })).toBe(
      '¿Eliminar el perfil «Ventas»? 1 miembro perderá sus permisos.',
    );
  });
});
