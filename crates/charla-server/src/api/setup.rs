//! First run: `GET/POST /api/v1/setup` creates the organization and its administrator.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use schemars::JsonSchema;
use serde::Deserialize;

use super::extract::ApiJson;
use super::session::with_cookies;
use crate::error::AppResult;
use crate::services::orgs::{self, FirstRun};
use crate::state::{AppState, check_ip};
use crate::views::setup::SetupStatusView;
use crate::views::users::WhoamiView;

pub async fn status(State(state): State<AppState>) -> AppResult<Json<SetupStatusView>> {
    Ok(Json(orgs::setup_status(&state).await?))
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
    let input = FirstRun {
        organization_name: body.organization_name,
        name: body.name,
        email: body.email,
        password: body.password,
    };
    let (jar, whoami) = with_cookies(&state, jar, orgs::set_up(&state, input).await?);
    Ok((StatusCode::CREATED, jar, whoami))
}
