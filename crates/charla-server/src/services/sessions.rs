//! Web sessions: starting one after a login or the first run, who the caller is, and
//! ending one or all of a user's sessions.

use std::collections::BTreeSet;

use charla_db::repo::{orgs, sessions, users};
use charla_domain::access::Permission;
use uuid::Uuid;

use crate::auth::caller::{Credential, permissions_of};
use crate::auth::{Caller, secret_token};
use crate::error::{AppResult, ErrorCode};
use crate::services::login;
use crate::state::AppState;
use crate::views::users::{OrganizationView, UserView, WhoamiView};

/// A session just started: the secrets for its two cookies and what login answers.
pub struct StartedSession {
    /// The session cookie's secret; only its hash is kept.
    pub token: String,
    /// The CSRF cookie's value, also in `whoami.csrf_token`.
    pub csrf_token: String,
    /// How long both cookies live.
    pub hours: i64,
    pub whoami: WhoamiView,
}

/// Checks the (normalized) email and password behind the login guard and starts a session.
pub async fn log_in(state: &AppState, email: &str, password: String) -> AppResult<StartedSession> {
    let (org, user_id) = login::check_password(state, email, password).await?;
    start(state, org, user_id).await
}

/// Creates a session for a user; the answer is the same as a login's.
pub async fn start(state: &AppState, org: Uuid, user_id: Uuid) -> AppResult<StartedSession> {
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
    let user = users::get(&state.db, org, user_id).await?.ok_or(ErrorCode::Unauthorized)?;
    let permissions = permissions_of(state, org, user.profile_id).await?;
    let whoami = whoami(state, org, user_id, &permissions, Some(&csrf_token)).await?;
    Ok(StartedSession { token, csrf_token, hours, whoami })
}

/// Who the caller is, with the CSRF token of a cookie session.
pub async fn whoami_of(state: &AppState, caller: &Caller) -> AppResult<WhoamiView> {
    let csrf = match &caller.credential {
        Credential::Session { csrf_token, .. } => Some(csrf_token.as_str()),
        Credential::ApiToken { .. } => None,
    };
    whoami(state, caller.org, caller.user_id, &caller.permissions, csrf).await
}

/// `{user, organization, permissions, csrf_token}`: what login and `GET /me` answer. The
/// permissions are the caller's own: an API token's are its profile's that its creator
/// still holds.
async fn whoami(
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
        organization: OrganizationView::from(&organization),
        permissions: permissions.iter().map(|p| p.code().to_owned()).collect(),
        csrf_token: csrf.map(str::to_owned),
    })
}

/// Ends the caller's own session (a cookie session's; a token has none).
pub async fn log_out(state: &AppState, caller: &Caller) -> AppResult<()> {
    match &caller.credential {
        Credential::Session { token_hash, .. } => Ok(sessions::delete(&state.db, caller.org, token_hash).await?),
        Credential::ApiToken { .. } => Err(ErrorCode::Forbidden.into()),
    }
}

/// Ends every session of the caller's user, on every device.
pub async fn log_out_everywhere(state: &AppState, caller: &Caller) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    sessions::delete_for_user(&mut tx, caller.org, caller.user_id).await?;
    tx.commit().await?;
    Ok(())
}
