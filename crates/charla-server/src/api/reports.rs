//! `GET /api/v1/reports/conversations` (permission `reports.view`): REP-2's figures per
//! day, agent, campaign, channel or queue, for the campaigns the caller oversees; and
//! `GET /api/v1/monitoring` (REP-1).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::ApiQuery;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::reports::agents::{self, AgentQuery, Order};
use crate::services::reports::conversations::{self, GroupBy, ReportQuery};
use crate::services::reports::monitoring::{self, MonitoringQuery};
use crate::state::AppState;
use crate::views::reports::{AgentReportView, ConversationReportView, MonitoringView};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportParams {
    from: Option<String>,
    to: Option<String>,
    campaign_id: Option<Uuid>,
    channel_id: Option<Uuid>,
    queue_id: Option<Uuid>,
    agent_id: Option<Uuid>,
    group_by: Option<GroupBy>,
}

pub async fn conversations(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<ReportParams>,
) -> AppResult<Json<ConversationReportView>> {
    let query = ReportQuery {
        from: p.from,
        to: p.to,
        campaign_id: p.campaign_id,
        channel_id: p.channel_id,
        queue_id: p.queue_id,
        agent_id: p.agent_id,
        group_by: p.group_by.unwrap_or_default(),
    };
    Ok(Json(conversations::report(&state, &caller, &query).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentParams {
    from: Option<String>,
    to: Option<String>,
    campaign_id: Option<Uuid>,
    channel_id: Option<Uuid>,
    queue_id: Option<Uuid>,
}

impl AgentParams {
    fn query(self) -> AgentQuery {
        AgentQuery {
            from: self.from,
            to: self.to,
            campaign_id: self.campaign_id,
            channel_id: self.channel_id,
            queue_id: self.queue_id,
        }
    }
}

/// `GET /api/v1/reports/agents`: each agent's tickets and times, by name.
pub async fn agents(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<AgentParams>,
) -> AppResult<Json<AgentReportView>> {
    Ok(Json(agents::report(&state, &caller, &p.query(), Order::ByName).await?))
}

/// `GET /api/v1/reports/leaderboard`: the same rows, best first.
pub async fn leaderboard(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<AgentParams>,
) -> AppResult<Json<AgentReportView>> {
    Ok(Json(agents::report(&state, &caller, &p.query(), Order::ByPlace).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitoringParams {
    campaign_id: Option<Uuid>,
    channel_id: Option<Uuid>,
    queue_id: Option<Uuid>,
    agent_id: Option<Uuid>,
}

/// `GET /api/v1/monitoring` (permission `monitoring.view`): the contact center right now.
pub async fn monitoring(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<MonitoringParams>,
) -> AppResult<Json<MonitoringView>> {
    let query = MonitoringQuery {
        campaign_id: p.campaign_id,
        channel_id: p.channel_id,
        queue_id: p.queue_id,
        agent_id: p.agent_id,
    };
    Ok(Json(monitoring::monitoring(&state, &caller, &query).await?))
}
