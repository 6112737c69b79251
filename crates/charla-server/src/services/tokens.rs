//! API tokens: created with a profile, shown once, revocable.

use charla_db::repo::{profiles, tokens};
use charla_domain::access::may_grant;
use charla_domain::ids::new_id;
use serde_json::Value;
use uuid::Uuid;

use crate::api::views;
use crate::auth::caller::permissions_of;
use crate::auth::{Caller, secret_token};
use crate::error::{ApiError, ApiResult};
use crate::services::audit;
use crate::state::AppState;

/// Returns the token's view with the secret, which is never shown again.
/// A token's profile may hold nothing its caller lacks (for a token caller: nothing beyond
/// what that token may do): else 403 `profile_exceeds_caller`.
pub async fn create(state: &AppState, caller: &Caller, name: &str, profile_id: Uuid) -> ApiResult<Value> {
    let granted = permissions_of(state, caller.org, Some(profile_id)).await?;
    if !may_grant(&caller.permissions, &granted) {
        return Err(ApiError::NotAllowed("profile_exceeds_caller"));
    }
    let now = state.clock.now();
    let id = new_id();
    let (secret, hash) = secret_token::issue(caller.org);
    let mut tx = state.db.begin().await?;
    if profiles::get(&mut tx, caller.org, profile_id).await?.is_none() {
        return Err(charla_domain::validation::Invalid::single("profile_id", "invalid").into());
    }
    tokens::insert(
        &mut tx,
        &tokens::NewToken { org: caller.org, id, name, token_hash: &hash, profile_id, created_by: caller.user_id, now },
    )
    .await?;
    let row = tokens::get(&mut tx, caller.org, id).await?.ok_or(ApiError::NotFound)?;
    let view = views::token(&row);
    audit::record(state, &mut tx, caller, "token.created", ("token", Some(id)), None, Some(&view)).await?;
    tx.commit().await?;
    let mut shown = view;
    if let Some(obj) = shown.as_object_mut() {
        obj.insert("token".to_owned(), Value::String(secret));
    }
    Ok(shown)
}

pub async fn revoke(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = tokens::get(&mut tx, caller.org, id).await?.ok_or(ApiError::NotFound)?;
    tokens::revoke(&mut tx, caller.org, id, now).await?;
    let after = tokens::get(&mut tx, caller.org, id).await?.ok_or(ApiError::NotFound)?;
    audit::record(
        state,
        &mut tx,
        caller,
        "token.revoked",
        ("token", Some(id)),
        Some(&views::token(&before)),
        Some(&views::token(&after)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
