import { useState } from 'preact/hooks';
import type { ConversationReport } from '../../api/types';
import { EmptyState, SelectField } from '../../components/ui';
import { language, t } from '../../i18n';
import { formatDate, formatNumber } from '../../i18n/format';
import { StackedBars } from './chart';
import {
  COUNTS,
  chartSeries,
  type Figures,
  formatPercent,
  formatSeconds,
  type GroupBy,
  TIME_METRICS,
  type TimeMetric,
} from './report-logic';

type Row = ConversationReport['rows'][number];

/** A row's name: the date in the user's language for days, "no agent"/"no queue" for `none`. */
function rowLabel(row: Row, group: GroupBy, lang: string): string {
  if (group === 'day') return formatDate(`${row.key}T12:00:00Z`, lang as never, 'UTC');
  if (row.key === 'none') return t(`reports.none.${group}`);
  return row.label ?? '—';
}

/** The report's totals as cards, a chart of its rows, and its tables. */
export function ConversationReportView(props: { report: ConversationReport; group: GroupBy }) {
  const lang = language.value;
  const { report, group } = props;
  const label = (row: Row) => rowLabel(row, group, lang);
  const chart = chartSeries(report, label);
  return (
    <>
      <Totals totals={report.totals} />
      {report.rows.length === 0 ? (
        <EmptyState>{t('reports.empty')}</EmptyState>
      ) : (
        <>
          <section class="card" aria-labelledby="report-chart-title">
            <h2 id="report-chart-title">{t('reports.chart_title')}</h2>
            <StackedBars
              label={t('reports.chart_title')}
              lang={lang}
              categories={chart.categories}
              series={chart.series.map((s) => ({ name: t(`reports.counts.${s.count}`), values: s.values }))}
            />
          </section>
          <CountsTable report={report} label={label} group={group} />
          <TimesTable report={report} label={label} group={group} />
        </>
      )}
    </>
  );
}

function Totals(props: { totals: Figures }) {
  const lang = language.value;
  const { totals } = props;
  const cards: [string, string][] = [
    ['offered', formatNumber(totals.offered, lang)],
    ['attended', formatNumber(totals.attended, lang)],
    ['attended_pct', formatPercent(totals.attended_pct, lang)],
    ['tme', formatSeconds(totals.tme.avg, lang)],
    ['tma', formatSeconds(totals.tma.avg, lang)],
  ];
  return (
    <ul class="cards report-cards" aria-label={t('reports.totals')}>
      {cards.map(([name, value]) => (
        <li key={name} class="card report-card" data-total={name}>
          <h2>{t(`reports.cards.${name}`)}</h2>
          <p class="report-figure">{value}</p>
        </li>
      ))}
    </ul>
  );
}

function CountsTable(props: { report: ConversationReport; label: (r: Row) => string; group: GroupBy }) {
  const lang = language.value;
  const cells = (f: Figures) => [
    ...COUNTS.map((c) => [t(`reports.counts.${c}`), formatNumber(f[c], lang)]),
    [t('reports.counts.attended_pct'), formatPercent(f.attended_pct, lang)],
  ];
  const head = t(`reports.groups.${props.group}`);
  return (
    <section class="card" aria-labelledby="report-counts-title">
      <h2 id="report-counts-title">{t('reports.counts_title')}</h2>
      <table class="table table-stack report-table" data-table="counts">
        <thead>
          <tr>
            <th scope="col">{head}</th>
            {cells(props.report.totals).map(([name]) => (
              <th key={name} scope="col" class="num">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.report.rows.map((row) => (
            <tr key={row.key} data-row={row.key}>
              <td data-label={head}>{props.label(row)}</td>
              {cells(row).map(([name, value]) => (
                <td key={name} data-label={name} class="num">
                  {value}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-row="totals">
            <td data-label={head}>{t('reports.total')}</td>
            {cells(props.report.totals).map(([name, value]) => (
              <td key={name} data-label={name} class="num">
                {value}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

/** One time figure at a time (its average, median, p90, max and count): six at once do not fit. */
function TimesTable(props: { report: ConversationReport; label: (r: Row) => string; group: GroupBy }) {
  const lang = language.value;
  const [metric, setMetric] = useState<TimeMetric>('tme');
  const columns = ['avg', 'p50', 'p90', 'max', 'n'] as const;
  const cells = (f: Figures) =>
    columns.map((c) => [
      t(`reports.stats.${c}`),
      c === 'n' ? formatNumber(f[metric].n, lang) : formatSeconds(f[metric][c], lang),
    ]);
  const head = t(`reports.groups.${props.group}`);
  return (
    <section class="card" aria-labelledby="report-times-title">
      <h2 id="report-times-title">{t('reports.times_title')}</h2>
      <SelectField
        id="report-metric"
        label={t('reports.metric')}
        hint={t(`reports.metrics.${metric}_hint`)}
        value={metric}
        options={TIME_METRICS.map((m) => ({ value: m, label: t(`reports.metrics.${m}`) }))}
        onValue={(v) => setMetric(v as TimeMetric)}
      />
      <table class="table table-stack report-table" data-table="times">
        <thead>
          <tr>
            <th scope="col">{head}</th>
            {columns.map((c) => (
              <th key={c} scope="col" class="num">
                {t(`reports.stats.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.report.rows.map((row) => (
            <tr key={row.key} data-row={row.key}>
              <td data-label={head}>{props.label(row)}</td>
              {cells(row).map(([name, value]) => (
                <td key={name} data-label={name} class="num">
                  {value}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-row="totals">
            <td data-label={head}>{t('reports.total')}</td>
            {cells(props.report.totals).map(([name, value]) => (
              <td key={name} data-label={name} class="num">
                {value}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
