//! `/api/v1/users`: the organization's people (permission `users.manage`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::people::{DEFAULT_CAPACITY, Language, check_capacity, check_email, check_language, check_time_zone};
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::{passwords, supervision as supervision_service, users};
use crate::state::AppState;
use crate::views::Page;
use crate::views::users::{StatusChangeView, SupervisionView, UserView};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    q: Option<String>,
    profile_id: Option<Uuid>,
    after: Option<String>,
    limit: Option<i64>,
}

impl ListQuery {
    fn parse(self) -> AppResult<users::UserQuery> {
        let after = parse_cursor(self.after.as_deref())?;
        Ok(users::UserQuery { search: self.q, profile_id: self.profile_id, after, limit: self.limit })
    }
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<UserView>>> {
    Ok(Json(users::list(&state, caller.org, &q.parse()?).await?))
}

/// The users of a profile.
pub async fn members(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(profile_id): IdPath,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<UserView>>> {
    Ok(Json(users::members(&state, caller.org, profile_id, q.parse()?).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteBody {
    email: String,
    name: String,
    profile_id: Uuid,
    language: Option<String>,
    time_zone: Option<String>,
    capacity: Option<i64>,
}

pub async fn invite(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<InviteBody>,
) -> AppResult<(StatusCode, Json<UserView>)> {
    let mut invalid = Invalid::new();
    let invite = users::Invite {
        email: check_email(&mut invalid, "email", &body.email),
        name: check_name(&mut invalid, "name", &body.name),
        profile_id: body.profile_id,
        language: body.language.as_deref().map(|l| check_language(&mut invalid, "language", l)).unwrap_or(Language::Es),
        time_zone: body
            .time_zone
            .as_deref()
            .map(|t| check_time_zone(&mut invalid, "time_zone", t))
            .unwrap_or_else(|| "America/Bogota".to_owned()),
        capacity: check_capacity(&mut invalid, "capacity", body.capacity.unwrap_or(DEFAULT_CAPACITY)),
    };
    invalid.finish()?;
    Ok((StatusCode::CREATED, Json(users::invite(&state, &caller, invite).await?)))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<UserView>> {
    Ok(Json(users::get(&state, caller.org, id).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatchBody {
    name: Option<String>,
    #[serde(default, deserialize_with = "super::extract::double_option::deserialize")]
    #[schemars(with = "Option<String>")]
    avatar_url: Option<Option<String>>,
    language: Option<String>,
    time_zone: Option<String>,
    capacity: Option<i64>,
    profile_id: Option<Uuid>,
    active: Option<bool>,
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<UserPatchBody>,
) -> AppResult<Json<UserView>> {
    let mut invalid = Invalid::new();
    let patch = users::UserPatch {
        name: body.name.as_deref().map(|n| check_name(&mut invalid, "name", n)),
        avatar_url: body
            .avatar_url
            .map(|a| charla_domain::people::check_avatar_url(&mut invalid, "avatar_url", a.as_deref())),
        language: body.language.as_deref().map(|l| check_language(&mut invalid, "language", l)),
        time_zone: body.time_zone.as_deref().map(|t| check_time_zone(&mut invalid, "time_zone", t)),
        capacity: body.capacity.map(|c| check_capacity(&mut invalid, "capacity", c)),
        profile_id: body.profile_id,
        active: body.active,
    };
    if id == caller.user_id && body.active == Some(false) {
        invalid.add("active", "invalid");
    }
    invalid.finish()?;
    Ok(Json(users::update(&state, &caller, id, patch, "user.updated").await?))
}

/// Deactivates the user: history keeps their name; they can no longer log in.
pub async fn deactivate(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    users::deactivate(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn reset_password(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    passwords::admin_reset(&state, &caller, id).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn status_history(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiQuery(q): ApiQuery<HistoryQuery>,
) -> AppResult<Json<Page<StatusChangeView>>> {
    let after = parse_cursor(q.after.as_deref())?;
    Ok(Json(users::status_history(&state, caller.org, id, after, q.limit).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupervisionBody {
    /// Required; optional here so that another organization's user answers 404 first.
    campaign_ids: Option<Vec<Uuid>>,
}

/// The campaigns a user supervises (ORG-3).
pub async fn supervision(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<SupervisionView>> {
    Ok(Json(supervision_service::get(&state, &caller, id).await?))
}

/// Replaces the campaigns a user supervises; a campaign created later joins only when added.
pub async fn set_supervision(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<SupervisionBody>,
) -> AppResult<Json<SupervisionView>> {
    Ok(Json(supervision_service::replace(&state, &caller, id, body.campaign_ids.as_deref()).await?))
}
