//! Sends a broadcast, one batch per run (`services::broadcasts::sending`): the job defers
//! itself to the next batch's time, so a pause, a cancel or a restart is seen between
//! batches and nothing is held in memory.

use charla_db::repo::jobs::JobRow;
use serde::Deserialize;
use uuid::Uuid;

use super::JobError;
use crate::services::broadcasts::sending::{self, Step};
use crate::state::AppState;

#[derive(Deserialize)]
struct Payload {
    broadcast_id: Uuid,
}

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: Payload = serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    match sending::run(state, job.organization_id, payload.broadcast_id).await? {
        Step::Stopped => Ok(()),
        Step::Next { at, reason } => Err(JobError::Defer { until: at, reason }),
    }
}
