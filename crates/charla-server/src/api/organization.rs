//! `PATCH /api/v1/organization` (permission `settings.manage`): the caller's organization's
//! settings. Reading them is `GET /api/v1/me`'s `organization`.

use axum::Json;
use axum::extract::State;
use schemars::JsonSchema;
use serde::Deserialize;

use super::extract::ApiJson;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::org_settings::{self, OrgPatch};
use crate::state::AppState;
use crate::views::users::OrganizationView;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationPatch {
    /// An IANA zone such as `America/Bogota`: the organization's days from now on.
    time_zone: Option<String>,
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<OrganizationPatch>,
) -> AppResult<Json<OrganizationView>> {
    Ok(Json(org_settings::update(&state, &caller, OrgPatch { time_zone: body.time_zone }).await?))
}
