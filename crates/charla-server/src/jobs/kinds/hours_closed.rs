//! A campaign's hours ended: its waiting conversations get the out-of-hours action (BOT-2).

use charla_db::repo::jobs::JobRow;

use super::JobError;
use crate::services::conversations::hours_end::{ClosingJob, on_hours_closed};
use crate::state::AppState;

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: ClosingJob =
        serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    on_hours_closed(state, job.organization_id, &payload).await.map_err(JobError::from)
}
