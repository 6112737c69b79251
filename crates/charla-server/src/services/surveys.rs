//! Survey results (BOT-5): the answers per conversation and agent, and their summary.

use charla_db::repo::surveys::{self, ListFilter, SurveyRow};
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::error::AppResult;
use crate::state::AppState;

const ROWS: i64 = 500;

/// CSAT: the share of 4s and 5s; NPS: promoters (9–10) minus detractors (0–6), in percent.
pub fn summary(rows: &[SurveyRow]) -> Value {
    let scores = |kind: &str| -> Vec<i64> { rows.iter().filter(|r| r.kind == kind).filter_map(|r| r.score).collect() };
    let percent = |part: usize, whole: usize| if whole == 0 { None } else { Some((part * 100) as f64 / whole as f64) };
    let csat = scores("csat");
    let nps = scores("nps");
    let average = |s: &[i64]| if s.is_empty() { None } else { Some(s.iter().sum::<i64>() as f64 / s.len() as f64) };
    let promoters = nps.iter().filter(|s| **s >= 9).count();
    let detractors = nps.iter().filter(|s| **s <= 6).count();
    json!({
        "csat": {
            "answers": csat.len(),
            "average": average(&csat),
            "satisfied_percent": percent(csat.iter().filter(|s| **s >= 4).count(), csat.len()),
        },
        "nps": {
            "answers": nps.len(),
            "average": average(&nps),
            "score": percent(promoters, nps.len()).zip(percent(detractors, nps.len())).map(|(p, d)| p - d),
        },
    })
}

pub async fn list(state: &AppState, caller: &Caller, f: &ListFilter) -> AppResult<Value> {
    let rows = surveys::answered(&state.db, caller.org, f, ROWS).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "conversation_id": r.conversation_id,
                "contact_id": r.contact_id,
                "channel_id": r.channel_id,
                "campaign_id": r.campaign_id,
                "agent_id": r.agent_id,
                "kind": r.kind,
                "score": r.score,
                "sent_at": r.sent_at.0,
                "answered_at": r.answered_at.map(|t| t.0),
            })
        })
        .collect();
    Ok(json!({ "items": items, "summary": summary(&rows) }))
}
