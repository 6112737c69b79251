//! Imports a contact sheet (`services::contact_imports::run`); a run cut short starts the
//! file again from the top (matching by phone or email makes that safe).

use charla_db::repo::jobs::JobRow;

use super::JobError;
use crate::services::contact_imports::{ImportJob, run};
use crate::state::AppState;

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: ImportJob =
        serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    match run::run(state, job.organization_id, &payload).await {
        Ok(()) => Ok(()),
        Err(err) => {
            // No retry left (the runner counts this attempt already): say so on the import.
            if job.attempts >= job.max_attempts
                && let Err(again) = run::give_up(state, job.organization_id, &payload).await
            {
                tracing::warn!(error = %again, import = %payload.import_id, "a failed import could not be marked failed");
            }
            Err(JobError::from(err))
        }
    }
}
