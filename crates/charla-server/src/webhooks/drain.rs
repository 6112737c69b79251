//! The intake drain: applies the events webhooks stored (`inbound_events`) through the one
//! intake every channel shares. `LANES` workers run on each node; one sender's events
//! always share a lane, which applies them oldest first, so a contact's messages keep their
//! order while different contacts' go side by side. Applying is idempotent, so an event
//! whose node died mid-way is simply applied again when its lease lapses. An event that
//! keeps failing is retried with back-off, then kept as failed with its error, never dropped.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::time::Duration;

use charla_channels::events::InboundEvent;
use charla_db::Backend;
use charla_db::repo::channels::{self, ChannelRow};
use charla_db::repo::inbound_events::{self, InboundEventRow};
use jiff::SignedDuration;
use tokio::sync::Semaphore;
use uuid::Uuid;

use crate::error::AppResult;
use crate::jobs::runner::backoff;
use crate::services::channel_events;
use crate::state::AppState;

/// Ordered lanes, each with its own worker on every node (each holds at most one of the
/// pool's connections at a time, leaving the rest to requests).
pub const LANES: u8 = 8;
/// Events a lane claims at once; applied one by one.
const BATCH: i64 = 32;
/// How long a claimed batch is ours; past it, another node applies it (we died).
const LEASE: SignedDuration = SignedDuration::from_secs(30);
const IDLE_POLL: Duration = Duration::from_millis(500);
const MAX_ATTEMPTS: i64 = 10;

/// How many lanes may apply at once. SQLite takes one writer at a time: with one lane in the
/// writers' queue, a webhook's acknowledgement waits behind at most one applied event, not
/// one per lane. PostgreSQL applies in parallel.
pub fn appliers(backend: Backend) -> Semaphore {
    match backend {
        Backend::Sqlite => Semaphore::new(1),
        Backend::Postgres => Semaphore::new(usize::from(LANES)),
    }
}

/// One lane, while `running()`: woken by each webhook that stored events for it, else
/// polling. It stops only between batches, so nothing it claimed waits for its lease.
pub async fn run_lane(state: AppState, lane: u8, running: impl Fn() -> bool) {
    let Some(wake) = state.intake_wake.get(usize::from(lane)) else { return };
    while running() {
        match drain_due(&state, Some(lane)).await {
            Ok(0) => {
                let _ = tokio::time::timeout(IDLE_POLL, wake.notified()).await;
            }
            Ok(_) => {}
            Err(err) => {
                tracing::warn!(error = ?err, lane, "intake drain could not claim events");
                tokio::time::sleep(IDLE_POLL).await;
            }
        }
    }
}

/// Applies stored events of every lane until none is due (tests and benches drain with it).
pub async fn drain_pending(state: &AppState) -> anyhow::Result<usize> {
    let mut total = 0;
    loop {
        let applied = drain_due(state, None).await?;
        if applied == 0 {
            return Ok(total);
        }
        total += applied;
    }
}

/// Claims one batch of due events (of `lane`, or of any) and applies each in order;
/// returns how many were claimed.
pub async fn drain_due(state: &AppState, lane: Option<u8>) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let claimed = inbound_events::claim(&state.db, lane.map(i64::from), now, now.plus(LEASE), BATCH).await?;
    let mut channels = HashMap::new();
    let mut applied = Vec::with_capacity(claimed.len());
    for row in &claimed {
        let turn = state.intake_appliers.acquire().await?;
        let outcome = apply(state, row, &mut channels).await;
        drop(turn);
        let network =
            channels.get(&row.channel_id).and_then(|c: &Option<ChannelRow>| c.as_ref().map(|c| c.kind.clone()));
        let label = if outcome.is_ok() { "applied" } else { "failed" };
        metrics::counter!("charla_inbound_events_total", "network" => network.unwrap_or_default(), "outcome" => label)
            .increment(1);
        match outcome {
            Ok(()) => applied.push((row.organization_id, row.id)),
            Err(err) => {
                let message = crate::outbound_http::scrub(&format!("{err:#}"));
                // A refusal by rule would refuse again: only races and surprises come back.
                let retry_at = (err.is_transient() && row.attempts < MAX_ATTEMPTS)
                    .then(|| state.clock.now().plus(backoff(row.attempts)));
                tracing::warn!(id = %row.id, attempts = row.attempts, error = %message, "inbound event not applied");
                let kept =
                    inbound_events::not_applied(&state.db, row.organization_id, row.id, &message, retry_at).await;
                if let Err(err) = kept {
                    // It comes back when the lease lapses; the rest of the batch goes on.
                    tracing::warn!(id = %row.id, error = ?err, "inbound event's failure not recorded");
                }
            }
        }
    }
    // Removed together: a crash (or an error) before this applies them again after the
    // lease, which changes nothing.
    inbound_events::applied(&state.db, &applied).await?;
    Ok(claimed.len())
}

async fn apply(
    state: &AppState,
    row: &InboundEventRow,
    channels: &mut HashMap<Uuid, Option<ChannelRow>>,
) -> AppResult<()> {
    let event: InboundEvent = serde_json::from_value(row.event.0.clone()).map_err(anyhow::Error::from)?;
    if let Entry::Vacant(slot) = channels.entry(row.channel_id) {
        slot.insert(channels::get(&state.db, row.organization_id, row.channel_id).await?);
    }
    let Some(Some(channel)) = channels.get(&row.channel_id) else {
        tracing::info!(channel = %row.channel_id, "inbound event for a channel that no longer exists: dropped");
        return Ok(());
    };
    channel_events::apply(state, row.organization_id, channel, &event).await
}
