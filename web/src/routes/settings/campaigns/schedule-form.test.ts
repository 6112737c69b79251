import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import type { Schedule } from '../../../api/types';
import { daysToEdit, scheduleDraft, scheduleErrors, schedulePatch } from './schedule-form';

const saved: Schedule = {
  time_zone: 'America/Bogota',
  always_open: false,
  days: {
    mon: [
      ['08:00', '12:00'],
      ['14:00', '18:00'],
    ],
    tue: [['08:00', '18:00']],
    wed: [],
    thu: [],
    fri: [],
    sat: [['09:00', '13:00']],
    sun: [],
  },
  holidays: [
    { date: '25/12', name: 'Navidad', intervals: [] },
    { date: '24/12', name: 'Nochebuena', intervals: [['08:00', '12:00']] },
  ],
};

describe('schedule form', () => {
  it('starts a campaign without hours on weekdays 08:00–18:00 in the user zone, queueing out of hours', () => {
    const draft = scheduleDraft(null, null, 'America/Lima');
    expect(draft.timeZone).toBe('America/Lima');
    expect(draft.days.mon).toEqual([{ start: '08:00', end: '18:00' }]);
    expect(draft.days.sat).toEqual([]);
    expect(draft.holidays).toEqual([]);
    expect(draft.action).toBe('queue');
    expect(draft.sendMessage).toBe(false);
  });

  it('gives back exactly what the API answered', () => {
    const ooh = {
      action: 'close' as const,
      message: 'Volvemos a las 8',
      send_message: true,
      apply_to_queued: true,
    };
    const draft = scheduleDraft(saved, ooh, 'UTC');
    expect(draft.holidays[0]).toEqual({ date: '25/12', name: 'Navidad', closed: true, intervals: [] });
    expect(draft.holidays[1]?.closed).toBe(false);
    expect(schedulePatch(draft)).toEqual({ schedule: saved, out_of_hours: ooh });
  });

  it('trims what was typed and sends a closed holiday without hours', () => {
    const draft = scheduleDraft(saved, null, 'UTC');
    draft.timeZone = ' America/Bogota ';
    draft.days.wed = [{ start: ' 09:00', end: '17:00 ' }];
    draft.holidays[1] = {
      date: ' 01/05 ',
      name: ' Día del trabajo ',
      closed: true,
      intervals: [{ start: '08:00', end: '12:00' }],
    };
    draft.message = '  Fuera de horario  ';
    const patch = schedulePatch(draft);
    expect(patch.schedule.time_zone).toBe('America/Bogota');
    expect(patch.schedule.days.wed).toEqual([['09:00', '17:00']]);
    expect(patch.schedule.holidays[1]).toEqual({ date: '01/05', name: 'Día del trabajo', intervals: [] });
    expect(patch.out_of_hours.message).toBe('Fuera de horario');
  });

  it('translates the API errors by their exact paths', () => {
    const error = new ApiError({
      status: 422,
      code: 'validation_failed',
      errors: [
        { field: 'schedule.days.mon', code: 'overlap', params: {} },
        { field: 'schedule.days.tue.0.start', code: 'invalid_time', params: {} },
        { field: 'schedule.days.mon', code: 'too_many', params: { max: 3 } },
        { field: 'schedule.holidays.0.date', code: 'invalid_date', params: {} },
        { field: 'out_of_hours.message', code: 'required', params: {} },
      ],
    });
    expect(scheduleErrors(error, 'es')).toEqual({
      'schedule.days.mon': 'Los horarios de este día se superponen.',
      'schedule.days.tue.0.start': 'Usa una hora entre 00:00 y 24:00, como 08:30.',
      'schedule.holidays.0.date': 'Escribe una fecha DD/MM que exista, como 25/12.',
      'out_of_hours.message': 'Este campo es obligatorio.',
    });
    expect(scheduleErrors(new Error('offline'), 'es')).toEqual({});
  });

  it('offers office hours when "open 24 hours" is switched off on a week with no hours kept', () => {
    const empty = scheduleDraft({ ...saved, always_open: true, days: {} }, null, 'UTC').days;
    const week = daysToEdit(empty);
    expect(week.mon).toEqual([{ start: '08:00', end: '18:00' }]);
    expect(week.fri).toEqual([{ start: '08:00', end: '18:00' }]);
    expect(week.sat).toEqual([]);
    const kept = scheduleDraft(saved, null, 'UTC').days;
    expect(daysToEdit(kept)).toBe(kept);
  });
});
