//! Network webhooks (DESIGN §4): `GET/POST /webhooks/{network}/{channel_id}`. Verify on the
//! raw bytes, parse, store what is new, answer 200 once it is durable.

pub mod telegram;
pub mod whatsapp;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use charla_db::repo::channels::{self, ChannelRow};
use serde_json::json;
use uuid::Uuid;

use crate::error::problem;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/webhooks/whatsapp/{channel_id}", get(whatsapp::verify_subscription).post(whatsapp::receive))
        .route("/webhooks/telegram/{channel_id}", post(telegram::receive))
}

/// A refusal as a problem document (networks read only the status).
pub fn refuse(status: StatusCode, code: &str) -> Response {
    problem(status, code, None, json!({}))
}

/// The live channel of this kind a webhook URL names, with its organization; anything
/// else (a bad id, another kind, archived) is 404.
pub async fn channel_of(state: &AppState, raw_id: &str, kind: &str) -> Result<(Uuid, ChannelRow), Response> {
    let not_found = || refuse(StatusCode::NOT_FOUND, "not_found");
    let unavailable = |_| refuse(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    let id = Uuid::try_parse(raw_id).map_err(|_| not_found())?;
    let Some((org, _)) = channels::route(&state.db, id).await.map_err(unavailable)?.filter(|(_, k)| k == kind) else {
        return Err(not_found());
    };
    let channel = channels::get(&state.db, org, id)
        .await
        .map_err(unavailable)?
        .filter(|c| c.archived_at.is_none())
        .ok_or_else(not_found)?;
    Ok((org, channel))
}
