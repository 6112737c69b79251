import { ApiError } from '../../../api/client';
import { fieldMessage } from '../../../api/problem';
import { type Interval, type OutOfHours, type Schedule, WEEKDAYS, type Weekday } from '../../../api/types';
import type { Language } from '../../../i18n';

/** BOT-1: at most three intervals a day (and a holiday). */
export const INTERVALS_MAX = 3;

export interface IntervalDraft {
  start: string;
  end: string;
}

export interface HolidayDraft {
  date: string;
  name: string;
  /** Closed the whole day; otherwise open in `intervals`. */
  closed: boolean;
  intervals: IntervalDraft[];
}

/** The schedule tab's form: the campaign's hours and what happens out of them. */
export interface ScheduleDraft {
  timeZone: string;
  alwaysOpen: boolean;
  days: Record<Weekday, IntervalDraft[]>;
  holidays: HolidayDraft[];
  action: OutOfHours['action'];
  message: string;
  sendMessage: boolean;
  applyToQueued: boolean;
}

const toDrafts = (intervals: Interval[] | undefined): IntervalDraft[] =>
  (intervals ?? []).map(([start, end]) => ({ start, end }));

const toIntervals = (drafts: IntervalDraft[]): Interval[] =>
  drafts.map((d) => [d.start.trim(), d.end.trim()]);

/** Office hours offered when a campaign has none: weekdays 08:00–18:00. */
const officeHours = (d: Weekday): IntervalDraft[] =>
  d === 'sat' || d === 'sun' ? [] : [{ start: '08:00', end: '18:00' }];

/**
 * The week shown when "open 24 hours" is switched off: the kept hours, or office hours when
 * none were kept (a schedule saved open around the clock has every day empty, which would read
 * as closed all week).
 */
export function daysToEdit(days: Record<Weekday, IntervalDraft[]>): Record<Weekday, IntervalDraft[]> {
  if (WEEKDAYS.some((d) => days[d].length > 0)) return days;
  return Object.fromEntries(WEEKDAYS.map((d) => [d, officeHours(d)])) as Record<Weekday, IntervalDraft[]>;
}

/** The form for a campaign's saved hours; a campaign without any starts on weekdays 08:00–18:00. */
export function scheduleDraft(
  schedule: Schedule | null,
  outOfHours: OutOfHours | null,
  fallbackZone: string,
): ScheduleDraft {
  const days = Object.fromEntries(
    WEEKDAYS.map((d) => [d, schedule ? toDrafts(schedule.days[d]) : officeHours(d)]),
  ) as Record<Weekday, IntervalDraft[]>;
  return {
    timeZone: schedule?.time_zone ?? fallbackZone,
    alwaysOpen: schedule?.always_open ?? false,
    days,
    holidays: (schedule?.holidays ?? []).map((h) => ({
      date: h.date,
      name: h.name,
      closed: h.intervals.length === 0,
      intervals: toDrafts(h.intervals),
    })),
    action: outOfHours?.action ?? 'queue',
    message: outOfHours?.message ?? '',
    sendMessage: outOfHours?.send_message ?? false,
    applyToQueued: outOfHours?.apply_to_queued ?? false,
  };
}

/** The PATCH body for the form: `schedule` and `out_of_hours` as the API takes them. */
export function schedulePatch(draft: ScheduleDraft): { schedule: Schedule; out_of_hours: OutOfHours } {
  return {
    schedule: {
      time_zone: draft.timeZone.trim(),
      always_open: draft.alwaysOpen,
      days: Object.fromEntries(WEEKDAYS.map((d) => [d, toIntervals(draft.days[d])])),
      holidays: draft.holidays.map((h) => ({
        date: h.date.trim(),
        name: h.name.trim(),
        intervals: h.closed ? [] : toIntervals(h.intervals),
      })),
    },
    out_of_hours: {
      action: draft.action,
      message: draft.message.trim(),
      send_message: draft.sendMessage,
      apply_to_queued: draft.applyToQueued,
    },
  };
}

/**
 * The API's field errors by their exact path (`schedule.days.mon.1.start`, `schedule.days.mon`,
 * `out_of_hours.message`…), translated; the form shows each beside its control.
 */
export function scheduleErrors(error: unknown, lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const item of error.problem.errors ?? []) {
    if (!(item.field in out)) out[item.field] = fieldMessage(item, lang);
  }
  return out;
}
