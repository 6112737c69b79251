import type { AgentReport } from '../../api/types';
import { EmptyState } from '../../components/ui';
import { language, t } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { StackedBars } from './chart';
import { formatPercent, formatSeconds } from './report-logic';

type Row = AgentReport['rows'][number];

const COLUMNS = [
  'offered',
  'attended',
  'closed',
  'transferred',
  'abandoned',
  'attended_pct',
  'tma',
  'first_response',
] as const;

function cell(row: Row, column: (typeof COLUMNS)[number], lang: string): string {
  switch (column) {
    case 'attended_pct':
      return formatPercent(row.attended_pct, lang);
    case 'tma':
    case 'first_response':
      return formatSeconds(row[column].avg, lang);
    default:
      return formatNumber(row[column], lang as never);
  }
}

/** The agents report (by name) or the leaderboard (best first, with places): a chart and a table. */
export function AgentReportView(props: { report: AgentReport; leaderboard: boolean }) {
  const lang = language.value;
  const rows = props.report.rows;
  if (rows.length === 0) return <EmptyState>{t('reports.agents.empty')}</EmptyState>;
  const name = (r: Row) => r.name ?? t('reports.agents.removed');
  const drawn = ['closed', 'transferred', 'abandoned'] as const;
  return (
    <>
      <section class="card" aria-labelledby="agents-chart-title">
        <h2 id="agents-chart-title">{t('reports.agents.chart_title')}</h2>
        <StackedBars
          label={t('reports.agents.chart_title')}
          lang={lang}
          categories={rows.map(name)}
          series={drawn.map((c) => ({
            name: t(`reports.agents.columns.${c}`),
            values: rows.map((r) => r[c]),
          }))}
        />
      </section>
      <section class="card" aria-labelledby="agents-table-title">
        <h2 id="agents-table-title">
          {props.leaderboard ? t('reports.tabs.leaderboard') : t('reports.tabs.agents')}
        </h2>
        <table class="table table-stack report-table" data-table="agents">
          <thead>
            <tr>
              {props.leaderboard ? <th scope="col">{t('reports.agents.place')}</th> : null}
              <th scope="col">{t('reports.groups.agent')}</th>
              {COLUMNS.map((c) => (
                <th key={c} scope="col" class="num">
                  {t(`reports.agents.columns.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.agent_id} data-row={row.agent_id}>
                {props.leaderboard ? (
                  <td data-label={t('reports.agents.place')} class="num">
                    {formatNumber(row.place, lang)}
                  </td>
                ) : null}
                <td data-label={t('reports.groups.agent')}>{name(row)}</td>
                {COLUMNS.map((c) => (
                  <td key={c} data-label={t(`reports.agents.columns.${c}`)} class="num">
                    {cell(row, c, lang)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
