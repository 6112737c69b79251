//! Background jobs, as settings managers see them to find what failed and why.

use charla_db::repo::jobs::JobRow;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

/// A job; its payload is not shown.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct JobView {
    pub id: Uuid,
    /// The job kind's code, such as `message.send` or `mail.send`.
    pub kind: String,
    /// `pending`, `running` or `failed` (a finished job is gone).
    pub status: String,
    /// Attempts made so far.
    pub attempts: i64,
    /// Attempts allowed before the job fails for good.
    pub max_attempts: i64,
    /// When the job runs next (or ran last).
    pub run_at: Ts,
    /// The last attempt's error, if it failed.
    pub last_error: Option<String>,
    pub created_at: Ts,
}

impl From<&JobRow> for JobView {
    fn from(j: &JobRow) -> Self {
        JobView {
            id: j.id,
            kind: j.kind.clone(),
            status: j.status.clone(),
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            run_at: j.run_at.0,
            last_error: j.last_error.clone(),
            created_at: j.created_at.0,
        }
    }
}
