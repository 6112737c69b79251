//! `/api/v1/out-of-hours-contacts`: who wrote outside hours in the last 7 days (BOT-3), and
//! reaching one back.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::conversations::messages::TemplateBody;
use super::extract::{ApiJson, ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::out_of_hours::{self as service, ListFilter, Message};
use crate::state::AppState;
use crate::views::out_of_hours::{OutOfHoursListView, OutOfHoursSentView};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    campaign_id: Option<Uuid>,
    channel_id: Option<Uuid>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<OutOfHoursListView>> {
    let filter = ListFilter { campaign_id: q.campaign_id, channel_id: q.channel_id };
    Ok(Json(service::list(&state, &caller, &filter).await?))
}

/// A template (any time) or a plain text (inside the 24-hour window), as in a conversation.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendBody {
    text: Option<String>,
    template: Option<TemplateBody>,
}

pub async fn send(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<SendBody>,
) -> AppResult<(StatusCode, Json<OutOfHoursSentView>)> {
    let message = match (body.text, body.template) {
        (Some(text), None) => Message::Text(text),
        (None, Some(template)) => Message::Template(template.into_send()?),
        _ => return Err(Invalid::single("template", "required").into()),
    };
    Ok((StatusCode::ACCEPTED, Json(service::send(&state, &caller, id, message).await?)))
}
