//! Agent status: online, paused with a reason, invisible, offline; with history and an event.

use charla_db::repo::pause_reasons::{self, PauseReasonRow};
use charla_db::repo::users;
use charla_domain::ids::new_id;
use charla_domain::people::UserStatus;
use charla_domain::validation::Invalid;
use serde_json::json;
use uuid::Uuid;

use crate::error::{AppResult, ErrorCode};
use crate::services::conversations::routing;
use crate::services::events;
use crate::state::AppState;
use crate::views::users::UserView;

pub const STATUS_EVENT: &str = "user.status_changed";

/// A user sets their own status: the change is told at once, and the routing follows it
/// (online takes waiting conversations, offline gives up reservations).
pub async fn change_own(
    state: &AppState,
    org: Uuid,
    user_id: Uuid,
    status: UserStatus,
    pause_reason: Option<&str>,
) -> AppResult<UserView> {
    let user = set(state, org, user_id, status, pause_reason).await?;
    state.hub.wake();
    routing::after_status_change(state, org, user_id, status).await?;
    Ok(user)
}

/// `pause_reason` names a reason of the organization's list by id or by name; only a pause
/// takes one, and a pause needs one.
async fn pause_reason_for(
    state: &AppState,
    org: Uuid,
    status: UserStatus,
    pause_reason: Option<&str>,
) -> AppResult<Option<PauseReasonRow>> {
    match (status.takes_pause_reason(), pause_reason) {
        (true, Some(key)) => {
            let by_id = match Uuid::try_parse(key) {
                Ok(id) => pause_reasons::get(&state.db, org, id).await?,
                Err(_) => None,
            };
            let found = match by_id {
                Some(r) => Some(r),
                None => pause_reasons::find_by_name(&state.db, org, key).await?,
            };
            Ok(Some(found.ok_or_else(|| Invalid::single("pause_reason", "invalid"))?))
        }
        (true, None) => Err(Invalid::single("pause_reason", "required").into()),
        (false, Some(_)) => Err(Invalid::single("pause_reason", "invalid").into()),
        (false, None) => Ok(None),
    }
}

async fn set(
    state: &AppState,
    org: Uuid,
    user_id: Uuid,
    status: UserStatus,
    pause_reason: Option<&str>,
) -> AppResult<UserView> {
    let reason = pause_reason_for(state, org, status, pause_reason).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    users::set_status(
        &mut tx,
        org,
        user_id,
        &users::StatusChange {
            history_id: new_id(),
            status: status.code(),
            pause_reason_id: reason.as_ref().map(|r| r.id),
            pause_reason_name: reason.as_ref().map(|r| r.name.as_str()),
            at: now,
        },
    )
    .await?;
    let payload = json!({
        "user_id": user_id,
        "status": status.code(),
        "pause_reason_id": reason.as_ref().map(|r| r.id),
        "pause_reason_name": reason.as_ref().map(|r| r.name.clone()),
        "at": now,
    });
    // Supervisors and user managers watch every agent; the agent sees its own.
    let audience = events::audience(&[user_id], &["monitoring.view", "users.manage", "inbox.supervise"]);
    events::emit(state, &mut tx, org, STATUS_EVENT, &payload, &audience).await?;
    let user = users::get(&mut tx, org, user_id).await?.ok_or(ErrorCode::NotFound)?;
    tx.commit().await?;
    Ok(UserView::from(&user))
}
