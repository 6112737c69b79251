//! `/api/v1/users/{id}/absence`: an agent's absence message (CONV-13).

use axum::Json;
use axum::extract::State;
use schemars::JsonSchema;
use serde::Deserialize;

use super::extract::{ApiJson, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::absences::{self as service, AbsenceInput};
use crate::state::AppState;
use crate::views::absences::AbsenceView;

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<AbsenceView>> {
    Ok(Json(service::get(&state, &caller, id).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsenceBody {
    enabled: bool,
    #[serde(default)]
    message: String,
    /// Another contact to suggest (a number, a name), shown after the message.
    suggested_contact: Option<String>,
}

pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<AbsenceBody>,
) -> AppResult<Json<AbsenceView>> {
    let input =
        AbsenceInput { enabled: body.enabled, message: body.message, suggested_contact: body.suggested_contact };
    Ok(Json(service::put(&state, &caller, id, &input).await?))
}
