//! Answered surveys (BOT-5) and their CSAT and NPS summary.

use charla_db::repo::surveys::SurveyRow;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

/// `GET /api/v1/surveys`: the answers (at most 500) and their summary.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SurveyListView {
    pub items: Vec<SurveyView>,
    pub summary: SurveySummaryView,
}

/// One survey sent after an attention, and its answer.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SurveyView {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    pub channel_id: Uuid,
    pub campaign_id: Uuid,
    /// The agent who attended the conversation.
    pub agent_id: Option<Uuid>,
    /// `csat` (1 to 5) or `nps` (0 to 10).
    pub kind: String,
    pub score: Option<i64>,
    pub sent_at: Ts,
    pub answered_at: Option<Ts>,
}

impl From<&SurveyRow> for SurveyView {
    fn from(r: &SurveyRow) -> Self {
        SurveyView {
            id: r.id,
            conversation_id: r.conversation_id,
            contact_id: r.contact_id,
            channel_id: r.channel_id,
            campaign_id: r.campaign_id,
            agent_id: r.agent_id,
            kind: r.kind.clone(),
            score: r.score,
            sent_at: r.sent_at.0,
            answered_at: r.answered_at.map(|t| t.0),
        }
    }
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SurveySummaryView {
    pub csat: CsatSummaryView,
    pub nps: NpsSummaryView,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CsatSummaryView {
    pub answers: usize,
    /// Null without answers.
    pub average: Option<f64>,
    /// The share of 4s and 5s, in percent; null without answers.
    pub satisfied_percent: Option<f64>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NpsSummaryView {
    pub answers: usize,
    /// Null without answers.
    pub average: Option<f64>,
    /// Promoters (9–10) minus detractors (0–6), in percent; null without answers.
    pub score: Option<f64>,
}
