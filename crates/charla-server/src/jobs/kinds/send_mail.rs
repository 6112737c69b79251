use charla_db::repo::jobs::JobRow;

use super::JobError;
use crate::mail::{Mail, SendError};
use crate::state::AppState;

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let mail: Mail = serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    state.mailer.send(&mail).await.map_err(|err| match err {
        SendError::Retry(e) => JobError::Retry(e),
        SendError::Permanent(e) => JobError::Permanent(e),
    })
}
