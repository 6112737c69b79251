//! Starting, pausing, resuming and cancelling a broadcast (OUT-2): the move the lifecycle
//! allows (`charla_domain::broadcasts::lifecycle`), its audit entry, and on start or resume
//! the `broadcast.send` job, due now or at the broadcast's `start_at`.

use charla_db::repo::broadcast_sends as sends;
use charla_db::repo::broadcasts as repo;
use charla_domain::broadcasts::lifecycle::{Action, BroadcastStatus, next};
use charla_domain::time::Ts;
use serde_json::json;
use uuid::Uuid;

use super::detail;
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::jobs::model::{Enqueue, JobKind, enqueue};
use crate::services::audit;
use crate::state::AppState;
use crate::views::broadcasts::BroadcastDetailView;

fn audit_action(action: Action) -> &'static str {
    match action {
        Action::Start => "broadcast.started",
        Action::Pause => "broadcast.paused",
        Action::Resume => "broadcast.resumed",
        Action::Cancel => "broadcast.cancelled",
        Action::Finish | Action::Due => "broadcast.updated",
    }
}

/// Applies a person's action; `invalid_transition` when the lifecycle does not allow it.
pub async fn act(state: &AppState, caller: &Caller, id: Uuid, action: Action) -> AppResult<BroadcastDetailView> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let b = repo::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let from = BroadcastStatus::parse(&b.status).ok_or(ErrorCode::NotFound)?;
    let start_at = b.start_at.map(Ts::from);
    let to = next(from, action, start_at, now).ok_or(ErrorCode::InvalidTransition)?;
    if !sends::set_status(&mut tx, caller.org, id, from.as_str(), to.as_str(), None, now).await? {
        return Err(ErrorCode::Conflict.into());
    }
    if matches!(to, BroadcastStatus::Sending | BroadcastStatus::Scheduled) {
        let run_at = if to == BroadcastStatus::Scheduled { start_at } else { None };
        let dedup = format!("broadcast:{id}");
        let payload = json!({ "broadcast_id": id });
        let job = Enqueue {
            org: caller.org,
            kind: JobKind::SendBroadcast,
            payload: &payload,
            run_at,
            dedup_key: Some(&dedup),
        };
        enqueue(state, &mut tx, job).await?;
    }
    let change = (Some(json!({ "status": from.as_str() })), Some(json!({ "status": to.as_str() })));
    audit::record(
        state,
        &mut tx,
        caller,
        audit_action(action),
        ("broadcast", Some(id)),
        change.0.as_ref(),
        change.1.as_ref(),
    )
    .await?;
    tx.commit().await?;
    state.jobs_wake.notify_one();
    state.hub.wake();
    detail(state, caller, id).await
}
