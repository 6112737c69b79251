//! Lifecycle actions: `POST /api/v1/conversations/{id}/{accept,assign,unassign,transfer,
//! close,read,typing,bot}` and the mass transfer.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::api::extract::{ApiJson, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::conversations::actions::{self as service, TransferTo};
use crate::services::conversations::closing::{self, CloseInput};
use crate::services::conversations::typing;
use crate::state::AppState;
use crate::views::conversations::MassTransferView;
use crate::views::inbox::ConversationView;

pub async fn accept(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<ConversationView>> {
    Ok(Json(service::accept(&state, &caller, id).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    agent_id: Uuid,
}

pub async fn assign(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<AssignBody>,
) -> AppResult<Json<ConversationView>> {
    Ok(Json(service::assign(&state, &caller, id, body.agent_id).await?))
}

pub async fn unassign(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<ConversationView>> {
    Ok(Json(service::unassign(&state, &caller, id).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferBody {
    agent_id: Option<Uuid>,
    queue_id: Option<Uuid>,
    campaign_id: Option<Uuid>,
}

pub async fn transfer(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<TransferBody>,
) -> AppResult<Json<ConversationView>> {
    let to = TransferTo { agent_id: body.agent_id, queue_id: body.queue_id, campaign_id: body.campaign_id };
    Ok(Json(service::transfer(&state, &caller, id, to).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MassTransferBody {
    conversation_ids: Vec<Uuid>,
    agent_id: Option<Uuid>,
    queue_id: Option<Uuid>,
    campaign_id: Option<Uuid>,
}

/// Supervisors move many conversations at once; each one succeeds or fails on its own.
pub async fn mass_transfer(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<MassTransferBody>,
) -> AppResult<Json<MassTransferView>> {
    let to = TransferTo { agent_id: body.agent_id, queue_id: body.queue_id, campaign_id: body.campaign_id };
    Ok(Json(service::mass_transfer(&state, &caller, &body.conversation_ids, to).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    disposition_id: Option<Uuid>,
    note: Option<String>,
    #[serde(default)]
    fields: Map<String, Value>,
}

pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<CloseBody>,
) -> AppResult<Json<ConversationView>> {
    let input = CloseInput { disposition_id: body.disposition_id, note: body.note, fields: body.fields };
    Ok(Json(closing::close(&state, &caller, id, &input).await?))
}

pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<ConversationView>> {
    Ok(Json(service::mark_read(&state, &caller, id).await?))
}

/// The agent is typing a reply; the web chat visitor sees it (other networks: nothing).
pub async fn typing(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    typing::agent_typing(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BotBody {
    paused: bool,
}

pub async fn bot(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<BotBody>,
) -> AppResult<Json<ConversationView>> {
    Ok(Json(service::set_bot_paused(&state, &caller, id, body.paused).await?))
}
