//! Opening hours arrived for a conversation queued outside them (BOT-2).

use charla_db::repo::jobs::JobRow;

use super::JobError;
use crate::services::conversations::bot::{ReleaseJob, release};
use crate::state::AppState;

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: ReleaseJob =
        serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    release(state, job.organization_id, &payload).await.map_err(|e| JobError::Retry(anyhow::anyhow!("{e:?}")))
}
