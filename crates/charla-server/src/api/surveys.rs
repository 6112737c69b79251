//! `/api/v1/surveys`: answered surveys with their CSAT and NPS summary (BOT-5).

use axum::Json;
use axum::extract::State;
use charla_domain::time::Ts;
use jiff::Timestamp;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::ApiQuery;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::surveys::{self as service, SurveyQuery};
use crate::state::AppState;
use crate::views::surveys::SurveyListView;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    campaign_id: Option<Uuid>,
    agent_id: Option<Uuid>,
    /// Answered at or after this instant (RFC 3339).
    since: Option<Timestamp>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<SurveyListView>> {
    let query =
        SurveyQuery { campaign_id: q.campaign_id, agent_id: q.agent_id, since: q.since.map(Ts::from_timestamp) };
    Ok(Json(service::list(&state, &caller, &query).await?))
}
