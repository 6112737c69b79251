//! Every kind of job, its retry budget and what running it does.

pub mod fetch_media;
pub mod hours_closed;
pub mod hours_opened;
pub mod import_contacts;
pub mod inactivity_close;
pub mod purge_events;
pub mod send_broadcast;
pub mod send_mail;
pub mod send_message;

use charla_db::DbError;
use charla_db::repo::jobs::JobRow;

use crate::error::AppError;
pub use crate::jobs::model::JobKind;
use crate::state::AppState;

/// Why a run did not finish: worth another try, never going to work, or not its turn yet
/// (it waits until then without spending an attempt).
#[derive(Debug)]
pub enum JobError {
    Retry(anyhow::Error),
    Permanent(anyhow::Error),
    Defer { until: charla_domain::time::Ts, reason: String },
}

impl From<anyhow::Error> for JobError {
    fn from(err: anyhow::Error) -> Self {
        JobError::Retry(err)
    }
}

/// A use case's refusal by rule will be the same next time; a race or a surprise may not.
impl From<AppError> for JobError {
    fn from(err: AppError) -> Self {
        if err.is_transient() { JobError::Retry(err.into()) } else { JobError::Permanent(err.into()) }
    }
}

/// The database failing under a job is worth another try.
impl From<DbError> for JobError {
    fn from(err: DbError) -> Self {
        JobError::Retry(err.into())
    }
}

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    match JobKind::parse(&job.kind) {
        Some(JobKind::SendMail) => send_mail::run(state, job).await,
        Some(JobKind::PurgeEvents) => purge_events::run(state, job).await,
        Some(JobKind::SendMessage) => send_message::run(state, job).await,
        Some(JobKind::InactivityClose) => inactivity_close::run(state, job).await,
        Some(JobKind::FetchMedia) => fetch_media::run(state, job).await,
        Some(JobKind::TelegramCall) => crate::channels::telegram::calls::run(state, job).await,
        Some(JobKind::SyncTemplates) => crate::channels::whatsapp::templates::run(state, job).await,
        Some(JobKind::HoursOpened) => hours_opened::run(state, job).await,
        Some(JobKind::HoursClosed) => hours_closed::run(state, job).await,
        Some(JobKind::MarkRead) => crate::channels::whatsapp::read_marks::run(state, job).await,
        Some(JobKind::SubmitTemplate) => crate::channels::whatsapp::template_submit::run(state, job).await,
        Some(JobKind::SendBroadcast) => send_broadcast::run(state, job).await,
        Some(JobKind::ImportContacts) => import_contacts::run(state, job).await,
        None => Err(JobError::Permanent(anyhow::anyhow!("unknown job kind {}", job.kind))),
    }
}
