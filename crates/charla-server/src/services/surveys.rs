//! Survey results (BOT-5): the answers per conversation and agent, and their summary.

use std::ops::RangeInclusive;

use charla_db::repo::surveys::{self, ListFilter, SurveyRow};
use charla_domain::metrics::audience;
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

/// REP-2's CSAT (share of 4s and 5s) and NPS (promoters 9–10 minus detractors 0–6), in
/// percent, from `charla_domain::metrics` like every other report; answers outside a
/// kind's scale are left out of its figures.
pub fn summary(rows: &[SurveyRow]) -> SurveySummaryView {
    let csat = scores(rows, "csat", 1..=5);
    let nps = scores(rows, "nps", 0..=10);
    SurveySummaryView {
        csat: CsatSummaryView {
            answers: csat.len(),
            average: average(&csat),
            satisfied_percent: audience::csat(&csat),
        },
        nps: NpsSummaryView { answers: nps.len(), average: average(&nps), score: audience::nps(&nps) },
    }
}

fn scores(rows: &[SurveyRow], kind: &str, scale: RangeInclusive<i64>) -> Vec<u8> {
    rows.iter()
        .filter(|r| r.kind == kind)
        .filter_map(|r| r.score)
        .filter(|s| scale.contains(s))
        .filter_map(|s| u8::try_from(s).ok())
        .collect()
}

fn average(scores: &[u8]) -> Option<f64> {
    (!scores.is_empty()).then(|| scores.iter().map(|s| f64::from(*s)).sum::<f64>() / scores.len() as f64)
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

#[cfg(test)]
mod tests {
    use charla_db::DbTs;

    use super::*;

    fn row(kind: &str, score: Option<i64>) -> SurveyRow {
        let at = DbTs(Ts::from_timestamp(jiff::Timestamp::UNIX_EPOCH));
        SurveyRow {
            id: Uuid::nil(),
            conversation_id: Uuid::nil(),
            contact_id: Uuid::nil(),
            channel_id: Uuid::nil(),
            campaign_id: Uuid::nil(),
            agent_id: None,
            kind: kind.to_owned(),
            stage: None,
            score,
            sent_at: at,
            answered_at: Some(at),
        }
    }

    #[test]
    fn the_summary_uses_rep_2s_definitions() {
        let rows: Vec<SurveyRow> = [5, 4, 3, 1, 9]
            .map(|s| row("csat", Some(s)))
            .into_iter()
            .chain([10, 9, 8, 6, 0, 11].map(|s| row("nps", Some(s))))
            .chain([row("csat", None)])
            .collect();
        let s = summary(&rows);
        // 9 is off CSAT's 1–5 scale and 11 off NPS's 0–10: neither counts.
        assert_eq!((s.csat.answers, s.csat.satisfied_percent, s.csat.average), (4, Some(50.0), Some(3.25)));
        assert_eq!((s.nps.answers, s.nps.score), (5, Some(0.0)));
        let none = summary(&[]);
        assert_eq!((none.csat.satisfied_percent, none.nps.score, none.nps.average), (None, None, None));
    }
}
