//! Imports a contact sheet (`services::contact_imports::run`); a run cut short starts the
//! file again from the top (matching by phone or email makes that safe).

use charla_db::repo::jobs::JobRow;

use super::JobError;
use crate::services::contact_imports::{ImportJob, run};
use crate::state::AppState;

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: ImportJob =
        serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    run::run(state, job.organization_id, &payload).await.map_err(JobError::from)
}
