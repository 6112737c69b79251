import { useEffect, useRef, useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { Monitoring } from '../../api/types';
import { num } from '../../components/format';
import { language, t } from '../../i18n';
import { formatDuration } from '../../i18n/format';
import { app } from '../../state/store';

/** How long after a live event the figures are read again: a burst of events reads once. */
const SETTLE_MS = 400;
/** The longest wait grows by itself; read again at least this often. */
const REFRESH_MS = 30_000;

function seconds(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : formatDuration(value, language.value);
}

function Figure(props: { name: string; label: string; value: string; detail?: string }) {
  return (
    <div class="mon-figure" data-figure={props.name}>
      <span class="mon-label">{props.label}</span>
      <strong class="mon-value">{props.value}</strong>
      {props.detail ? <span class="mon-detail muted">{props.detail}</span> : null}
    </div>
  );
}

/** REP-1's figures as cards, read again whenever the live connection reports a change. */
export function MonitoringCards() {
  const [figures, setFigures] = useState<Monitoring | null>(null);
  const lastEventId = app.value.lastEventId;
  const reloads = app.value.reloads;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let live = true;
    const read = () => {
      endpoints.monitoring().then(
        (value) => live && setFigures(value),
        () => undefined,
      );
    };
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(read, figures ? SETTLE_MS : 0);
    const every = setInterval(read, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(every);
    };
  }, [lastEventId, reloads]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  if (!figures) return null;
  const today = figures.today;
  const agents = figures.agents;
  return (
    <section class="card sup-wide" aria-labelledby="sup-monitoring">
      <h2 id="sup-monitoring">{t('monitoring.title')}</h2>
      <div class="mon-grid">
        <Figure name="in_queue" label={t('monitoring.in_queue')} value={num(figures.in_queue)} />
        <Figure
          name="longest_wait"
          label={t('monitoring.longest_wait')}
          value={seconds(figures.longest_wait)}
        />
        <Figure
          name="in_attendance"
          label={t('monitoring.in_attendance')}
          value={num(figures.in_attendance)}
        />
        <Figure
          name="first_response"
          label={t('monitoring.first_response')}
          value={seconds(figures.first_response.avg)}
          detail={t('monitoring.max', { value: seconds(figures.first_response.max) })}
        />
        <Figure name="response" label={t('monitoring.response')} value={seconds(figures.response.avg)} />
        <Figure name="attention" label={t('monitoring.attention')} value={seconds(figures.attention.avg)} />
        <Figure
          name="today"
          label={t('monitoring.today')}
          value={num(today.open + today.closed)}
          detail={t('monitoring.today_detail', {
            open: num(today.open),
            closed: num(today.closed),
            abandoned: num(today.abandoned),
            lost: num(today.lost),
          })}
        />
        <Figure
          name="agents"
          label={t('monitoring.agents')}
          value={num(agents.online)}
          detail={t('monitoring.agents_detail', {
            paused: num(agents.paused),
            invisible: num(agents.invisible),
          })}
        />
      </div>
    </section>
  );
}
