//! Drops realtime events past the retention window, and the outbox's pacing state and the
//! login guard's counts idle for a day, then schedules the next purge.

use charla_db::repo::{events, jobs::JobRow, login_guard, send_pacing};
use jiff::SignedDuration;
use uuid::Uuid;

use super::{JobError, JobKind};
use crate::jobs::model::{Enqueue, enqueue};
use crate::state::AppState;

const EVERY: SignedDuration = SignedDuration::from_hours(1);

pub async fn run(state: &AppState, _job: &JobRow) -> Result<(), JobError> {
    let now = state.clock.now();
    let cutoff = now.minus(SignedDuration::from_hours(state.settings.event_retention_hours.max(1)));
    let purged = events::purge_before(&state.db, cutoff).await.map_err(JobError::from)?;
    let idle = send_pacing::purge_before(&state.db, now.minus(SignedDuration::from_hours(24)))
        .await
        .map_err(JobError::from)?;
    // Login guard rows (failure and recovery counts per address) idle for a day, unlocked.
    let guards =
        login_guard::purge_idle(&state.db, now.minus(SignedDuration::from_hours(24))).await.map_err(JobError::from)?;
    tracing::debug!(purged, idle, guards, "old events, idle pacing and idle login guards purged");
    schedule(state, now.plus(EVERY)).await.map_err(JobError::from)
}

/// System jobs belong to no organization: they carry the nil id.
pub async fn schedule(state: &AppState, at: charla_domain::time::Ts) -> crate::error::AppResult<()> {
    let mut tx = state.db.begin().await?;
    let key = format!("purge:{}", at.as_micros() / 3_600_000_000);
    enqueue(
        state,
        &mut tx,
        Enqueue { org: Uuid::nil(), kind: JobKind::PurgeEvents, payload: &(), run_at: Some(at), dedup_key: Some(&key) },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
