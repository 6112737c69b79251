//! Sending a broadcast (OUT-2), one batch per run of its `broadcast.send` job: a scheduled
//! broadcast starts at its time; each recipient waits for its turn in the number's pace
//! (`jobs::pacing`) and for room in the number's messaging-limit tier, then goes out as
//! its template with its variables, carrying the broadcast and row as callback data. The
//! run answers when the next batch goes (the batch interval, the pace, the tier) or that
//! the broadcast stopped (paused, cancelled, done).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use charla_channels::SendError;
use charla_db::repo::broadcast_sends::{self as sends, Failure};
use charla_db::repo::broadcasts::{self as repo, BroadcastRow, RecipientRow};
use charla_db::repo::channels::{self, ChannelRow};
use charla_domain::broadcasts::lifecycle::{Action, BroadcastStatus, next};
use charla_domain::broadcasts::sending::{batch, callback_data, room_in_tier, tier_limit};
use charla_domain::time::Ts;
use jiff::SignedDuration;
use uuid::Uuid;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::jobs::pacing::Sender;
use crate::state::AppState;

/// What a run leaves for the next one.
#[derive(Debug)]
pub enum Step {
    /// Nothing more to do: paused, cancelled, done, or gone.
    Stopped,
    /// Run again at `at`; `reason` is shown with the job.
    Next { at: Ts, reason: String },
}

const DAY: SignedDuration = SignedDuration::from_hours(24);
/// How long a send the network could not take now waits before it is tried again.
const RETRY_AFTER: SignedDuration = SignedDuration::from_secs(30);
/// The reason a broadcast shows while its numbers' tier is full.
pub const TIER_REACHED: &str = "tier_limit";

pub async fn run(state: &AppState, org: Uuid, id: Uuid) -> AppResult<Step> {
    let Some(broadcast) = repo::get(&state.db, org, id).await? else { return Ok(Step::Stopped) };
    let now = state.clock.now();
    match BroadcastStatus::parse(&broadcast.status) {
        Some(BroadcastStatus::Sending) => {}
        Some(BroadcastStatus::Scheduled) => {
            let start_at = broadcast.start_at.map(Ts::from);
            if next(BroadcastStatus::Scheduled, Action::Due, start_at, now).is_none() {
                let at = start_at.unwrap_or(now);
                return Ok(Step::Next { at, reason: "scheduled".to_owned() });
            }
            move_status(state, org, id, (BroadcastStatus::Scheduled, BroadcastStatus::Sending)).await?;
        }
        _ => return Ok(Step::Stopped),
    }
    send_batch(state, org, &broadcast, now).await
}

async fn move_status(
    state: &AppState,
    org: Uuid,
    id: Uuid,
    (from, to): (BroadcastStatus, BroadcastStatus),
) -> AppResult<bool> {
    let mut tx = state.db.begin().await?;
    let moved = sends::set_status(&mut tx, org, id, from.as_str(), to.as_str(), None, state.clock.now()).await?;
    tx.commit().await?;
    state.hub.wake();
    Ok(moved)
}

/// Sends up to one batch; answers when the next one goes, or that the broadcast is done.
async fn send_batch(state: &AppState, org: Uuid, b: &BroadcastRow, now: Ts) -> AppResult<Step> {
    let waiting =
        repo::recipients(&state.db, org, b.id, Some("in_outbox"), None, batch(b.batch_size, i64::MAX)).await?;
    if waiting.is_empty() {
        move_status(state, org, b.id, (BroadcastStatus::Sending, BroadcastStatus::Done)).await?;
        return Ok(Step::Stopped);
    }
    let mut numbers: HashMap<Uuid, Option<ChannelRow>> = HashMap::new();
    for recipient in waiting.iter().take(usize::try_from(batch(b.batch_size, i64::MAX)).unwrap_or(usize::MAX)) {
        // A pause or a cancel between two sends stops the batch there.
        if repo::get(&state.db, org, b.id).await?.is_none_or(|now| now.status != BroadcastStatus::Sending.as_str()) {
            return Ok(Step::Stopped);
        }
        if let Entry::Vacant(slot) = numbers.entry(recipient.channel_id) {
            slot.insert(channels::get(&state.db, org, recipient.channel_id).await?);
        }
        let channel = numbers.get(&recipient.channel_id).and_then(Option::as_ref).filter(|c| c.archived_at.is_none());
        if let Some(wait) = send_one(state, org, b, recipient, channel).await? {
            return Ok(wait);
        }
    }
    state.hub.wake();
    let at = match b.batch_interval_seconds {
        Some(secs) if b.batch_size.is_some() => now.plus(SignedDuration::from_secs(secs)),
        _ => state.clock.now(),
    };
    Ok(Step::Next { at, reason: "next batch".to_owned() })
}

/// One recipient: its failure recorded, or it sent; `Some` when it must wait (and the rest
/// of the batch with it).
async fn send_one(
    state: &AppState,
    org: Uuid,
    b: &BroadcastRow,
    r: &RecipientRow,
    channel: Option<&ChannelRow>,
) -> AppResult<Option<Step>> {
    let Some(channel) = channel else {
        fail(state, org, b.id, r, &internal_failure("the sending number is gone")).await?;
        return Ok(None);
    };
    if r.marketing && !repo::opted_out(&state.db, org, std::slice::from_ref(&r.recipient)).await?.is_empty() {
        fail(
            state,
            org,
            b.id,
            r,
            &Failure { status: "departure_failed", comment: Some("opted_out"), error_code: None, error_title: None },
        )
        .await?;
        return Ok(None);
    }
    if let Some(wait) = wait_for_tier(state, org, b.id, channel).await? {
        return Ok(Some(wait));
    }
    let now = state.clock.now();
    let network = crate::channels::of(&channel.kind).and_then(|n| n.pace());
    let senders: Vec<Sender> = network.map(|n| vec![Sender::Channel(n, channel.id)]).unwrap_or_default();
    if let Some(until) = state.pacer.turn(&state.db, org, pace_key(b.id, r.row_number), &senders, now).await? {
        return Ok(Some(Step::Next { at: until, reason: "waiting for its turn to send".to_owned() }));
    }
    let params: Vec<(Option<String>, String)> = serde_json::from_str(&r.parameters).map_err(anyhow::Error::from)?;
    let outcome = crate::channels::whatsapp::outbound::send_template(
        state,
        channel,
        &r.recipient,
        (&r.template_name, &r.language),
        &params,
        &callback_data(b.id, r.row_number),
    )
    .await;
    settle(state, org, b.id, r, outcome).await
}

/// The pacer reserves slots by message id; a recipient's is derived from its broadcast
/// and row, the same on every run, so a deferred recipient keeps its slot.
fn pace_key(broadcast: Uuid, row: i64) -> Uuid {
    let (high, low) = broadcast.as_u64_pair();
    Uuid::from_u64_pair(high, low ^ u64::from_ne_bytes(row.to_ne_bytes()))
}

fn internal_failure(title: &str) -> Failure<'_> {
    Failure { status: "departure_failed", comment: Some("internal"), error_code: None, error_title: Some(title) }
}

async fn fail(state: &AppState, org: Uuid, id: Uuid, r: &RecipientRow, failure: &Failure<'_>) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    sends::mark_failed(&mut tx, org, id, r.row_number, failure, state.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// The network's answer recorded: departed with its id, failed with its code and title, or
/// a wait (a rate limit, an unlinked number, a network hiccup) before trying again.
async fn settle(
    state: &AppState,
    org: Uuid,
    id: Uuid,
    r: &RecipientRow,
    outcome: Result<String, SendError>,
) -> AppResult<Option<Step>> {
    let now = state.clock.now();
    let wait = |secs: Option<u64>, reason: String| {
        let after = secs.and_then(|s| i64::try_from(s).ok()).map_or(RETRY_AFTER, SignedDuration::from_secs);
        Ok(Some(Step::Next { at: now.plus(after), reason }))
    };
    match outcome {
        Ok(network_id) => {
            let mut tx = state.db.begin().await?;
            sends::mark_departed(&mut tx, org, id, r.row_number, &network_id, now).await?;
            tx.commit().await?;
            Ok(None)
        }
        Err(SendError::Permanent { code, title }) => {
            let failure =
                Failure { status: "send_failed", comment: None, error_code: Some(&code), error_title: Some(&title) };
            fail(state, org, id, r, &failure).await?;
            Ok(None)
        }
        Err(SendError::RateLimited { retry_after_secs, .. }) => {
            wait(retry_after_secs, "rate limited by the network".into())
        }
        Err(SendError::Unlinked { code, .. }) => wait(None, format!("the number needs to be linked again ({code})")),
        Err(SendError::Retryable(reason)) => wait(None, reason),
    }
}

/// `Some` wait when the number reached its tier's unique recipients in the last 24 hours:
/// the broadcast shows why, and runs again when the oldest of them leaves the window.
async fn wait_for_tier(state: &AppState, org: Uuid, id: Uuid, channel: &ChannelRow) -> AppResult<Option<Step>> {
    let now = state.clock.now();
    let since = now.minus(DAY);
    let tier = channel.health.as_ref().and_then(|h| h.0.get("messaging_limit_tier")).and_then(|v| v.as_str());
    let reached = sends::reached_since(&state.db, org, channel.id, since).await?;
    let mut tx = state.db.begin().await?;
    if room_in_tier(tier_limit(tier), reached) > 0 {
        let b = repo::get(&mut tx, org, id).await?.ok_or(AppError::from(ErrorCode::NotFound))?;
        if b.wait_reason.is_some() {
            sends::set_wait_reason(&mut tx, org, id, None, now).await?;
            tx.commit().await?;
        }
        return Ok(None);
    }
    sends::set_wait_reason(&mut tx, org, id, Some(TIER_REACHED), now).await?;
    tx.commit().await?;
    let oldest = sends::oldest_departure_since(&state.db, org, channel.id, since).await?.map(Ts::from);
    let at = oldest.unwrap_or(now).plus(DAY);
    Ok(Some(Step::Next { at, reason: "the number's messaging-limit tier is reached".to_owned() }))
}
