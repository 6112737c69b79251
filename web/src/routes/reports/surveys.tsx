import { bots } from '../../api/bots';
import { endpoints, itemsOf } from '../../api/endpoints';
import { when } from '../../components/format';
import { ErrorBanner } from '../../components/forms/ErrorBanner';
import { Badge, EmptyState, Link, PageHeader, SelectField, Spinner } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { language, t, tn } from '../../i18n';
import { navigate, queryParam } from '../router';
import { oneDecimal, PERIODS, type Period, percent, scoreLabel, scoreTone, sinceFor } from './surveys-logic';

/** `/reports/surveys?campaign=&agent=&period=`: CSAT and NPS answers (BOT-5). */
export function SurveysPage() {
  const campaign = queryParam('campaign') ?? '';
  const agent = queryParam('agent') ?? '';
  const periodParam = queryParam('period') as Period | null;
  const period: Period = periodParam && PERIODS.includes(periodParam) ? periodParam : '30';
  const campaigns = useResource(() => endpoints.campaigns(), []);
  // Listing agents needs an inbox permission; without it the filter just offers "everyone".
  const agents = useResource(() => endpoints.agents().then(itemsOf, () => []), []);
  const results = useResource(
    () =>
      bots.surveys({
        campaign_id: campaign || undefined,
        agent_id: agent || undefined,
        since: sinceFor(period, new Date()),
      }),
    [campaign, agent, period],
  );
  const go = (next: { campaign?: string; agent?: string; period?: Period }) => {
    const params = new URLSearchParams();
    const c = next.campaign ?? campaign;
    const a = next.agent ?? agent;
    if (c) params.set('campaign', c);
    if (a) params.set('agent', a);
    params.set('period', next.period ?? period);
    navigate(`/reports/surveys?${params.toString()}`, { replace: true });
  };
  const lang = language.value;
  const campaignList = (campaigns.data ?? []).filter((c) => !c.archived_at);
  const agentName = (id: string | null) =>
    id ? ((agents.data ?? []).find((a) => a.id === id)?.name ?? '—') : '—';
  const summary = results.data?.summary;
  const items = results.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('surveys.title')} description={t('surveys.intro')} />
      <div class="toolbar survey-filters">
        <SelectField
          id="survey-campaign"
          label={t('inbox.campaign')}
          value={campaign}
          options={[
            { value: '', label: t('surveys.all_campaigns') },
            ...campaignList.map((c) => ({ value: c.id, label: c.name })),
          ]}
          onValue={(v) => go({ campaign: v })}
        />
        <SelectField
          id="survey-agent"
          label={t('surveys.agent')}
          value={agent}
          options={[
            { value: '', label: t('surveys.all_agents') },
            ...(agents.data ?? []).map((a) => ({ value: a.id, label: a.name })),
          ]}
          onValue={(v) => go({ agent: v })}
        />
        <SelectField
          id="survey-period"
          label={t('surveys.period')}
          value={period}
          options={PERIODS.map((p) => ({ value: p, label: t(`surveys.periods.p${p}`) }))}
          onValue={(v) => go({ period: v as Period })}
        />
      </div>
      <ErrorBanner error={results.error} />
      {!results.data && results.loading ? <Spinner /> : null}
      {summary ? (
        <ul class="cards survey-cards" aria-label={t('surveys.summary')}>
          <li class="card survey-card">
            <h2>{t('surveys.csat_average')}</h2>
            <p class="survey-figure">
              {oneDecimal(summary.csat.average, lang)}
              {summary.csat.average === null ? null : <span class="muted"> / 5</span>}
            </p>
            <p class="muted">{tn('surveys.answers_n', summary.csat.answers)}</p>
          </li>
          <li class="card survey-card">
            <h2>{t('surveys.csat_satisfied')}</h2>
            <p class="survey-figure">{percent(summary.csat.satisfied_percent, lang)}</p>
            <p class="muted">{t('surveys.csat_satisfied_hint')}</p>
          </li>
          <li class="card survey-card">
            <h2>{t('surveys.nps_score')}</h2>
            <p class="survey-figure">{oneDecimal(summary.nps.score, lang)}</p>
            <p class="muted">{tn('surveys.answers_n', summary.nps.answers)}</p>
          </li>
        </ul>
      ) : null}
      {results.data ? (
        <section class="card" aria-labelledby="survey-list-title">
          <h2 id="survey-list-title">{t('surveys.list')}</h2>
          {items.length === 0 ? (
            <EmptyState>{t('surveys.empty')}</EmptyState>
          ) : (
            <table class="table table-stack survey-table">
              <thead>
                <tr>
                  <th scope="col">{t('surveys.answered_at')}</th>
                  <th scope="col">{t('surveys.agent')}</th>
                  <th scope="col">{t('surveys.kind')}</th>
                  <th scope="col">{t('surveys.score')}</th>
                  <th scope="col">{t('surveys.conversation')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <td data-label={t('surveys.answered_at')}>{when(s.answered_at ?? s.sent_at)}</td>
                    <td data-label={t('surveys.agent')}>{agentName(s.agent_id)}</td>
                    <td data-label={t('surveys.kind')}>{t(`chatbot.kinds.${s.kind}`)}</td>
                    <td data-label={t('surveys.score')}>
                      <Badge tone={scoreTone(s)}>{scoreLabel(s)}</Badge>
                    </td>
                    <td data-label={t('surveys.conversation')}>
                      <Link href={`/inbox/${encodeURIComponent(s.conversation_id)}`}>
                        {t('surveys.open_conversation')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </>
  );
}
