//! Opening hours arrived for a conversation that wrote outside them (BOT-2, BOT-4).

use charla_db::repo::jobs::JobRow;

use super::JobError;
use crate::services::conversations::bot::{OpeningJob, on_hours_opened};
use crate::state::AppState;

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: OpeningJob =
        serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    on_hours_opened(state, job.organization_id, &payload).await.map_err(JobError::from)
}
