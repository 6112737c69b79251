//! Agent status: online, paused with a reason, invisible, offline; with history and an event.

use charla_db::repo::{pause_reasons, users};
use charla_domain::ids::new_id;
use charla_domain::people::UserStatus;
use serde_json::json;
use uuid::Uuid;

use crate::error::{AppResult, ErrorCode};
use crate::services::events;
use crate::state::AppState;
use crate::views::users::UserView;

pub const STATUS_EVENT: &str = "user.status_changed";

/// `pause_reason` names a reason of the organization's list by id or by name.
pub async fn set(
    state: &AppState,
    org: Uuid,
    user_id: Uuid,
    status: UserStatus,
    pause_reason: Option<&str>,
) -> AppResult<UserView> {
    let reason = match (status.takes_pause_reason(), pause_reason) {
        (true, Some(key)) => {
            let by_id = match Uuid::try_parse(key) {
                Ok(id) => pause_reasons::get(&state.db, org, id).await?,
                Err(_) => None,
            };
            let found = match by_id {
                Some(r) => Some(r),
                None => pause_reasons::find_by_name(&state.db, org, key).await?,
            };
            Some(found.ok_or_else(|| charla_domain::validation::Invalid::single("pause_reason", "invalid"))?)
        }
        (true, None) => {
            return Err(charla_domain::validation::Invalid::single("pause_reason", "required").into());
        }
        (false, Some(_)) => {
            return Err(charla_domain::validation::Invalid::single("pause_reason", "invalid").into());
        }
        (false, None) => None,
    };
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
