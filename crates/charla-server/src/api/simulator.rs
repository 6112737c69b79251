//! `/api/v1/simulator/{id}/…`: the customer's side of a simulator channel (CH-10).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::simulator::{self, CustomerMessage};
use crate::state::AppState;
use crate::views::Page;
use crate::views::simulator::SimulatorMessageView;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadQuery {
    contact_phone: Option<String>,
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiQuery(q): ApiQuery<ThreadQuery>,
) -> AppResult<Json<Page<SimulatorMessageView>>> {
    let query = simulator::ThreadQuery {
        contact_phone: q.contact_phone.as_deref(),
        after: parse_cursor(q.after.as_deref())?,
        limit: q.limit,
    };
    Ok(Json(simulator::thread(&state, &caller, id, &query).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WriteBody {
    text: Option<String>,
    attachment: Option<Uuid>,
    contact_name: Option<String>,
    contact_phone: Option<String>,
}

pub async fn write(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<WriteBody>,
) -> AppResult<(StatusCode, Json<SimulatorMessageView>)> {
    let message = CustomerMessage {
        text: body.text,
        attachment: body.attachment,
        contact_name: body.contact_name,
        contact_phone: body.contact_phone,
    };
    Ok((StatusCode::CREATED, Json(simulator::write(&state, &caller, id, &message).await?)))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadBody {
    contact_phone: Option<String>,
}

pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<ReadBody>,
) -> AppResult<StatusCode> {
    simulator::read(&state, &caller, id, body.contact_phone.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
