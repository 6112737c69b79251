//! Supervision (ORG-3): the campaigns a supervisor oversees, set by administrators, and
//! the event that makes open sockets take a user's new access at once.

use std::collections::BTreeSet;

use charla_db::Tx;
use charla_db::repo::hierarchy::{self, Level};
use charla_db::repo::{supervision, users};
use charla_domain::validation::Invalid;
use serde_json::json;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::{audit, events};
use crate::state::AppState;
use crate::views::audited;
use crate::views::users::SupervisionView;

/// A user's permissions, profile, status or supervision changed: their open sockets reload
/// what they may see before delivering anything else (on every node, through the events
/// table). The event goes to nobody's screen; `user_id` names the user, or `profile_id` a
/// profile whose permissions changed (every socket of that profile's users reloads).
pub const ACCESS_CHANGED: &str = "user.access_changed";

pub async fn access_changed(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    user: Option<Uuid>,
    profile: Option<Uuid>,
) -> AppResult<()> {
    let payload = json!({ "user_id": user, "profile_id": profile });
    events::emit(state, tx, org, ACCESS_CHANGED, &payload, &events::audience(&[], &[])).await?;
    Ok(())
}

fn view(campaigns: &BTreeSet<Uuid>) -> SupervisionView {
    SupervisionView { campaign_ids: campaigns.clone() }
}

pub async fn get(state: &AppState, caller: &Caller, user: Uuid) -> AppResult<SupervisionView> {
    users::get(&state.db, caller.org, user).await?.ok_or(ErrorCode::NotFound)?;
    Ok(view(&supervision::campaigns_of(&state.db, caller.org, user).await?))
}

/// Replaces the list; every campaign must be the organization's.
pub async fn replace(
    state: &AppState,
    caller: &Caller,
    user: Uuid,
    campaign_ids: Option<&[Uuid]>,
) -> AppResult<SupervisionView> {
    users::get(&state.db, caller.org, user).await?.ok_or(ErrorCode::NotFound)?;
    let campaign_ids = campaign_ids.ok_or_else(|| Invalid::single("campaign_ids", "required"))?;
    let mut invalid = Invalid::new();
    let mut campaigns = BTreeSet::new();
    for (i, id) in campaign_ids.iter().enumerate() {
        if hierarchy::get(&state.db, Level::Campaign, caller.org, *id).await?.is_none() {
            invalid.add(&format!("campaign_ids[{i}]"), "invalid");
        }
        campaigns.insert(*id);
    }
    invalid.finish()?;
    let mut tx = state.db.begin().await?;
    let before = supervision::campaigns_of(&mut tx, caller.org, user).await?;
    supervision::replace(&mut tx, caller.org, user, &campaigns).await?;
    if before != campaigns {
        audit::record(
            state,
            &mut tx,
            caller,
            "user.supervision_updated",
            ("user", Some(user)),
            Some(&audited(&view(&before))),
            Some(&audited(&view(&campaigns))),
        )
        .await?;
        access_changed(state, &mut tx, caller.org, Some(user), None).await?;
    }
    tx.commit().await?;
    Ok(view(&campaigns))
}
