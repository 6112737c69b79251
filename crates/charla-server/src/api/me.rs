//! The caller themself: `GET/PATCH /api/v1/me`, `PUT /api/v1/me/status`.

use axum::Json;
use axum::extract::State;
use charla_domain::people::{UserStatus, check_avatar_url, check_language, check_time_zone};
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;

use super::extract::ApiJson;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::{sessions, status, users};
use crate::state::AppState;
use crate::views::users::{UserView, WhoamiView};

pub async fn get(State(state): State<AppState>, caller: Caller) -> AppResult<Json<WhoamiView>> {
    Ok(Json(sessions::whoami_of(&state, &caller).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MePatch {
    name: Option<String>,
    #[serde(default, deserialize_with = "super::extract::double_option::deserialize")]
    #[schemars(with = "Option<String>")]
    avatar_url: Option<Option<String>>,
    language: Option<String>,
    time_zone: Option<String>,
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<MePatch>,
) -> AppResult<Json<UserView>> {
    let mut invalid = Invalid::new();
    let patch = users::UserPatch {
        name: body.name.as_deref().map(|n| check_name(&mut invalid, "name", n)),
        avatar_url: body.avatar_url.map(|a| check_avatar_url(&mut invalid, "avatar_url", a.as_deref())),
        language: body.language.as_deref().map(|l| check_language(&mut invalid, "language", l)),
        time_zone: body.time_zone.as_deref().map(|t| check_time_zone(&mut invalid, "time_zone", t)),
        ..Default::default()
    };
    invalid.finish()?;
    Ok(Json(users::update(&state, &caller, caller.user_id, patch, "user.profile_updated").await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    status: String,
    pause_reason: Option<String>,
}

pub async fn set_status(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<StatusBody>,
) -> AppResult<Json<UserView>> {
    let status = UserStatus::parse(&body.status).ok_or_else(|| Invalid::single("status", "invalid"))?;
    Ok(Json(status::change_own(&state, caller.org, caller.user_id, status, body.pause_reason.as_deref()).await?))
}
