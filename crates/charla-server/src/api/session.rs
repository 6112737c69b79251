//! Logging in and out: `POST/DELETE /api/v1/session`, `DELETE /api/v1/sessions`.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use charla_domain::people::check_email;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;

use super::extract::ApiJson;
use crate::auth::{CSRF_COOKIE, Caller, SESSION_COOKIE};
use crate::error::AppResult;
use crate::services::sessions::{self, StartedSession};
use crate::state::{AppState, check_ip};
use crate::views::users::WhoamiView;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    email: String,
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    ApiJson(body): ApiJson<LoginBody>,
) -> AppResult<(CookieJar, Json<WhoamiView>)> {
    check_ip(&state.login_limiter, peer.ip())?;
    let mut invalid = Invalid::new();
    let email = check_email(&mut invalid, "email", &body.email);
    if body.password.is_empty() {
        invalid.add("password", "required");
    }
    invalid.finish()?;
    let started = sessions::log_in(&state, &email, body.password).await?;
    Ok(with_cookies(&state, jar, started))
}

/// Answers a started session like a login: its two cookies plus who the user is.
pub fn with_cookies(state: &AppState, jar: CookieJar, started: StartedSession) -> (CookieJar, Json<WhoamiView>) {
    let secure = state.settings.secure_cookies();
    let max_age = cookie::time::Duration::hours(started.hours);
    let session_cookie = Cookie::build((SESSION_COOKIE, started.token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .max_age(max_age);
    let csrf_cookie = Cookie::build((CSRF_COOKIE, started.csrf_token))
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .max_age(max_age);
    (jar.add(session_cookie).add(csrf_cookie), Json(started.whoami))
}

fn cleared(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::build(SESSION_COOKIE).path("/")).remove(Cookie::build(CSRF_COOKIE).path("/"))
}

pub async fn logout(
    State(state): State<AppState>,
    caller: Caller,
    jar: CookieJar,
) -> AppResult<(CookieJar, StatusCode)> {
    sessions::log_out(&state, &caller).await?;
    Ok((cleared(jar), StatusCode::NO_CONTENT))
}

pub async fn logout_everywhere(
    State(state): State<AppState>,
    caller: Caller,
    jar: CookieJar,
) -> AppResult<(CookieJar, StatusCode)> {
    sessions::log_out_everywhere(&state, &caller).await?;
    Ok((cleared(jar), StatusCode::NO_CONTENT))
}
