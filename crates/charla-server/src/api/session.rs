//! Logging in and out: `POST/DELETE /api/v1/session`, `DELETE /api/v1/sessions`.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use charla_db::repo::{orgs, sessions, users};
use charla_domain::access::Permission;
use charla_domain::people::check_email;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::ApiJson;
use crate::auth::caller::{Credential, permissions_of};
use crate::auth::{CSRF_COOKIE, Caller, SESSION_COOKIE, secret_token};
use crate::error::{AppResult, ErrorCode};
use crate::services::login;
use crate::state::{AppState, check_ip};
use crate::views::users::{OrganizationView, UserView, WhoamiView};

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
    let (org, user_id) = login::check_password(&state, &email, body.password).await?;
    start_session(&state, jar, org, user_id).await
}

/// Creates a session for a user and answers like a login: cookies plus who they are.
pub async fn start_session(
    state: &AppState,
    jar: CookieJar,
    org: Uuid,
    user_id: Uuid,
) -> AppResult<(CookieJar, Json<WhoamiView>)> {
    let now = state.clock.now();
    let (token, token_hash) = secret_token::issue(org);
    let csrf_token = secret_token::random_secret();
    let hours = state.settings.session_hours.max(1);
    sessions::insert(
        &state.db,
        &sessions::NewSession {
            org,
            token_hash: &token_hash,
            user_id,
            csrf_token: &csrf_token,
            now,
            expires_at: now.plus(jiff::SignedDuration::from_hours(hours)),
        },
    )
    .await?;
    let secure = state.settings.secure_cookies();
    let max_age = cookie::time::Duration::hours(hours);
    let session_cookie = Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .max_age(max_age);
    let csrf_cookie = Cookie::build((CSRF_COOKIE, csrf_token.clone()))
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .max_age(max_age);
    let user = users::get(&state.db, org, user_id).await?.ok_or(ErrorCode::Unauthorized)?;
    let permissions = permissions_of(state, org, user.profile_id).await?;
    let body = whoami(state, org, user_id, &permissions, Some(&csrf_token)).await?;
    Ok((jar.add(session_cookie).add(csrf_cookie), Json(body)))
}

/// `{user, organization, permissions, csrf_token}`: what login and `GET /me` answer. The
/// permissions are the caller's own: an API token's are its profile's that its creator
/// still holds.
pub async fn whoami(
    state: &AppState,
    org: Uuid,
    user_id: Uuid,
    permissions: &BTreeSet<Permission>,
    csrf: Option<&str>,
) -> AppResult<WhoamiView> {
    let user = users::get(&state.db, org, user_id).await?.ok_or(ErrorCode::Unauthorized)?;
    let organization = orgs::get(&state.db, org).await?.ok_or(ErrorCode::Unauthorized)?;
    Ok(WhoamiView {
        user: UserView::from(&user),
        organization: OrganizationView { id: organization.id, name: organization.name },
        permissions: permissions.iter().map(|p| p.code().to_owned()).collect(),
        csrf_token: csrf.map(str::to_owned),
    })
}

fn cleared(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::build(SESSION_COOKIE).path("/")).remove(Cookie::build(CSRF_COOKIE).path("/"))
}

pub async fn logout(
    State(state): State<AppState>,
    caller: Caller,
    jar: CookieJar,
) -> AppResult<(CookieJar, StatusCode)> {
    match &caller.credential {
        Credential::Session { token_hash, .. } => sessions::delete(&state.db, caller.org, token_hash).await?,
        Credential::ApiToken { .. } => return Err(ErrorCode::Forbidden.into()),
    }
    Ok((cleared(jar), StatusCode::NO_CONTENT))
}

pub async fn logout_everywhere(
    State(state): State<AppState>,
    caller: Caller,
    jar: CookieJar,
) -> AppResult<(CookieJar, StatusCode)> {
    caller.require_session()?;
    let mut tx = state.db.begin().await?;
    sessions::delete_for_user(&mut tx, caller.org, caller.user_id).await?;
    tx.commit().await?;
    Ok((cleared(jar), StatusCode::NO_CONTENT))
}
