//! Every kind of job, its retry budget and what running it does.

pub mod fetch_media;
pub mod hours_closed;
pub mod hours_opened;
pub mod inactivity_close;
pub mod purge_events;
pub mod send_mail;
pub mod send_message;

use charla_db::repo::jobs::JobRow;

use crate::state::AppState;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    SendMail,
    PurgeEvents,
    SendMessage,
    InactivityClose,
    FetchMedia,
    TelegramCall,
    SyncTemplates,
    HoursOpened,
    HoursClosed,
    MarkRead,
}

impl JobKind {
    pub const ALL: [JobKind; 10] = [
        JobKind::SendMail,
        JobKind::PurgeEvents,
        JobKind::SendMessage,
        JobKind::InactivityClose,
        JobKind::FetchMedia,
        JobKind::TelegramCall,
        JobKind::SyncTemplates,
        JobKind::HoursOpened,
        JobKind::HoursClosed,
        JobKind::MarkRead,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            JobKind::SendMail => "mail.send",
            JobKind::PurgeEvents => "events.purge",
            JobKind::SendMessage => "message.send",
            JobKind::InactivityClose => "conversation.inactivity",
            JobKind::FetchMedia => "media.fetch",
            JobKind::TelegramCall => "telegram.call",
            JobKind::SyncTemplates => "whatsapp.sync_templates",
            JobKind::HoursOpened => "conversation.hours_opened",
            JobKind::HoursClosed => "campaign.hours_closed",
            JobKind::MarkRead => "whatsapp.mark_read",
        }
    }

    pub fn parse(code: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub const fn max_attempts(self) -> i64 {
        match self {
            JobKind::SendMail => 8,
            JobKind::PurgeEvents => 3,
            JobKind::SendMessage => 10,
            JobKind::InactivityClose => 5,
            JobKind::FetchMedia => 8,
            JobKind::TelegramCall => 8,
            JobKind::SyncTemplates => 6,
            JobKind::HoursOpened => 8,
            JobKind::HoursClosed => 8,
            // A read mark is worth little late: a few tries, then let it go.
            JobKind::MarkRead => 4,
        }
    }
}

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
        None => Err(JobError::Permanent(anyhow::anyhow!("unknown job kind {}", job.kind))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kind left out of `ALL` could be enqueued but never run: the match below fails to
    /// compile for a new variant until it is counted here too.
    #[test]
    fn every_kind_is_listed_and_parses_back() {
        let listed = |kind: JobKind| match kind {
            JobKind::SendMail
            | JobKind::PurgeEvents
            | JobKind::SendMessage
            | JobKind::InactivityClose
            | JobKind::FetchMedia
            | JobKind::TelegramCall
            | JobKind::SyncTemplates
            | JobKind::HoursOpened
            | JobKind::HoursClosed
            | JobKind::MarkRead => JobKind::ALL.contains(&kind),
        };
        for kind in JobKind::ALL {
            assert!(listed(kind));
            assert_eq!(JobKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(JobKind::ALL.len(), 10);
    }
}
