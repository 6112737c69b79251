//! The `Caller` extractor: authenticates the request and loads its organization and rights.

use std::collections::BTreeSet;

use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use charla_db::repo::{profiles, sessions, tokens, users};
use charla_domain::access::{Permission, token_permissions};
use subtle::ConstantTimeEq;
use uuid::Uuid;

use super::{CSRF_HEADER, SESSION_COOKIE, secret_token};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::state::AppState;

/// How the caller proved who it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    Session { token_hash: String, csrf_token: String },
    ApiToken { token_id: Uuid },
}

/// The authenticated caller. `org` comes only from here, never from a request body. An API
/// token's permissions are its profile's that its creator still holds, and an inactive (or
/// deleted) creator's tokens answer 401.
#[derive(Clone, Debug)]
pub struct Caller {
    pub org: Uuid,
    /// The user, or for an API token the user who created it.
    pub user_id: Uuid,
    pub name: String,
    pub credential: Credential,
    pub permissions: BTreeSet<Permission>,
}

impl Caller {
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    /// The explicit check at the top of each handler.
    pub fn require(&self, permission: Permission) -> AppResult<()> {
        if self.can(permission) { Ok(()) } else { Err(ErrorCode::Forbidden.into()) }
    }

    pub fn token_id(&self) -> Option<Uuid> {
        match self.credential {
            Credential::ApiToken { token_id } => Some(token_id),
            Credential::Session { .. } => None,
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        // The route guard already authenticated this request.
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        if let Some(value) = parts.headers.get(axum::http::header::AUTHORIZATION) {
            let bearer = value.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).ok_or(ErrorCode::Unauthorized)?;
            return from_api_token(state, bearer.trim()).await;
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let cookie = jar.get(SESSION_COOKIE).ok_or(ErrorCode::Unauthorized)?;
        let caller = from_session(state, cookie.value()).await?;
        if is_mutation(&parts.method) {
            let Credential::Session { csrf_token, .. } = &caller.credential else {
                return Err(ErrorCode::Unauthorized.into());
            };
            let sent = parts.headers.get(CSRF_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
            // Constant time: how much of the token a guess got right must not show.
            if !bool::from(sent.ct_eq(csrf_token.as_bytes())) {
                return Err(ErrorCode::CsrfFailed.into());
            }
        }
        Ok(caller)
    }
}

fn is_mutation(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

async fn from_session(state: &AppState, cookie: &str) -> AppResult<Caller> {
    let (org, token_hash) = secret_token::parse(cookie).ok_or(ErrorCode::Unauthorized)?;
    let rows = sessions::find_caller(&state.db, org, &token_hash).await?;
    let first = rows.first().ok_or(ErrorCode::Unauthorized)?;
    if first.expires_at.0 <= state.clock.now() {
        sessions::delete(&state.db, org, &token_hash).await?;
        return Err(ErrorCode::Unauthorized.into());
    }
    if !first.active {
        return Err(ErrorCode::Unauthorized.into());
    }
    let permissions = rows.iter().filter_map(|r| r.permission.as_deref()).filter_map(Permission::parse).collect();
    Ok(Caller {
        org,
        user_id: first.user_id,
        name: first.name.clone(),
        credential: Credential::Session { token_hash, csrf_token: first.csrf_token.clone() },
        permissions,
    })
}

async fn from_api_token(state: &AppState, bearer: &str) -> AppResult<Caller> {
    let (org, token_hash) = secret_token::parse(bearer).ok_or(ErrorCode::Unauthorized)?;
    let token = tokens::find_live(&state.db, org, &token_hash).await?.ok_or(ErrorCode::Unauthorized)?;
    // Counted once the token is known, so a stranger's guesses never spend a real token's turns.
    crate::state::take_turn(&state.api_token_limiter, &token.id)?;
    // A token stops with its creator, and never does more than they may do now.
    let creator = users::get(&state.db, org, token.created_by).await?.filter(|u| u.active);
    let creator = creator.ok_or(ErrorCode::Unauthorized)?;
    let profile = permissions_of(state, org, token.profile_id).await?;
    let permissions = token_permissions(&profile, &permissions_of(state, org, creator.profile_id).await?);
    tokens::touch(&state.db, org, token.id, state.clock.now()).await?;
    Ok(Caller {
        org,
        user_id: token.created_by,
        name: format!("API token \u{201c}{}\u{201d}", token.name),
        credential: Credential::ApiToken { token_id: token.id },
        permissions,
    })
}

/// Whether the caller's credential still stands: the session exists and has not expired,
/// or the token is not revoked, and the user is still active. Long-lived connections
/// (the realtime socket) check it again from time to time.
pub async fn still_valid(state: &AppState, caller: &Caller) -> AppResult<bool> {
    let credential_ok = match &caller.credential {
        Credential::Session { token_hash, .. } => {
            sessions::find(&state.db, caller.org, token_hash).await?.is_some_and(|s| s.expires_at.0 > state.clock.now())
        }
        Credential::ApiToken { token_id } => {
            tokens::get(&state.db, caller.org, *token_id).await?.is_some_and(|t| t.revoked_at.is_none())
        }
    };
    let user_ok = users::get(&state.db, caller.org, caller.user_id).await?.is_some_and(|u| u.active);
    Ok(credential_ok && user_ok)
}

/// A profile's permissions; no profile means none.
pub async fn permissions_of(state: &AppState, org: Uuid, profile: Option<Uuid>) -> AppResult<BTreeSet<Permission>> {
    let Some(profile) = profile else {
        return Ok(BTreeSet::new());
    };
    let codes = profiles::permissions(&state.db, org, profile).await?;
    Ok(codes.iter().filter_map(|c| Permission::parse(c)).collect())
}
