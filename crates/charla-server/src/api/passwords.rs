//! `POST /api/v1/password-recovery` and `POST /api/v1/password-reset`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use charla_domain::people::{check_email, check_password};
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;

use super::extract::ApiJson;
use crate::error::AppResult;
use crate::services::passwords;
use crate::state::{AppState, check_ip};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryBody {
    email: String,
}

/// 202 whether the address exists or not; the fourth request for one address within an
/// hour answers 429 alike for both.
pub async fn request_recovery(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(body): ApiJson<RecoveryBody>,
) -> AppResult<StatusCode> {
    check_ip(&state.recovery_limiter, peer.ip())?;
    let mut invalid = Invalid::new();
    let email = check_email(&mut invalid, "email", &body.email);
    invalid.finish()?;
    passwords::request_recovery(&state, &email).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetBody {
    token: String,
    password: String,
}

pub async fn reset(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(body): ApiJson<ResetBody>,
) -> AppResult<StatusCode> {
    check_ip(&state.recovery_limiter, peer.ip())?;
    let mut invalid = Invalid::new();
    check_password(&mut invalid, "password", &body.password);
    invalid.finish()?;
    passwords::reset_with_token(&state, &body.token, body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
