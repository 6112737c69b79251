//! Reports (REP-4) and live monitoring (REP-1).

use charla_domain::metrics::{ConversationTotals, TimeStats};
use schemars::JsonSchema;
use serde::Serialize;

/// `GET /api/v1/reports/conversations`: the period's totals and one row per group.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConversationReportView {
    pub totals: ConversationFiguresView,
    pub rows: Vec<ConversationReportRowView>,
}

/// One group of the report.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConversationReportRowView {
    /// The group's id (user, campaign, channel or queue id), `YYYY-MM-DD` in the
    /// organization's time zone for `day`, or `none` for conversations without an agent
    /// or a queue.
    pub key: String,
    /// The group's display name (the date for `day`); null for `none`.
    pub label: Option<String>,
    #[serde(flatten)]
    pub figures: ConversationFiguresView,
}

/// REP-2's figures over a set of conversations; times in seconds.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConversationFiguresView {
    /// Tickets: conversations that reached a queue.
    pub offered: u64,
    /// Closed or transferred by an agent or a manager.
    pub attended: u64,
    /// Cancelled by the contact after an agent got it.
    pub abandoned: u64,
    /// Cancelled before an agent got it.
    pub lost: u64,
    /// Closed by a transfer to another campaign.
    pub transferred: u64,
    /// Closed because the campaign was outside its hours.
    pub out_of_hours: u64,
    /// attended / offered in percent (to 0.01); null without tickets.
    pub attended_pct: Option<f64>,
    /// Queue time (TMF): assigned − queued.
    pub tmf: TimeStats,
    /// First agent message − assigned.
    pub first_response: TimeStats,
    /// Wait time (TME): TMF + first response.
    pub tme: TimeStats,
    /// Attention time (TMA): closed − assigned.
    pub tma: TimeStats,
    /// Each contact message (while an agent held it) to the next agent message.
    pub response: TimeStats,
    /// Closed − opened.
    pub resolution: TimeStats,
}

impl From<&ConversationTotals> for ConversationFiguresView {
    fn from(t: &ConversationTotals) -> Self {
        ConversationFiguresView {
            offered: t.offered,
            attended: t.attended,
            abandoned: t.abandoned,
            lost: t.lost,
            transferred: t.transferred,
            out_of_hours: t.out_of_hours,
            attended_pct: t.attended_pct(),
            tmf: t.tmf.stats(),
            first_response: t.first_response.stats(),
            tme: t.tme.stats(),
            tma: t.tma.stats(),
            response: t.response.stats(),
            resolution: t.resolution.stats(),
        }
    }
}
