//! API tokens: listed, created with a profile, shown once, revocable.

use charla_db::repo::{self, profiles, tokens};
use charla_domain::access::may_grant;
use charla_domain::ids::new_id;
use uuid::Uuid;

use crate::auth::caller::permissions_of;
use crate::auth::{Caller, secret_token};
use crate::error::{AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;
use crate::views::tokens::{NewTokenView, TokenView};
use crate::views::{Page, audited};

/// One page of the organization's tokens, revoked ones included.
pub async fn list(state: &AppState, org: Uuid, after: Option<Uuid>, limit: Option<i64>) -> AppResult<Page<TokenView>> {
    let limit = repo::page_limit(limit);
    let rows = tokens::list(&state.db, org, after, limit).await?;
    let (rows, next) = repo::paginate(rows, limit, |t| t.id);
    Ok(Page::new(rows.iter().map(TokenView::from).collect(), next))
}

pub async fn get(state: &AppState, org: Uuid, id: Uuid) -> AppResult<TokenView> {
    let row = tokens::get(&state.db, org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(TokenView::from(&row))
}

/// Returns the token's view with the secret, which is never shown again.
/// A token's profile may hold nothing its caller lacks (for a token caller: nothing beyond
/// what that token may do): else 403 `profile_exceeds_caller`.
pub async fn create(state: &AppState, caller: &Caller, name: &str, profile_id: Uuid) -> AppResult<NewTokenView> {
    let granted = permissions_of(state, caller.org, Some(profile_id)).await?;
    if !may_grant(&caller.permissions, &granted) {
        return Err(ErrorCode::ProfileExceedsCaller.into());
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
    let row = tokens::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let view = TokenView::from(&row);
    audit::record(state, &mut tx, caller, "token.created", ("token", Some(id)), None, Some(&audited(&view))).await?;
    tx.commit().await?;
    Ok(NewTokenView { view, token: secret })
}

pub async fn revoke(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = tokens::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    tokens::revoke(&mut tx, caller.org, id, now).await?;
    let after = tokens::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    audit::record(
        state,
        &mut tx,
        caller,
        "token.revoked",
        ("token", Some(id)),
        Some(&audited(&TokenView::from(&before))),
        Some(&audited(&TokenView::from(&after))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
