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

/// `GET /api/v1/monitoring`: the contact center right now (REP-1), in the caller's
/// campaigns. Times in seconds.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MonitoringView {
    /// Tickets waiting in a queue.
    pub in_queue: u64,
    /// How long the longest-waiting ticket has waited; null when none waits.
    pub longest_wait: Option<f64>,
    /// Tickets an agent holds.
    pub in_attendance: u64,
    /// Today's first responses (first agent message − assigned).
    pub first_response: TimeStats,
    /// Today's response times.
    pub response: TimeStats,
    /// Today's attention times (closed − assigned).
    pub attention: TimeStats,
    pub today: MonitoringTodayView,
    pub agents: MonitoringAgentsView,
}

/// Today's tickets (the organization's local day).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MonitoringTodayView {
    /// Offered today and not closed yet.
    pub open: u64,
    /// Offered today and closed, whatever the reason.
    pub closed: u64,
    pub abandoned: u64,
    pub lost: u64,
}

/// The people at work and what they hold.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MonitoringAgentsView {
    pub online: u64,
    pub paused: u64,
    pub invisible: u64,
    pub items: Vec<MonitoringAgentView>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MonitoringAgentView {
    pub id: uuid::Uuid,
    pub name: String,
    /// `online`, `paused` or `invisible`.
    pub status: String,
    /// Open tickets it holds.
    pub tickets: u64,
}

/// `GET /api/v1/reports/agents` and `/leaderboard`: one row per agent who held tickets in
/// the period.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AgentReportView {
    pub rows: Vec<AgentReportRowView>,
}

/// One agent's tickets and times; times in seconds.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AgentReportRowView {
    pub agent_id: uuid::Uuid,
    /// Null when the user no longer exists.
    pub name: Option<String>,
    /// Place on the leaderboard: most attended first, lower average TMA breaking ties;
    /// equal figures share a place.
    pub place: u32,
    /// Tickets the agent got.
    pub offered: u64,
    /// Closed or transferred by the agent.
    pub attended: u64,
    /// Closed by the agent without a transfer to another campaign.
    pub closed: u64,
    /// Closed by a transfer to another campaign.
    pub transferred: u64,
    /// Cancelled by the contact while the agent held it.
    pub abandoned: u64,
    /// attended / offered in percent (to 0.01); null without tickets.
    pub attended_pct: Option<f64>,
    /// Attention time (TMA): closed − assigned.
    pub tma: TimeStats,
    /// First agent message − assigned.
    pub first_response: TimeStats,
    /// Each contact message to the agent's next message.
    pub response: TimeStats,
}

impl AgentReportRowView {
    pub fn new(agent_id: uuid::Uuid, name: Option<String>, place: u32, t: &ConversationTotals) -> Self {
        AgentReportRowView {
            agent_id,
            name,
            place,
            offered: t.offered,
            attended: t.attended,
            closed: t.attended.saturating_sub(t.transferred),
            transferred: t.transferred,
            abandoned: t.abandoned,
            attended_pct: t.attended_pct(),
            tma: t.tma.stats(),
            first_response: t.first_response.stats(),
            response: t.response.stats(),
        }
    }
}
