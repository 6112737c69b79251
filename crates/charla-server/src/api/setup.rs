//! First run: `GET/POST /api/v1/setup` creates the organization and its administrator.

use axum::Json;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use charla_db::repo::orgs;
use charla_domain::people::{Language, check_email, check_password};
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::extract::ApiJson;
use super::session::start_session;
use crate::error::{AppResult, ErrorCode};
use crate::services::orgs as org_service;
use crate::state::{AppState, check_ip};
use crate::views::users::WhoamiView;

/// Whether this server still needs its first organization.
#[derive(Serialize, JsonSchema)]
pub struct SetupStatusView {
    pub needs_setup: bool,
}

pub async fn status(State(state): State<AppState>) -> AppResult<Json<SetupStatusView>> {
    let needs_setup = orgs::count(&state.db).await? == 0;
    Ok(Json(SetupStatusView { needs_setup }))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupBody {
    organization_name: String,
    name: String,
    email: String,
    password: String,
}

pub async fn create(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    ApiJson(body): ApiJson<SetupBody>,
) -> AppResult<(StatusCode, CookieJar, Json<WhoamiView>)> {
    check_ip(&state.recovery_limiter, peer.ip())?;
    if orgs::count(&state.db).await? > 0 {
        return Err(ErrorCode::SetupDone.into());
    }
    let mut invalid = Invalid::new();
    let org_name = check_name(&mut invalid, "organization_name", &body.organization_name);
    let name = check_name(&mut invalid, "name", &body.name);
    let email = check_email(&mut invalid, "email", &body.email);
    check_password(&mut invalid, "password", &body.password);
    invalid.finish()?;
    let hash = state.password_work.hash(body.password).await?;
    // One transaction that claims the first run: of parallel set-ups, one wins.
    let created = org_service::create_first(
        &state.db,
        &state.clock,
        &org_service::NewOrg {
            name: &org_name,
            admin_name: &name,
            admin_email: &email,
            admin_password_hash: Some(&hash),
            language: Language::Es,
            time_zone: "America/Bogota",
        },
    )
    .await?
    .ok_or(ErrorCode::SetupDone)?;
    let (jar, body) = start_session(&state, jar, created.org, created.admin).await?;
    Ok((StatusCode::CREATED, jar, body))
}
