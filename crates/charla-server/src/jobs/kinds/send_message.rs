//! Sends one outbound message through its channel (the outbox of design.md §4).
//!
//! The message is marked `sending` and committed before the network call; a run that
//! finds it still `sending` is a retry after a crash inside the call window, and the
//! network may already have it. On WhatsApp every send carries our message id as its
//! callback data, which Meta echoes in the message's statuses: the status webhook then
//! records the wamid on the message (`channel_events`), so such a run first waits
//! `--resend-grace-seconds` from when the send began, without spending an attempt, and
//! finds it sent. Only when no status came (and on networks with no such echo: Telegram)
//! does it send again, once, flagging the message. Before any of that, the send waits for
//! its slot in the channel's pace (`jobs::pacing`).

use charla_db::repo::jobs::JobRow;
use charla_db::repo::{channels, conversations, messages};
use charla_domain::messages::DeliveryStatus;

use charla_channels::{SendError, Throttle};
use jiff::SignedDuration;
use uuid::Uuid;

use super::JobError;
use crate::channels::Network;
use crate::channels::Sent;
use crate::jobs::pacing::Sender;
use crate::jobs::runner::backoff;
use crate::services::conversations::outbox::{Report, SendJob, record_status};
use crate::state::AppState;

/// Whose pace a message's send counts against: its recipient (WhatsApp's pair limit, the
/// Telegram chat), then its channel; nobody's on channels that are not paced.
fn senders(network: &dyn Network, channel: &channels::ChannelRow, message: &messages::MessageRow) -> Vec<Sender> {
    match network.pace() {
        Some(network) => {
            vec![Sender::Pair(network, channel.id, message.contact_id), Sender::Channel(network, channel.id)]
        }
        None => Vec::new(),
    }
}

/// Until when a send found still `sending` waits for the network's status before it goes
/// again: the grace after the send began, on networks that echo our callback data in
/// their statuses (WhatsApp); None elsewhere (sent again at once).
fn grace_until(
    state: &AppState,
    network: &dyn Network,
    message: &messages::MessageRow,
) -> Option<charla_domain::time::Ts> {
    let grace = SignedDuration::from_secs(i64::from(state.settings.resend_grace_seconds));
    network.resend_grace().then(|| message.updated_at.0.plus(grace))
}

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: SendJob = serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    let org = job.organization_id;
    let Some((message, channel)) = ready_to_send(state, org, payload.message_id).await? else {
        return Ok(());
    };
    let outcome = match crate::channels::of(&channel.kind) {
        Some(network) => network.send(state, org, &channel, &message).await,
        None => Err(SendError::Permanent {
            code: "unsupported".to_owned(),
            title: format!("{} cannot send yet", channel.kind),
        }),
    };
    match outcome {
        Ok(sent) => record_sent(state, org, message.id, sent).await,
        Err(err) => settle_failure(state, org, &channel, message.id, job.attempts, err).await,
    }
}

/// The message and its channel once it may go now: still to send, past the grace of a
/// send caught in the call, and at its turn in the pace; then marked `sending` (committed
/// before the network call). None when there is nothing to send.
async fn ready_to_send(
    state: &AppState,
    org: Uuid,
    message_id: Uuid,
) -> Result<Option<(messages::MessageRow, channels::ChannelRow)>, JobError> {
    let Some(message) = messages::get(&state.db, org, message_id).await? else {
        return Ok(None);
    };
    let status = message.status.as_deref().and_then(DeliveryStatus::parse).unwrap_or(DeliveryStatus::Pending);
    let resent = match status {
        DeliveryStatus::Pending => false,
        DeliveryStatus::Sending => true,
        DeliveryStatus::Sent | DeliveryStatus::Delivered | DeliveryStatus::Read | DeliveryStatus::Failed => {
            return Ok(None);
        }
    };
    let channel = channels::get(&state.db, org, message.channel_id)
        .await?
        .ok_or_else(|| JobError::Permanent(anyhow::anyhow!("channel {} is gone", message.channel_id)))?;
    let network = crate::channels::of(&channel.kind);
    let now = state.clock.now();
    // Caught in the call window: the network's status may still name it (and then it is
    // sent, and done); it is sent again only once the grace is over.
    if resent
        && let Some(network) = network
        && let Some(until) = grace_until(state, network, &message).filter(|until| *until > now)
    {
        return Err(JobError::Defer {
            until,
            reason: "waiting for the status of a send caught in the call".to_owned(),
        });
    }
    // Not this send's turn yet (the number's rate, the recipient's pair limit): it waits
    // for its slot, still pending, without spending an attempt.
    let senders = network.map(|network| senders(network, &channel, &message)).unwrap_or_default();
    let units = network.map_or(1, |network| network.pace_units(&message));
    if let Some(until) = state.pacer.turn_of(&state.db, org, (message.id, units), &senders, now).await? {
        return Err(JobError::Defer { until, reason: "waiting for its turn to send".to_owned() });
    }
    let mut tx = state.db.begin().await?;
    let sending = status_change(DeliveryStatus::Sending, None, resent || message.resent, now);
    messages::set_status(&mut tx, org, message.id, &sending).await?;
    tx.commit().await?;
    Ok(Some((message, channel)))
}

/// A status change with no network error and no timestamps of delivery.
fn status_change<'a>(
    status: DeliveryStatus,
    network_id: Option<&'a str>,
    resent: bool,
    now: charla_domain::time::Ts,
) -> messages::StatusChange<'a> {
    messages::StatusChange {
        status: status.code(),
        network_id,
        error_code: None,
        error_title: None,
        resent,
        sent_at: None,
        delivered_at: None,
        read_at: None,
        now,
    }
}

/// What the network accepted: its part recorded in the message, then either the message
/// done with the network's id and status, or (a first part only) pending for the rest.
async fn record_sent(state: &AppState, org: Uuid, message_id: Uuid, sent: Sent) -> Result<(), JobError> {
    let Sent { network_id, status, part, more } = sent;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(message) = messages::get_for_update(&mut tx, org, message_id).await? else {
        return Ok(());
    };
    if let Some((key, value)) = part {
        let mut content = message.payload.0.clone();
        if let Some(obj) = content.as_object_mut() {
            obj.insert(key.to_owned(), value);
        }
        messages::set_content(&mut tx, org, message.id, &content, message.file_id, now).await?;
    }
    if more {
        // The first part is recorded with its id and the message is `pending` again in one
        // commit: from here a crash or a retry sends only the rest.
        let pending = status_change(DeliveryStatus::Pending, network_id.as_deref(), message.resent, now);
        messages::set_status(&mut tx, org, message.id, &pending).await?;
        tx.commit().await?;
        return Err(JobError::Defer { until: now, reason: "its first part went out; the rest goes next".to_owned() });
    }
    let conversation = conversations::get(&mut tx, org, message.conversation_id)
        .await?
        .ok_or_else(|| JobError::Permanent(anyhow::anyhow!("conversation is gone")))?;
    let report = Report { status, network_id: network_id.as_deref(), error: None };
    record_status(state, &mut tx, org, (&message, &conversation), report, now).await?;
    tx.commit().await?;
    state.hub.wake();
    Ok(())
}

/// A network's rate limit on one send, and how often the send was tried.
struct RateLimit {
    retry_after_secs: Option<u64>,
    scope: Throttle,
    attempts: i64,
}

/// Holds the sender or the recipient the network named until the limit lapses (so the
/// sends queued behind this one wait too), and says how this send waits: exactly as long
/// as the network said, without spending an attempt, or a retry with back-off.
async fn hold_for_rate_limit(
    state: &AppState,
    tx: &mut charla_db::Tx,
    org: Uuid,
    channel: &channels::ChannelRow,
    message: &messages::MessageRow,
    limit: RateLimit,
) -> Result<JobError, JobError> {
    let now = state.clock.now();
    // Only paced networks answer with a rate limit.
    let held = crate::channels::of(&channel.kind).and_then(|n| n.pace()).map(|network| match limit.scope {
        Throttle::Sender => Sender::Channel(network, channel.id),
        Throttle::Recipient => Sender::Pair(network, channel.id, message.contact_id),
    });
    let (until, outcome) = match limit.retry_after_secs {
        Some(secs) => {
            let until = now.plus(SignedDuration::from_secs(i64::try_from(secs).unwrap_or(i64::MAX)));
            (until, JobError::Defer { until, reason: format!("rate limited by the network for {secs} s") })
        }
        None => (now.plus(backoff(limit.attempts)), JobError::Retry(anyhow::anyhow!("rate limited by the network"))),
    };
    if let Some(held) = held {
        state.pacer.hold(tx, org, &held, until, now).await?;
    }
    Ok(outcome)
}

/// A send that did not go out: retried later (back to `pending`, so the next run is not
/// mistaken for a crash), paused with the channel unlinked, or failed for good with the
/// network's code and title. A rate limit holds the sender or the recipient it names, so
/// the sends queued behind this one wait too.
async fn settle_failure(
    state: &AppState,
    org: Uuid,
    channel: &channels::ChannelRow,
    message_id: Uuid,
    attempts: i64,
    err: SendError,
) -> Result<(), JobError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(message) = messages::get(&mut tx, org, message_id).await? else {
        return Ok(());
    };
    let outcome = match err {
        SendError::Permanent { code, title } => {
            let conversation = conversations::get(&mut tx, org, message.conversation_id)
                .await?
                .ok_or_else(|| JobError::Permanent(anyhow::anyhow!("conversation is gone")))?;
            let report = Report { status: DeliveryStatus::Failed, network_id: None, error: Some((&code, &title)) };
            record_status(state, &mut tx, org, (&message, &conversation), report, now).await?;
            Ok(())
        }
        SendError::Unlinked { code, title } => {
            crate::services::channels::mark_unlinked(state, &mut tx, org, channel, &code, &title).await?;
            back_to_pending(&mut tx, org, &message, now).await?;
            Err(JobError::Retry(anyhow::anyhow!("channel unlinked ({code}): {title}")))
        }
        SendError::RateLimited { retry_after_secs, scope } => {
            back_to_pending(&mut tx, org, &message, now).await?;
            let limit = RateLimit { retry_after_secs, scope, attempts };
            Err(hold_for_rate_limit(state, &mut tx, org, channel, &message, limit).await?)
        }
        SendError::Retryable(reason) => {
            back_to_pending(&mut tx, org, &message, now).await?;
            Err(JobError::Retry(anyhow::anyhow!(reason)))
        }
    };
    tx.commit().await?;
    state.hub.wake();
    outcome
}

async fn back_to_pending(
    tx: &mut charla_db::Tx,
    org: Uuid,
    message: &messages::MessageRow,
    now: charla_domain::time::Ts,
) -> Result<(), JobError> {
    messages::set_status(
        tx,
        org,
        message.id,
        &messages::StatusChange {
            status: DeliveryStatus::Pending.code(),
            network_id: None,
            error_code: None,
            error_title: None,
            resent: message.resent,
            sent_at: None,
            delivered_at: None,
            read_at: None,
            now,
        },
    )
    .await
    .map_err(JobError::from)
}
