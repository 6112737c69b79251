//! Lifecycle actions: `POST /api/v1/conversations/{id}/{accept,assign,unassign,transfer,
//! close,read,bot}` and the mass transfer.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_db::repo::conversations::ConversationRow;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::api::extract::{ApiJson, IdPath};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::conversations::closing::{self, CloseInput};
use crate::services::conversations::transfer::{self, Target};
use crate::services::inbox_access;
use crate::state::AppState;
use crate::views::inbox::ConversationView;

async fn view(state: &AppState, caller: &Caller, row: &ConversationRow) -> AppResult<Json<Value>> {
    let show = inbox_access::number_visibility_of(state, caller).await?.shows(row.campaign_id);
    Ok(Json(json!(ConversationView::new(row, show))))
}

pub async fn accept(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<Value>> {
    inbox_access::scope(&caller)?;
    let row = transfer::accept(&state, &caller, id).await?;
    view(&state, &caller, &row).await
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
) -> AppResult<Json<Value>> {
    inbox_access::scope(&caller)?;
    let row = transfer::assign(&state, &caller, id, body.agent_id).await?;
    view(&state, &caller, &row).await
}

pub async fn unassign(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<Value>> {
    inbox_access::scope(&caller)?;
    let row = transfer::unassign(&state, &caller, id).await?;
    view(&state, &caller, &row).await
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferBody {
    agent_id: Option<Uuid>,
    queue_id: Option<Uuid>,
    campaign_id: Option<Uuid>,
}

fn target(body: &TransferBody) -> AppResult<Target> {
    match (body.agent_id, body.queue_id, body.campaign_id) {
        (Some(a), None, None) => Ok(Target::Agent(a)),
        (None, Some(q), None) => Ok(Target::Queue(q)),
        (None, None, Some(c)) => Ok(Target::Campaign(c)),
        _ => Err(Invalid::single("target", "one_required").into()),
    }
}

pub async fn transfer(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<TransferBody>,
) -> AppResult<Json<Value>> {
    inbox_access::scope(&caller)?;
    let row = transfer::transfer(&state, &caller, id, target(&body)?, false).await?;
    view(&state, &caller, &row).await
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MassTransferBody {
    conversation_ids: Vec<Uuid>,
    agent_id: Option<Uuid>,
    queue_id: Option<Uuid>,
    campaign_id: Option<Uuid>,
}

/// The largest mass transfer one request may ask for.
const MASS_MAX: usize = 500;

/// Supervisors move many conversations at once; each one succeeds or fails on its own.
pub async fn mass_transfer(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<MassTransferBody>,
) -> AppResult<Json<Value>> {
    if !inbox_access::supervises(&caller) {
        return Err(ErrorCode::Forbidden.into());
    }
    if body.conversation_ids.is_empty() || body.conversation_ids.len() > MASS_MAX {
        let mut invalid = Invalid::new();
        invalid.add_with("conversation_ids", "out_of_range", &[("min", 1), ("max", MASS_MAX as i64)]);
        return Err(invalid.into());
    }
    let target =
        target(&TransferBody { agent_id: body.agent_id, queue_id: body.queue_id, campaign_id: body.campaign_id })?;
    let mut results = Vec::new();
    for id in &body.conversation_ids {
        let outcome = transfer::transfer(&state, &caller, *id, target, true).await;
        results.push(match outcome {
            Ok(row) => json!({ "id": id, "ok": true, "status": row.status }),
            Err(err) => json!({ "id": id, "ok": false, "code": err.code() }),
        });
    }
    Ok(Json(json!({ "items": results })))
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
) -> AppResult<Json<Value>> {
    inbox_access::scope(&caller)?;
    let input = CloseInput { disposition_id: body.disposition_id, note: body.note, fields: body.fields };
    Ok(Json(json!(closing::close(&state, &caller, id, &input).await?)))
}

pub async fn read(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<Value>> {
    inbox_access::scope(&caller)?;
    let row = transfer::mark_read(&state, &caller, id).await?;
    view(&state, &caller, &row).await
}

/// The agent is typing a reply; the web chat visitor sees it (other networks: nothing).
pub async fn typing(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    crate::services::conversations::typing::agent_typing(&state, &caller, id).await?;
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
) -> AppResult<Json<Value>> {
    inbox_access::scope(&caller)?;
    let row = transfer::set_bot_paused(&state, &caller, id, body.paused).await?;
    view(&state, &caller, &row).await
}
