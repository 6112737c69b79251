//! Enqueuing background work in the caller's transaction.

use charla_db::Tx;
use charla_db::repo::jobs;
use charla_domain::time::Ts;
use serde::Serialize;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::jobs::kinds::JobKind;
use crate::state::AppState;

pub struct Enqueue<'a, P: Serialize> {
    pub org: Uuid,
    pub kind: JobKind,
    pub payload: &'a P,
    pub run_at: Option<Ts>,
    pub dedup_key: Option<&'a str>,
}

pub async fn enqueue<P: Serialize>(state: &AppState, tx: &mut Tx, job: Enqueue<'_, P>) -> ApiResult<bool> {
    let now = state.clock.now();
    let payload = serde_json::to_value(job.payload).map_err(anyhow::Error::from)?;
    let inserted = jobs::enqueue(
        tx,
        &jobs::NewJob {
            org: job.org,
            id: charla_domain::ids::new_id(),
            kind: job.kind.code(),
            payload: &payload,
            run_at: job.run_at.unwrap_or(now),
            max_attempts: job.kind.max_attempts(),
            dedup_key: job.dedup_key,
            now,
        },
    )
    .await?;
    Ok(inserted)
}
