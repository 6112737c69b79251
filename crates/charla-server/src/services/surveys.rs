//! Survey results (BOT-5): the answers per conversation and agent, and their summary.

use charla_db::repo::surveys::{self, ListFilter, SurveyRow};
use charla_domain::time::Ts;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::inbox_access;
use crate::state::AppState;
use crate::views::surveys::{CsatSummaryView, NpsSummaryView, SurveyListView, SurveySummaryView, SurveyView};

const ROWS: i64 = 500;

/// Which answers to list.
pub struct SurveyQuery {
    pub campaign_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    /// Answered at or after this instant.
    pub since: Option<Ts>,
}

/// CSAT: the share of 4s and 5s; NPS: promoters (9–10) minus detractors (0–6), in percent.
pub fn summary(rows: &[SurveyRow]) -> SurveySummaryView {
    let scores = |kind: &str| -> Vec<i64> { rows.iter().filter(|r| r.kind == kind).filter_map(|r| r.score).collect() };
    let percent = |part: usize, whole: usize| if whole == 0 { None } else { Some((part * 100) as f64 / whole as f64) };
    let csat = scores("csat");
    let nps = scores("nps");
    let average = |s: &[i64]| if s.is_empty() { None } else { Some(s.iter().sum::<i64>() as f64 / s.len() as f64) };
    let promoters = nps.iter().filter(|s| **s >= 9).count();
    let detractors = nps.iter().filter(|s| **s <= 6).count();
    SurveySummaryView {
        csat: CsatSummaryView {
            answers: csat.len(),
            average: average(&csat),
            satisfied_percent: percent(csat.iter().filter(|s| **s >= 4).count(), csat.len()),
        },
        nps: NpsSummaryView {
            answers: nps.len(),
            average: average(&nps),
            score: percent(promoters, nps.len()).zip(percent(detractors, nps.len())).map(|(p, d)| p - d),
        },
    }
}

/// The answered surveys the caller may read: a supervisor's cover the campaigns it
/// supervises.
pub async fn list(state: &AppState, caller: &Caller, q: &SurveyQuery) -> AppResult<SurveyListView> {
    let filter = ListFilter {
        campaign_id: q.campaign_id,
        agent_id: q.agent_id,
        since: q.since,
        supervisor: inbox_access::report_supervisor(caller),
    };
    let rows = surveys::answered(&state.db, caller.org, &filter, ROWS).await?;
    Ok(SurveyListView { items: rows.iter().map(SurveyView::from).collect(), summary: summary(&rows) })
}
