//! The inactivity timer of a conversation (CONV-4).

use charla_db::repo::jobs::JobRow;

use super::JobError;
use crate::services::conversations::closing::{InactivityJob, on_inactivity_timer};
use crate::state::AppState;

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: InactivityJob =
        serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    on_inactivity_timer(state, job.organization_id, &payload).await.map_err(JobError::from)
}
