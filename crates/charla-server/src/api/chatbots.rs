//! `/api/v1/channels/{id}/chatbot`: a channel's chatbot and survey settings (BOT-4, BOT-5).

use axum::Json;
use axum::extract::State;
use charla_domain::bots::settings::ChatbotSettings;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::extract::{ApiJson, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::chatbots as service;
use crate::state::AppState;
use crate::views::channels::ChatbotView;

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<ChatbotView>> {
    Ok(Json(service::get(&state, &caller, id).await?))
}

/// The whole settings object; fields left out take their defaults.
#[derive(Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct ChatbotBody(#[schemars(with = "Value")] ChatbotSettings);

pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<ChatbotBody>,
) -> AppResult<Json<ChatbotView>> {
    Ok(Json(service::put(&state, &caller, id, &body.0).await?))
}
