import { useState } from 'preact/hooks';
import {
  type Broadcast,
  type BroadcastReport,
  broadcasts,
  type ReportFigures,
  type ReportFilters,
  type ReportOrigin,
} from '../../api/broadcasts';
import { endpoints } from '../../api/endpoints';
import { errorFields } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { useSubmit } from '../../components/forms/useSubmit';
import { Button, EmptyState, SelectField, TextField } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { language, t } from '../../i18n';
import { defaultFilters, rate, withBroadcast } from './report-logic';

const ORIGINS: ReportOrigin[] = ['broadcast', 'conversation', 'api'];
const FIGURES = ['sent', 'delivered', 'read', 'failed', 'replied'] as const;

function FigureCells(props: { figures: ReportFigures }) {
  return (
    <>
      {FIGURES.map((k) => (
        <td key={k} data-label={t(`broadcast_report.figures.${k}`)}>
          {props.figures[k]}
        </td>
      ))}
      <td data-label={t('broadcast_report.figures.reply_rate')}>
        {rate(props.figures.reply_rate, language.value)}
      </td>
    </>
  );
}

function FigureHeads() {
  return (
    <>
      {FIGURES.map((k) => (
        <th key={k}>{t(`broadcast_report.figures.${k}`)}</th>
      ))}
      <th>{t('broadcast_report.figures.reply_rate')}</th>
    </>
  );
}

/** The totals as cards, then a table per broadcast or origin and one per day. */
function ReportResult(props: { report: BroadcastReport }) {
  const r = props.report;
  if (!r.sources.length) return <EmptyState>{t('broadcast_report.empty')}</EmptyState>;
  return (
    <>
      <p class="muted">{t('broadcast_report.time_zone', { zone: r.time_zone })}</p>
      <ul class="cards report-totals" aria-label={t('broadcast_report.title')}>
        {[...FIGURES, 'reply_rate' as const].map((k) => (
          <li key={k} class="card">
            <h3>{t(`broadcast_report.figures.${k}`)}</h3>
            <p class="report-figure">
              {k === 'reply_rate' ? rate(r.totals[k], language.value) : r.totals[k]}
            </p>
          </li>
        ))}
      </ul>
      <h3>{t('broadcast_report.by_source')}</h3>
      <div class="table-scroll">
        <table class="table table-stack" aria-label={t('broadcast_report.by_source')}>
          <thead>
            <tr>
              <th>{t('broadcast_report.source')}</th>
              <FigureHeads />
            </tr>
          </thead>
          <tbody>
            {r.sources.map((s) => (
              <tr key={`${s.origin}-${s.broadcast_id ?? ''}`}>
                <td data-label={t('broadcast_report.source')}>
                  {s.broadcast_name ?? t(`broadcast_report.origins.${s.origin}`)}
                </td>
                <FigureCells figures={s.figures} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('broadcast_report.by_day')}</h3>
      <div class="table-scroll">
        <table class="table table-stack" aria-label={t('broadcast_report.by_day')}>
          <thead>
            <tr>
              <th>{t('broadcast_report.day')}</th>
              <FigureHeads />
            </tr>
          </thead>
          <tbody>
            {r.days.map((d) => (
              <tr key={d.day}>
                <td data-label={t('broadcast_report.day')}>{d.day}</td>
                <FigureCells figures={d.figures} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The Report tab (OUT-6): filters, totals, the tables and the CSV download. */
export function BroadcastReportPanel(props: { list: Broadcast[] }) {
  const [filters, setFilters] = useState<ReportFilters>(() => defaultFilters(new Date()));
  const [shown, setShown] = useState<{ report: BroadcastReport; filters: ReportFilters } | null>(null);
  const channels = useResource(() => endpoints.allChannels(), []);
  const { busy, problem, submit } = useSubmit();
  const fields = errorFields(problem);
  const set = (patch: Partial<ReportFilters>) => setFilters({ ...filters, ...patch });

  async function show(e: Event) {
    e.preventDefault();
    const asked = filters;
    await submit(async () => setShown({ report: await broadcasts.report(asked), filters: asked }));
  }

  const numbers = (channels.data ?? []).filter((c) => c.kind === 'whatsapp');
  return (
    <section class="stack" aria-labelledby="broadcast-report-title">
      <h2 id="broadcast-report-title">{t('broadcast_report.title')}</h2>
      <p class="muted">{t('broadcast_report.intro')}</p>
      <form class="toolbar report-filters" onSubmit={show}>
        <TextField
          id="report-from"
          type="date"
          label={t('broadcast_report.from')}
          value={filters.from}
          onValue={(from) => set({ from })}
          error={fields.from}
        />
        <TextField
          id="report-to"
          type="date"
          label={t('broadcast_report.to')}
          value={filters.to}
          onValue={(to) => set({ to })}
          error={fields.to}
        />
        <SelectField
          id="report-channel"
          label={t('broadcast_report.channel')}
          value={filters.channel_id}
          options={[
            { value: '', label: t('broadcast_report.all_channels') },
            ...numbers.map((c) => ({ value: c.id, label: c.name })),
          ]}
          onValue={(channel_id) => set({ channel_id })}
        />
        <SelectField
          id="report-origin"
          label={t('broadcast_report.origin')}
          value={filters.origin}
          options={[
            { value: '', label: t('broadcast_report.all_origins') },
            ...ORIGINS.map((o) => ({
              value: o,
              label: t(`broadcast_report.origins.${o}`),
              disabled: Boolean(filters.broadcast_id) && o !== 'broadcast',
            })),
          ]}
          onValue={(origin) => set({ origin: origin as ReportOrigin | '' })}
        />
        <SelectField
          id="report-broadcast"
          label={t('broadcast_report.broadcast')}
          value={filters.broadcast_id}
          options={[
            { value: '', label: t('broadcast_report.all_broadcasts') },
            ...props.list.map((b) => ({ value: b.id, label: b.name })),
          ]}
          onValue={(id) => setFilters(withBroadcast(filters, id))}
        />
        <Button type="submit" disabled={busy}>
          {t('broadcast_report.show')}
        </Button>
        {shown ? (
          <a class="btn btn-secondary" href={broadcasts.reportCsvUrl(shown.filters)} download>
            {t('broadcast_report.download')}
          </a>
        ) : null}
      </form>
      {problem && !Object.keys(fields).length ? <ErrorBanner error={problem} /> : null}
      {shown ? <ReportResult report={shown.report} /> : null}
    </section>
  );
}
