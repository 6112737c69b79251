//! The jobs model: which kinds of background work exist, their retry budgets, and how a use
//! case enqueues one in its own transaction. It sits below the services, which enqueue work
//! without knowing how each kind runs (that is `jobs::kinds`, above them).

use charla_db::Tx;
use charla_db::repo::jobs;
use charla_domain::time::Ts;
use serde::Serialize;
use uuid::Uuid;

use crate::error::AppResult;
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
    SubmitTemplate,
    SendBroadcast,
    ImportContacts,
}

impl JobKind {
    pub const ALL: [JobKind; 13] = [
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
        JobKind::SubmitTemplate,
        JobKind::SendBroadcast,
        JobKind::ImportContacts,
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
            JobKind::SubmitTemplate => "whatsapp.submit_template",
            JobKind::SendBroadcast => "broadcast.send",
            JobKind::ImportContacts => "contacts.import",
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
            JobKind::SubmitTemplate => 8,
            // Each run sends a batch and defers itself; attempts are spent only on failures.
            JobKind::SendBroadcast => 10,
            // A run that failed on the database starts the file again; a bad file ends it.
            JobKind::ImportContacts => 4,
        }
    }
}

pub struct Enqueue<'a, P: Serialize> {
    pub org: Uuid,
    pub kind: JobKind,
    pub payload: &'a P,
    pub run_at: Option<Ts>,
    pub dedup_key: Option<&'a str>,
}

pub async fn enqueue<P: Serialize>(state: &AppState, tx: &mut Tx, job: Enqueue<'_, P>) -> AppResult<bool> {
    let now = state.clock.now();
    let payload = serde_json::to_value(job.payload).map_err(anyhow::Error::from)?;
    let inserted = jobs::enqueue(
        tx,
        &jobs::NewJob {
            org: job.org,
            id: charla_domain::ids::new_id(),
            kind: job.kind.code(),
            payload: &payload,
            run_at: job.run_at.unwrap_or(now),
            max_attempts: job.kind.max_attempts(),
            dedup_key: job.dedup_key,
            now,
        },
    )
    .await?;
    Ok(inserted)
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
            | JobKind::MarkRead
            | JobKind::SubmitTemplate
            | JobKind::SendBroadcast
            | JobKind::ImportContacts => JobKind::ALL.contains(&kind),
        };
        for kind in JobKind::ALL {
            assert!(listed(kind));
            assert_eq!(JobKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(JobKind::ALL.len(), 13);
    }
}
