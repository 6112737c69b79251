import { useState } from 'preact/hooks';
import { endpoints } from '../../../api/endpoints';
import { type CampaignSettings, WEEKDAYS } from '../../../api/types';
import { ErrorBanner } from '../../../components/forms/ErrorBanner';
import { useSubmit } from '../../../components/forms/useSubmit';
import { TimeZoneField } from '../../../components/TimeZoneField';
import { Alert, Button, CheckboxField, EmptyState, SelectField, TextField } from '../../../components/ui';
import { language, t } from '../../../i18n';
import { me } from '../../../state/store';
import { notify } from '../../../state/toasts';
import {
  daysToEdit,
  type HolidayDraft,
  INTERVALS_MAX,
  type IntervalDraft,
  type ScheduleDraft,
  scheduleDraft,
  scheduleErrors,
  schedulePatch,
} from './schedule-form';

/** A day's (or holiday's) intervals: from–to rows, add up to three, remove any. */
function Intervals(props: {
  id: string;
  /** "Add hours on Monday" / "Add hours on Christmas". */
  addLabel: string;
  /** Names the interval a remove button takes out, "interval 2 on Monday". */
  intervalLabel: (n: number) => string;
  path: string;
  intervals: IntervalDraft[];
  errors: Record<string, string>;
  onChange: (intervals: IntervalDraft[]) => void;
}) {
  const { id, path, intervals, errors } = props;
  const set = (i: number, patch: Partial<IntervalDraft>) =>
    props.onChange(intervals.map((iv, j) => (j === i ? { ...iv, ...patch } : iv)));
  const dayError = errors[path];
  return (
    <div class={`intervals${dayError ? ' field-invalid' : ''}`}>
      {intervals.length === 0 ? <p class="muted intervals-closed">{t('campaigns.schedule.closed')}</p> : null}
      {intervals.map((iv, i) => {
        const rowError = errors[`${path}.${i}`];
        return (
          <div key={i} class="interval">
            <TextField
              id={`${id}-${i}-start`}
              label={t('campaigns.schedule.from')}
              value={iv.start}
              onValue={(v) => set(i, { start: v })}
              error={errors[`${path}.${i}.start`]}
              placeholder="08:00"
              inputMode="numeric"
              maxLength={5}
              autoComplete="off"
            />
            <TextField
              id={`${id}-${i}-end`}
              label={t('campaigns.schedule.to')}
              value={iv.end}
              onValue={(v) => set(i, { end: v })}
              error={errors[`${path}.${i}.end`] ?? rowError}
              placeholder="18:00"
              inputMode="numeric"
              maxLength={5}
              autoComplete="off"
            />
            <Button
              small
              variant="ghost"
              class="interval-remove"
              onClick={() => props.onChange(intervals.filter((_, j) => j !== i))}
            >
              {t('campaigns.schedule.remove')}
              <span class="visually-hidden"> {props.intervalLabel(i + 1)}</span>
            </Button>
          </div>
        );
      })}
      {dayError ? (
        <p class="field-error" id={`${id}-error`}>
          {dayError}
        </p>
      ) : null}
      {intervals.length < INTERVALS_MAX ? (
        <Button
          small
          onClick={() =>
            props.onChange([
              ...intervals,
              { start: intervals.length ? '14:00' : '08:00', end: intervals.length ? '18:00' : '12:00' },
            ])
          }
        >
          {props.addLabel}
        </Button>
      ) : null}
    </div>
  );
}

function Holiday(props: {
  index: number;
  holiday: HolidayDraft;
  errors: Record<string, string>;
  onChange: (h: HolidayDraft) => void;
  onRemove: () => void;
}) {
  const { index: i, holiday: h, errors } = props;
  const path = `schedule.holidays.${i}`;
  const label = h.name || h.date || t('campaigns.schedule.new_holiday');
  return (
    <li class="card holiday">
      <div class="holiday-fields">
        <TextField
          id={`holiday-${i}-date`}
          label={t('campaigns.schedule.holiday_date')}
          hint={t('campaigns.schedule.holiday_date_hint')}
          value={h.date}
          onValue={(v) => props.onChange({ ...h, date: v })}
          error={errors[`${path}.date`]}
          placeholder="25/12"
          inputMode="numeric"
          maxLength={5}
        />
        <TextField
          id={`holiday-${i}-name`}
          label={t('fields.name')}
          value={h.name}
          onValue={(v) => props.onChange({ ...h, name: v })}
          error={errors[`${path}.name`]}
        />
      </div>
      <CheckboxField
        id={`holiday-${i}-closed`}
        label={t('campaigns.schedule.holiday_closed')}
        checked={h.closed}
        onChecked={(closed) =>
          props.onChange({
            ...h,
            closed,
            intervals: !closed && h.intervals.length === 0 ? [{ start: '09:00', end: '13:00' }] : h.intervals,
          })
        }
      />
      {h.closed ? null : (
        <Intervals
          id={`holiday-${i}`}
          addLabel={t('campaigns.schedule.holiday_add_interval', { name: label })}
          intervalLabel={(n) => t('campaigns.schedule.holiday_interval_of', { name: label, n })}
          path={`${path}.intervals`}
          intervals={h.intervals}
          errors={errors}
          onChange={(intervals) => props.onChange({ ...h, intervals })}
        />
      )}
      <Button small variant="ghost" onClick={props.onRemove}>
        {t('campaigns.schedule.remove_holiday', { name: label })}
      </Button>
    </li>
  );
}

/** The weekly hours, Monday first. */
function WeekFieldset(props: {
  draft: ScheduleDraft;
  errors: Record<string, string>;
  onDays: (days: ScheduleDraft['days']) => void;
}) {
  const { draft, errors } = props;
  return (
    <fieldset class="plain-fieldset">
      <legend>{t('campaigns.schedule.week')}</legend>
      <ul class="weekdays">
        {WEEKDAYS.map((d) => (
          <li key={d}>
            <fieldset class="weekday">
              <legend class="weekday-name">{t(`campaigns.days.${d}`)}</legend>
              <Intervals
                id={`day-${d}`}
                addLabel={t('campaigns.schedule.add_interval', { day: t(`campaigns.days_lower.${d}`) })}
                intervalLabel={(n) =>
                  t('campaigns.schedule.interval_of', { day: t(`campaigns.days_lower.${d}`), n })
                }
                path={`schedule.days.${d}`}
                intervals={draft.days[d]}
                errors={errors}
                onChange={(intervals) => props.onDays({ ...draft.days, [d]: intervals })}
              />
            </fieldset>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** Yearly holidays, each closed all day or open in its own hours. */
function HolidaysFieldset(props: {
  holidays: HolidayDraft[];
  errors: Record<string, string>;
  onHolidays: (holidays: HolidayDraft[]) => void;
}) {
  const { holidays, errors } = props;
  return (
    <fieldset class="plain-fieldset">
      <legend>{t('campaigns.schedule.holidays')}</legend>
      <p class="muted">{t('campaigns.schedule.holidays_hint')}</p>
      {errors['schedule.holidays'] ? <p class="field-error">{errors['schedule.holidays']}</p> : null}
      {holidays.length === 0 ? <EmptyState>{t('campaigns.schedule.no_holidays')}</EmptyState> : null}
      <ul class="holidays">
        {holidays.map((h, i) => (
          <Holiday
            key={i}
            index={i}
            holiday={h}
            errors={errors}
            onChange={(next) => props.onHolidays(holidays.map((x, j) => (j === i ? next : x)))}
            onRemove={() => props.onHolidays(holidays.filter((_, j) => j !== i))}
          />
        ))}
      </ul>
      <Button
        onClick={() => props.onHolidays([...holidays, { date: '', name: '', closed: true, intervals: [] }])}
      >
        {t('campaigns.schedule.add_holiday')}
      </Button>
    </fieldset>
  );
}

/** BOT-1 and BOT-2: the campaign's opening hours, holidays, and what happens out of hours. */
export function ScheduleTab(props: { campaign: CampaignSettings; onSaved: (c: CampaignSettings) => void }) {
  const c = props.campaign;
  const zone = me.value?.user.time_zone ?? 'America/Bogota';
  const [draft, setDraft] = useState<ScheduleDraft>(() => scheduleDraft(c.schedule, c.out_of_hours, zone));
  const saving = useSubmit({ toast: true, fields: (problem) => scheduleErrors(problem, language.value) });
  const clearing = useSubmit({ toast: true });
  const errors = saving.fieldErrors;
  const set = (patch: Partial<ScheduleDraft>) => setDraft({ ...draft, ...patch });

  async function save(e: Event) {
    e.preventDefault();
    await saving.submit(async () => {
      const saved = await endpoints.updateCampaign(c.id, schedulePatch(draft));
      setDraft(scheduleDraft(saved.schedule, saved.out_of_hours, zone));
      notify('success', t('campaigns.saved'));
      props.onSaved(saved);
    });
  }

  async function clear() {
    await clearing.submit(async () => {
      const saved = await endpoints.updateCampaign(c.id, { schedule: null, out_of_hours: null });
      setDraft(scheduleDraft(null, null, zone));
      saving.reset();
      notify('success', t('campaigns.schedule.cleared'));
      props.onSaved(saved);
    });
  }

  const hasErrors = Object.keys(errors).length > 0;
  return (
    <form onSubmit={save} noValidate class="schedule-form">
      {c.schedule === null ? <Alert kind="info">{t('campaigns.schedule.none')}</Alert> : null}
      <ErrorBanner error={hasErrors ? t('errors.validation_failed') : null} />
      <TimeZoneField
        id="schedule-zone"
        value={draft.timeZone}
        onValue={(v) => set({ timeZone: v })}
        error={errors['schedule.time_zone']}
      />
      <CheckboxField
        id="schedule-always"
        label={t('campaigns.schedule.always_open')}
        hint={t('campaigns.schedule.always_open_hint')}
        checked={draft.alwaysOpen}
        onChecked={(on) => set({ alwaysOpen: on, days: on ? draft.days : daysToEdit(draft.days) })}
      />
      {/* Around the clock, the week and the holidays do not apply: showing their rows (often all
          "Closed") beside the switch would contradict it. They stay in the draft, and come back. */}
      {draft.alwaysOpen ? (
        <p class="muted" id="schedule-always-note">
          {t('campaigns.schedule.always_open_note')}
        </p>
      ) : (
        <>
          <WeekFieldset draft={draft} errors={errors} onDays={(days) => set({ days })} />
          <HolidaysFieldset
            holidays={draft.holidays}
            errors={errors}
            onHolidays={(holidays) => set({ holidays })}
          />
        </>
      )}
      <fieldset class="plain-fieldset">
        <legend>{t('campaigns.schedule.out_of_hours')}</legend>
        <SelectField
          id="ooh-action"
          label={t('campaigns.schedule.action')}
          value={draft.action}
          options={[
            { value: 'queue', label: t('campaigns.schedule.actions.queue') },
            { value: 'close', label: t('campaigns.schedule.actions.close') },
          ]}
          onValue={(v) => set({ action: v === 'close' ? 'close' : 'queue' })}
          hint={t(`campaigns.schedule.actions.${draft.action}_hint`)}
          error={errors['out_of_hours.action']}
        />
        <CheckboxField
          id="ooh-apply"
          label={t('campaigns.schedule.apply_to_queued')}
          hint={t('campaigns.schedule.apply_to_queued_hint')}
          checked={draft.applyToQueued}
          onChecked={(on) => set({ applyToQueued: on })}
        />
        <CheckboxField
          id="ooh-send"
          label={t('campaigns.schedule.send_message')}
          checked={draft.sendMessage}
          onChecked={(on) => set({ sendMessage: on })}
        />
        <div class={`field${errors['out_of_hours.message'] ? ' field-invalid' : ''}`}>
          <label for="ooh-message">{t('campaigns.schedule.message')}</label>
          <textarea
            id="ooh-message"
            class="input"
            rows={3}
            value={draft.message}
            disabled={!draft.sendMessage}
            aria-invalid={errors['out_of_hours.message'] ? true : undefined}
            aria-describedby={
              errors['out_of_hours.message']
                ? 'ooh-message-error'
                : draft.sendMessage
                  ? undefined
                  : 'ooh-message-off'
            }
            onInput={(e) => set({ message: (e.currentTarget as HTMLTextAreaElement).value })}
          />
          {draft.sendMessage ? null : (
            <p class="field-hint" id="ooh-message-off">
              {t('campaigns.schedule.message_off_hint')}
            </p>
          )}
          {errors['out_of_hours.message'] ? (
            <p class="field-error" id="ooh-message-error">
              {errors['out_of_hours.message']}
            </p>
          ) : null}
        </div>
      </fieldset>
      <div class="form-actions">
        <Button type="submit" variant="primary" busy={saving.busy}>
          {t('common.save')}
        </Button>
        {c.schedule !== null ? (
          <Button variant="ghost" busy={clearing.busy} onClick={clear}>
            {t('campaigns.schedule.clear')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
